import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../main/ipc/dto';
import { hasMessage, message, pluralize } from '../../renderer/i18n/catalog';
import type { I18n } from '../../renderer/i18n/i18n-types';
import { entryDetails } from '../../renderer/screens/journal/journal-text';
import { createZoneFormat } from '../../renderer/time/zone';

// The transfer drive's journal lines in Russian: the kind by its words, the receiver and the sender by number,
// a gap said as a count, a refusal as its message (never a code or a file's machine fields).

const i18n: I18n = {
  locale: 'ru',
  intlLocale: 'ru-RU',
  setLocale: () => {},
  t: (key, ...params) => message('ru', key, params[0] as never),
  plural: (key, count) => pluralize('ru', key, count),
  maybe: (key, params) => (hasMessage(key) ? message('ru', key, params) : null),
};
const zone = createZoneFormat('Asia/Novokuznetsk', 'ru-RU');
const entry = (action: string, payload: Record<string, unknown>): JournalEntry => ({
  seq: 1,
  at: '2026-06-01T01:00:00.000Z',
  actorName: 'система',
  actorRoleCode: null,
  station: '0412001',
  action,
  payload,
  hash: 'h',
});

describe('transfer journal lines', () => {
  it('say what was written, taken and refused, in words', () => {
    expect(entryDetails(i18n, zone, entry('transfer.sent', { receiver: 'room:0101', kind: 'room.data', seq: 3 }))).toBe(
      'Данные аудитории, № 3, кому: аудитория 0101',
    );
    expect(entryDetails(i18n, zone, entry('transfer.received', { sender: '0412101', kind: 'room.journal_extract', seq: 4, late: false, missing: 1 }))).toBe(
      'Журнал аудитории от станции 0412101, № 4; не хватает сообщений: 1',
    );
    expect(entryDetails(i18n, zone, entry('transfer.received', { sender: '0412001', kind: 'room.key', seq: 2, late: true, missing: 0 }))).toBe(
      'Сообщение от станции 0412001, № 2 (принято позже следующих по номеру)',
    );
    const refused = entryDetails(
      i18n,
      zone,
      entry('transfer.refused', { error: { code: 'TRANSFER_OTHER_PPE', params: { file: 'hq/a.ppex', filePpe: '9999', ppe: '0412', fileRegion: '42' } } }),
    );
    expect(refused).toBe('Файл hq/a.ppex предназначен для ППЭ 9999, а это ППЭ 0412. Он не принят. Проверьте, та ли флешка.');
  });
});
