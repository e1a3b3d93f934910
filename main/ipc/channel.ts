import type { z } from 'zod';
import type { Permission } from './slices/common';

/**
 * The two helpers every contract slice builds its entries with, and the merge that joins the slices into the one
 * contract (contract.ts).
 *
 * access: 'public' — anyone, even signed out; 'session' — a signed-in, unlocked person; 'locked' — a session
 * that exists but is locked (used to unlock); otherwise a permission the signed-in person's role must hold.
 */
export type Access = 'public' | 'session' | 'locked' | Permission;

export interface ChannelSpec<Req extends z.ZodType, Res extends z.ZodType> {
  access: Access;
  request: Req;
  response: Res;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(spec: ChannelSpec<Req, Res>) {
  return spec;
}

/**
 * Who may receive an event: 'public' — any window or connection of the app (the event carries no data a signed-out
 * screen may not see); a permission — only a signed-in, unlocked session holding it, checked at delivery by the
 * shells (AppCore.mayReceive). Payloads are checked against their schema before they leave main (EventBus).
 */
export type EventAccess = 'public' | Permission;

export interface EventSpec<P extends z.ZodType> {
  access: EventAccess;
  payload: P;
}

export function event<P extends z.ZodType>(spec: EventSpec<P>) {
  return spec;
}

/** A union of object types as one object type with all their keys (what spreading them together gives). */
type Merged<T extends readonly object[]> = T extends readonly [infer H, ...infer R extends readonly object[]]
  ? H & Merged<R>
  : unknown;

/**
 * Joins the capabilities' slices into one map. Two slices naming the same channel or event is a mistake a spread
 * would hide (the later one silently wins), so it throws when the contract module loads: at start-up and in every
 * test that touches the contract.
 */
export function mergeSlices<const T extends readonly object[]>(what: string, ...slices: T): Merged<T> {
  const merged: Record<string, unknown> = {};
  for (const slice of slices) {
    for (const [name, spec] of Object.entries(slice)) {
      if (Object.hasOwn(merged, name)) throw new Error(`${what}: '${name}' is declared by two contract slices`);
      merged[name] = spec;
    }
  }
  return merged as Merged<T>;
}
