import { eventChannels, type EventChannel, type EventOf } from '../ipc/contract';

export type EventTarget = { sessionKey: string } | 'all';
type Listener = (target: EventTarget, event: EventChannel, payload: unknown) => void;

/**
 * Main's outgoing events. Transports subscribe and deliver to their windows or connections, each asking the core
 * whether that session may receive the event (its access rule in the contract). A payload that does not match its
 * schema never leaves main: it is a bug here, reported, and the screens re-read on the next event.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly report: (message: string, detail?: unknown) => void = (m, d) => console.error(m, d)) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventChannel>(target: EventTarget, event: E, payload: EventOf<E>): void {
    const checked = eventChannels[event].payload.safeParse(payload);
    if (!checked.success) {
      this.report(`event ${event}: payload does not match the contract`, checked.error.issues[0]);
      return;
    }
    for (const l of this.listeners) l(target, event, checked.data);
  }
}
