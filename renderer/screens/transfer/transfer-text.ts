import type { I18n } from '../../i18n/i18n-types';

// The transfer screen's words without React: kinds, receivers and gaps as a person reads them.

/** A message's kind in words (main/transfer/transfer-kinds.ts); a kind from a newer station is «Сообщение». */
export function kindWords(i18n: I18n, kind: string | null): string {
  return (kind ? i18n.maybe(`transfer.kind.${kind}`) : null) ?? i18n.t('transfer.kind.other');
}

/** 'station:0412101', 'room:0101', 'hq' as words. */
export function receiverWords(i18n: I18n, receiver: string): string {
  const [type, id = ''] = receiver.split(':');
  if (type === 'station') return i18n.t('details.transferReceiver.station', { number: id });
  if (type === 'room') return i18n.t('details.transferReceiver.room', { code: id });
  return i18n.t('details.transferReceiver.hq');
}

/** How many missing numbers are named one by one before «и ещё N». */
const SEQS_NAMED = 10;

/** «От станции 100001 (аудитория 0101) не хватает сообщений № 2, 5.» */
export function gapWords(i18n: I18n, gap: { sender: string; receiver: string; count: number; seqs: number[] }): string {
  const named = gap.seqs.slice(0, SEQS_NAMED);
  const more = gap.count - named.length;
  const params = { sender: gap.sender, receiver: receiverWords(i18n, gap.receiver), seqs: named.join(', ') };
  return more > 0 ? i18n.t('transfer.gaps.lineMore', { ...params, more }) : i18n.t('transfer.gaps.line', params);
}
