import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../support/core-harness';

let h: Harness | undefined;
afterEach(() => h?.close());

describe('exam-day timeline', () => {
  it('shows today in the PPE zone with each room’s own end time where special conditions lengthen the exam', async () => {
    h = await openHarness({}, new Date('2026-06-01T02:10:00Z')); // 09:10 in Kemerovo
    await h.signInAs('s', 1);
    const t = await h.call('s', 'timeline/get', { date: null });
    expect(t.date).toBe('2026-06-01');
    expect(t.timeZone).toBe('Asia/Novokuznetsk');
    expect(t.exams.map((e) => e.subjectName)).toEqual(['Русский язык']);
    const at = (key: string) => t.items.find((i) => i.key === key)!;
    // Past in time, but nobody confirmed the handover: overdue, not done (issue 10, item 2).
    expect(at('materials_handover')).toMatchObject({
      atUtc: '2026-06-01T00:30:00.000Z',
      state: 'past',
      deadline: true,
      kind: 'confirm',
      progress: 'overdue',
    });
    expect(at('entrance_opens')).toMatchObject({ atUtc: '2026-06-01T02:00:00.000Z', state: 'current' });
    expect(at('key_release')).toMatchObject({ atUtc: '2026-06-01T02:30:00.000Z', state: 'next' });
    expect(at('exam_start')).toMatchObject({ atUtc: '2026-06-01T03:00:00.000Z', state: 'upcoming' });
    // Russian: 3 h 30 min from 10:00 → 13:30 local; the room for special conditions gets 1.5 h more → 15:00.
    expect(at('exam_end').atUtc).toBe('2026-06-01T06:30:00.000Z');
    expect(t.items.filter((i) => i.key === 'room_end')).toEqual([
      expect.objectContaining({ roomCode: '0103', atUtc: '2026-06-01T08:00:00.000Z' }),
    ]);
    expect(t.items.filter((i) => i.state === 'next')).toHaveLength(1);
    expect(t.rooms.map((r) => [r.code, r.participants, r.extended, r.endUtc])).toEqual([
      ['0101', 25, false, '2026-06-01T06:30:00.000Z'],
      ['0102', 25, false, '2026-06-01T06:30:00.000Z'],
      ['0103', 4, true, '2026-06-01T08:00:00.000Z'],
    ]);
  });

  it('on a day without an exam, shows what the next exam needs before it', async () => {
    h = await openHarness({}, new Date('2026-06-01T02:10:00Z'));
    await h.signInAs('s', 7);
    const t = await h.call('s', 'timeline/get', { date: '2026-06-02' });
    expect(t.exams).toEqual([]);
    expect(t.upcoming).toMatchObject({ date: '2026-06-03', subjectName: 'Обществознание' });
    const keys = t.upcomingItems.map((i) => i.key);
    expect(keys).toEqual(['package_available', 'tech_prep', 'readiness_control', 'exam_start']);
    const readiness = t.upcomingItems.find((i) => i.key === 'readiness_control')!;
    // Readiness control: from 2 working days before (Mon 1 June), done by 17:00 local the day before (Tue 2 June).
    expect(readiness).toMatchObject({ atUtc: '2026-05-31T17:00:00.000Z', untilUtc: '2026-06-02T10:00:00.000Z', state: 'current' });
  });
});
