import type { InvokeChannel, RequestOf } from '../../../main/ipc/contract';

/** Whose answers: 'unknown' before the session is read, 'signedOut', or the signed-in person. */
export type Scope = 'unknown' | 'signedOut' | `staff:${number}`;

/** A query's key: whose data, the channel and the request; the same read from two screens shares one answer. */
export function channelKey<C extends InvokeChannel>(scope: Scope, channel: C, request: RequestOf<C>, ...extra: unknown[]) {
  return [scope, channel, request, ...extra] as const;
}
