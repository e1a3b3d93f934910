import type { EventChannel, EventOf } from '../ipc/contract';

export type EventTarget = { sessionKey: string } | 'all';
type Listener = (target: EventTarget, event: EventChannel, payload: unknown) => void;

/** Main's outgoing events. Transports subscribe and deliver to their windows or connections. */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventChannel>(target: EventTarget, event: E, payload: EventOf<E>): void {
    for (const l of this.listeners) l(target, event, payload);
  }
}
