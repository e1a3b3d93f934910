import { z } from 'zod';
import { event } from '../channel';

/**
 * The change event: which kinds of data changed, no data itself — a screen re-reads through channels that check
 * their own access, so the event may go to every window.
 */
export const CHANGE_TOPICS = ['roster', 'journal', 'bundles', 'staff', 'timeline', 'tokens', 'transfer', 'stations', 'printing', 'examKeys'] as const;
export const changeTopicSchema = z.enum(CHANGE_TOPICS);
export type ChangeTopic = z.infer<typeof changeTopicSchema>;

export const changesEvents = {
  'data/changed': event({ access: 'public', payload: z.object({ topics: z.array(changeTopicSchema) }) }),
} as const;
