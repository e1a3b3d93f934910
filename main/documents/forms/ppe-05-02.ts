import { renderDocument } from '../document';
import { pageCount } from '../header-footer';
import { mm } from '../page';
import { countsTable, examFields, FORM_BOX, formDate, sectionHeading, signatureLines, startForm, stampForm, table } from './form-frame';
import type { FormExam, FormPpe, KitCounts, SignatureLine } from './form-types';

/**
 * ППЭ-05-02 «Протокол проведения ГИА в аудитории» (the name the research gives, `../shared/domain/research-ru.md` §9):
 * the room's record of who sat where with which kit. Each participant present is one row with the КИМ and
 * registration blank numbers from the room's print log, a box for their signature; then the room's kit counts and
 * the organisers' and the GEK member's signatures. 25 participants and more run onto further pages, header repeated.
 */
export const FORM_05_02 = { code: 'ППЭ-05-02', title: 'Протокол проведения ГИА в аудитории' } as const;

export interface RoomProtocolParticipant {
  /** Surname, name and patronymic as the roster has them. */
  fullName: string;
  /** The identity document's series and number. */
  document: string;
  /** The seat, e.g. "3А". */
  seat: string;
  kimNumber: string;
  registrationBlank: string;
}

export interface RoomProtocolInput {
  ppe: FormPpe;
  exam: FormExam;
  roomCode: string;
  /** The participants assigned to the room by the distribution (the present ones are the rows). */
  assigned: number;
  participants: RoomProtocolParticipant[];
  counts: KitCounts;
  /** Exam start and end, `HH:MM`, when known; else left blank to write by hand. */
  startedAt?: string;
  endedAt?: string;
  /** The organisers in the room and the GEK member, in the order they sign. */
  signatures: SignatureLine[];
}

export function renderRoomProtocol(input: RoomProtocolInput): Promise<Buffer> {
  const { ppe, exam, roomCode } = input;
  return renderDocument({ title: `${FORM_05_02.code} ${FORM_05_02.title}, ППЭ ${ppe.code}, аудитория ${roomCode}` }, (doc) => {
    const start = pageCount(doc);
    const fields = examFields(ppe, exam);
    fields.splice(2, 0, ['Аудитория', roomCode]);
    let y = startForm(doc, FORM_05_02.title, fields, ppe);

    const time = (t: string | undefined) => t ?? '____ : ____';
    y = table(
      doc,
      y,
      [
        { title: 'Начало экзамена', width: FORM_BOX.width / 2, align: 'center' },
        { title: 'Окончание экзамена', width: FORM_BOX.width / 2, align: 'center' },
      ],
      [[time(input.startedAt), time(input.endedAt)]],
      10,
    ) + mm(5);

    y = sectionHeading(doc, 'Участники экзамена в аудитории', y);
    const fixed = mm(11) + mm(45) + mm(26) + mm(12) + mm(19) + mm(28);
    y = table(
      doc,
      y,
      [
        { title: '№ п/п', width: mm(11), align: 'right' },
        { title: 'Фамилия, имя, отчество', width: mm(45) },
        { title: 'Документ (серия, номер)', width: mm(26) },
        { title: 'Место', width: mm(12), align: 'center' },
        { title: 'Номер КИМ', width: mm(19), align: 'center' },
        { title: 'Номер бланка регистрации', width: mm(28), align: 'center' },
        { title: 'Подпись участника', width: FORM_BOX.width - fixed },
      ],
      input.participants.map((p, i) => [String(i + 1), p.fullName, p.document, p.seat, p.kimNumber, p.registrationBlank, '']),
    ) + mm(5);

    y = sectionHeading(doc, 'Участники и индивидуальные комплекты (ИК)', y, mm(40));
    const c = input.counts;
    y = countsTable(doc, y, [
      ['Участников по списку в аудитории', input.assigned],
      ['Участников присутствовало', input.participants.length],
      ['Участников не явилось', Math.max(0, input.assigned - input.participants.length)],
      ['ИК напечатано', c.printed],
      ['ИК испорчено (забраковано)', c.spoiled],
      ['ИК напечатано взамен испорченных', c.replaced],
      ['ИК из резерва использовано', c.reserveUsed],
    ]) + mm(8);

    y = sectionHeading(doc, 'Подписи', y, mm(15));
    signatureLines(doc, y, input.signatures);
    stampForm(doc, start, FORM_05_02.code, `${FORM_05_02.code} · ППЭ ${ppe.code} · аудитория ${roomCode} · ${formDate(exam.date)}`);
  });
}
