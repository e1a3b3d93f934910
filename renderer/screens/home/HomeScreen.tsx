import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, EmptyState } from '../../components/Feedback';
import { useI18n } from '../../i18n/i18n';
import { useEffect, useState } from 'react';
import type { TimelineItem } from '../../../main/ipc/dto';
import { useZone } from '../../state/app-state';
import { useChannel } from '../../state/query/use-channel';
import { noteServerTime } from '../../time/server-clock';
import { ConfirmStepDialog } from './ConfirmStepDialog';
import { ExamCard } from './ExamCard';
import { NextUp } from './NextUp';
import { PackageWarnings } from './PackageWarnings';
import { TimelineList } from './TimelineList';
import { TodayRooms } from './TodayRooms';

/** The exam day at a glance: what is next, the day's schedule, today's exams and rooms. */
export function HomeScreen() {
  const i18n = useI18n();
  const zone = useZone();
  const timeline = useChannel('timeline/get', { date: null }, { refreshMs: 30_000, topics: ['roster', 'bundles', 'timeline', 'examKeys'] });
  const data = timeline.data;
  // The step whose confirmation is being asked (a signature-like act: confirmed in a dialog).
  const [confirming, setConfirming] = useState<TimelineItem | null>(null);
  // Every timeline answer says main's "now": the clock and countdowns follow main's, not this computer's.
  const nowUtc = data?.nowUtc;
  useEffect(() => {
    if (nowUtc) noteServerTime(nowUtc);
  }, [nowUtc]);

  return (
    <div className="page">
      <div className="page__head">
        <h1 id="page-title" className="page-title" tabIndex={-1}>
          {i18n.t('home.title')}
        </h1>
        {data && <p className="page__subtitle">{i18n.t('home.today', { date: zone.longDate(data.date) })}</p>}
      </div>
      <PackageWarnings />
      {timeline.error && <ErrorMessage error={timeline.error} onRetry={timeline.reload} />}
      {!data && timeline.loading && <Busy>{i18n.t('common.loading')}</Busy>}
      {data && data.exams.length > 0 && (
        <>
          <NextUp items={data.items} today={data.date} />
          <div className="home-grid">
            <section className="section" aria-labelledby="home-timeline-title">
              <h2 id="home-timeline-title" className="section__title">
                {i18n.t('home.timeline')}
              </h2>
              {data.items.length === 0 ? (
                <EmptyState>{i18n.t('home.timelineEmpty')}</EmptyState>
              ) : (
                <TimelineList
                  items={data.items}
                  today={data.date}
                  exams={data.exams}
                  labelledBy="home-timeline-title"
                  onConfirm={setConfirming}
                />
              )}
            </section>
            <div>
              <section className="section" aria-labelledby="home-exams-title">
                <h2 id="home-exams-title" className="section__title">
                  {i18n.t('home.todayExams')}
                </h2>
                {data.exams.map((exam) => (
                  <ExamCard key={exam.id} exam={exam} />
                ))}
              </section>
              <TodayRooms rooms={data.rooms} exams={data.exams} />
            </div>
          </div>
        </>
      )}
      {data && data.exams.length === 0 && (
        <>
          <p className="lead" data-testid="no-exam-today">
            {i18n.t('home.noExamToday')}
          </p>
          {data.upcoming ? (
            <>
              <NextUp items={data.upcomingItems} today={data.date} />
              <div className="home-grid">
                <section className="section" aria-labelledby="home-upcoming-items-title">
                  <h2 id="home-upcoming-items-title" className="section__title">
                    {i18n.t('home.upcomingTimeline')}
                  </h2>
                  {data.upcomingItems.length === 0 ? (
                    <EmptyState>{i18n.t('home.timelineEmpty')}</EmptyState>
                  ) : (
                    <TimelineList
                      items={data.upcomingItems}
                      today={data.date}
                      exams={[data.upcoming]}
                      labelledBy="home-upcoming-items-title"
                    />
                  )}
                </section>
                <section className="section" aria-labelledby="home-upcoming-title">
                  <h2 id="home-upcoming-title" className="section__title">
                    {i18n.t('home.upcoming', { date: zone.longDate(data.upcoming.date) })}
                  </h2>
                  <ExamCard exam={data.upcoming} showDate />
                </section>
              </div>
            </>
          ) : (
            <EmptyState>{i18n.t('home.noUpcoming')}</EmptyState>
          )}
        </>
      )}
      {confirming && <ConfirmStepDialog item={confirming} onClose={() => setConfirming(null)} />}
    </div>
  );
}
