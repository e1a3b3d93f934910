/**
 * What a form is drawn from: plain data, no database rows. The forms' callers (the room's print log and roster in the
 * room, the logs the rooms returned at HQ) assemble these; the forms only lay them out, so a form can be tested and
 * reprinted from the same data.
 */
export interface FormPpe {
  /** The PPE's code, as RCOI gives it (four digits). */
  code: string;
  name: string;
  regionCode: string;
  regionName: string;
}

export interface FormExam {
  /** The exam's date in the PPE's own time zone, `YYYY-MM-DD`. */
  date: string;
  subjectCode: number;
  subjectName: string;
}

/** A line to sign by hand: the role's caption, and the person's name printed beside it when known. */
export interface SignatureLine {
  role: string;
  name?: string;
}

/** How many kits a room printed, spoiled, reprinted in their place and took from the reserve. */
export interface KitCounts {
  printed: number;
  spoiled: number;
  replaced: number;
  reserveUsed: number;
}
