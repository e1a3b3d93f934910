import { useEffect, useRef, useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, EmptyState } from '../../components/Feedback';
import { PageHead } from '../../components/PageHead';
import { useI18n } from '../../i18n/i18n';
import { useChannel } from '../../state/query/use-channel';
import { Counters } from './Counters';
import { KeyPanel } from './KeyPanel';
import { KitsTable } from './KitsTable';
import { ParticipantsPanel } from './ParticipantsPanel';
import { PrinterPanel } from './PrinterPanel';
import { QueuePanel } from './QueuePanel';
import './printing.css';

/** How often the overview is read while kits print: each page's progress is not an event main announces. */
const PROGRESS_MS = 1500;

/**
 * «Печать комплектов» at a room station (issue 12, item 6), in room mode: big type, high contrast, few words, for
 * an organiser at 10:00 with the room waiting. Top to bottom, the morning's order: the key (the GEK member activates
 * it), the printer, the queue once it runs, the totals, who came with «Печатать комплекты (N)», every kit.
 * Fresh on every act and refusal (topic 'printing'); read every 1.5 s while a kit prints, for its pages.
 */
export function PrintingScreen({ canManage }: { canManage: boolean }) {
  const i18n = useI18n();
  const [printing, setPrinting] = useState(false);
  const { data, error, reload } = useChannel('printing/overview', {}, { topics: ['printing', 'examKeys'], refreshMs: printing ? PROGRESS_MS : undefined });
  // The timer follows the last answer (set during render, React's way for state that follows what was read).
  const printingNow = data?.queue.state === 'printing';
  if (printingNow !== printing) setPrinting(printingNow);
  // After «Печатать комплекты» (at the foot of a long list) the queue's progress is what the organiser watches: it is
  // brought into view once it is drawn.
  const queueRef = useRef<HTMLDivElement>(null);
  const followQueue = useRef(false);
  useEffect(() => {
    if (!followQueue.current || !queueRef.current) return;
    followQueue.current = false;
    queueRef.current.scrollIntoView({ block: 'start' });
  });

  return (
    <div className="page printing" data-testid="printing-screen">
      <PageHead title={i18n.t('printing.title')} />
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {!data && !error && <Busy>{i18n.t('common.loading')}</Busy>}
      {data &&
        (data.room === null ? (
          <EmptyState>{i18n.t('printing.noRoom')}</EmptyState>
        ) : (
          <>
            {data.exam && (
              <p className="printing-big" data-testid="printing-room">
                {i18n.t('printing.room', { room: data.room.code, subject: data.exam.subjectName, start: data.exam.startLocal })}
              </p>
            )}
            {data.package === null && <EmptyState>{i18n.t('printing.noPackage')}</EmptyState>}
            {data.package?.problem && <ErrorMessage error={data.package.problem} />}
            <KeyPanel keyState={data.key} canManage={canManage} />
            <PrinterPanel overview={data} canManage={canManage} />
            {(data.kits.length > 0 || data.queue.state !== 'idle') && (
              <div ref={queueRef} className="printing-queue-anchor">
                <QueuePanel overview={data} canManage={canManage} />
              </div>
            )}
            <Counters counters={data.counters} />
            <ParticipantsPanel overview={data} canManage={canManage} onQueued={() => (followQueue.current = true)} />
            <KitsTable kits={data.kits} keyActive={data.key.state === 'active'} canManage={canManage} />
          </>
        ))}
    </div>
  );
}
