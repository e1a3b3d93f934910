import type { PpeApi } from '../../main/ipc/contract';

/**
 * How the renderer reaches main. Electron's preload is always connected; the WebSocket bridge can drop and
 * reconnect, so every transport reports its connection state and the UI can say «нет связи с приложением».
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Reconnect attempts since the link was last up; 0 while connected. */
  attempt: number;
  /** When the next reconnect attempt starts (epoch ms), if one is scheduled. */
  retryAt: number | null;
  /** Bumped on every successful (re)connect, so screens know to re-read their data. */
  epoch: number;
}

export interface Transport extends PpeApi {
  readonly kind: 'electron' | 'bridge';
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Skips the backoff wait and tries to reconnect at once (a person pressed «Подключиться сейчас»). */
  reconnectNow(): void;
}

/** Thrown by a transport when a request could not be delivered or its answer was lost with the connection. */
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}
