import { z } from 'zod';
import { MAX_BUNDLE_CHARS } from './shared-rules';
import { appErrorSchema } from './errors';
import { mergeSlices } from './channel';
import { attentionChannels } from './slices/attention';
import { authChannels, authEvents } from './slices/auth';
import { bundlesChannels } from './slices/bundles';
import { changesEvents } from './slices/changes';
import { demoChannels } from './slices/demo';
import { setupChannels } from './slices/setup';
import { journalChannels } from './slices/journal';
import { packagesChannels, packagesEvents } from './slices/packages';
import { ppeChannels } from './slices/ppe';
import { rosterChannels } from './slices/roster';
import { syncChannels, syncEvents } from './slices/sync';
import { stationsChannels } from './slices/stations';
import { timelineChannels } from './slices/timeline';
import { transferChannels } from './slices/transfer';
import { tokensChannels } from './slices/tokens';
import { printingChannels } from './slices/printing';
import { examKeysChannels } from './slices/exam-keys';
import { formsChannels } from './slices/forms';

/**
 * The one contract between the renderer and main. Electron's IPC and the local bridge serve exactly this map;
 * main validates every request against it before any service sees it.
 *
 * Each capability declares its own channels, shapes and events in its slice (slices/<capability>.ts, built with
 * channel() and event() from channel.ts); this file only joins them, and refuses a name two slices both declare.
 */
export type { Access, EventAccess } from './channel';

export { MAX_BUNDLE_CHARS };

export const invokeChannels = mergeSlices(
  'invokeChannels',
  ppeChannels,
  demoChannels,
  setupChannels,
  authChannels,
  rosterChannels,
  timelineChannels,
  bundlesChannels,
  journalChannels,
  syncChannels,
  packagesChannels,
  attentionChannels,
  transferChannels,
  tokensChannels,
  stationsChannels,
  printingChannels,
  examKeysChannels,
  formsChannels,
);

/** Events main pushes to the renderer, each with its access rule (channel.ts, EventAccess). */
export const eventChannels = mergeSlices('eventChannels', authEvents, changesEvents, syncEvents, packagesEvents);

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['response']>;
export type EventOf<E extends EventChannel> = z.output<(typeof eventChannels)[E]['payload']>;

export const resultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);

/** What every invoke returns, over either transport: a value, or an error code the catalog can word. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof appErrorSchema> };

/** The object the preload exposes as window.ppe, and the bridge client imitates. */
export interface PpeApi {
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}


export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name);
}
