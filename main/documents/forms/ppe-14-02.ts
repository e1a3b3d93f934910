import { renderDocument } from '../document';
import { pageCount } from '../header-footer';
import { mm } from '../page';
import { examFields, FORM_BOX, formDate, sectionHeading, signatureLines, startForm, stampForm, table } from './form-frame';
import type { FormExam, FormPpe, KitCounts, SignatureLine } from './form-types';

/**
 * ППЭ-14-02 «Ведомость выдачи и возврата ЭМ по аудиториям ППЭ»: at HQ, one row per room — when the materials went to
 * the room's responsible organiser and when they came back, what the room printed, spoiled and took from the reserve
 * (from the print log the room returned), how many kits came back with answers, and a box for the organiser's
 * signature at each handover; a total row; the PPE head's and the GEK member's signatures.
 */
export const FORM_14_02 = { code: 'ППЭ-14-02', title: 'Ведомость выдачи и возврата ЭМ по аудиториям ППЭ' } as const;

export interface RoomIssueReturnRow {
  roomCode: string;
  /** The responsible organiser in the room, who takes and returns the materials. */
  organiser: string;
  /** `HH:MM` when known; else left blank to write by hand. */
  issuedAt?: string;
  returnedAt?: string;
  kits: KitCounts;
  /** Kits handed back with the participants' answers. */
  kitsReturned: number;
}

export interface IssueReturnInput {
  ppe: FormPpe;
  exam: FormExam;
  rows: RoomIssueReturnRow[];
  /** The PPE head and the GEK member. */
  signatures: SignatureLine[];
}

export function renderIssueReturnSheet(input: IssueReturnInput): Promise<Buffer> {
  const { ppe, exam, rows } = input;
  return renderDocument({ title: `${FORM_14_02.code} ${FORM_14_02.title}, ППЭ ${ppe.code}` }, (doc) => {
    const start = pageCount(doc);
    let y = startForm(doc, FORM_14_02.title, examFields(ppe, exam), ppe);
    y = sectionHeading(doc, 'Выдача и возврат экзаменационных материалов (ЭМ) по аудиториям', y);
    // Wide enough for each header's longest word: a table cell breaks a word that does not fit mid-word.
    const widths = [17, 32, 13, 17.5, 17, 16.5, 18, 15, 14.5];
    const fixed = widths.reduce((a, b) => a + mm(b), 0);
    const [room, organiser, issued, printed, spoiled, reserve, returned, returnedAt, signIssue] = widths.map((w) => mm(w));
    const total = (pick: (r: RoomIssueReturnRow) => number) => String(rows.reduce((sum, r) => sum + pick(r), 0));
    y = table(
      doc,
      y,
      [
        { title: 'Аудитория', width: room!, align: 'center' },
        { title: 'Ответственный организатор в аудитории', width: organiser! },
        { title: 'Время выдачи', width: issued!, align: 'center' },
        { title: 'Напечатано ИК', width: printed!, align: 'right' },
        { title: 'Испорчено ИК', width: spoiled!, align: 'right' },
        { title: 'Резервных ИК', width: reserve!, align: 'right' },
        { title: 'Возвращено ИК', width: returned!, align: 'right' },
        { title: 'Время возврата', width: returnedAt!, align: 'center' },
        { title: 'Подпись при выдаче', width: signIssue! },
        { title: 'Подпись при возврате', width: FORM_BOX.width - fixed },
      ],
      [
        ...rows.map((r) => [
          r.roomCode,
          r.organiser,
          r.issuedAt ?? '',
          String(r.kits.printed),
          String(r.kits.spoiled),
          String(r.kits.reserveUsed),
          String(r.kitsReturned),
          r.returnedAt ?? '',
          '',
          '',
        ]),
        [
          'Итого',
          `аудиторий: ${rows.length}`,
          '',
          total((r) => r.kits.printed),
          total((r) => r.kits.spoiled),
          total((r) => r.kits.reserveUsed),
          total((r) => r.kitsReturned),
          '',
          '',
          '',
        ],
      ],
      8,
    ) + mm(8);
    y = sectionHeading(doc, 'Подписи', y, mm(15));
    signatureLines(doc, y, input.signatures);
    stampForm(doc, start, FORM_14_02.code, `${FORM_14_02.code} · ППЭ ${ppe.code} · ${formDate(exam.date)}`);
  });
}
