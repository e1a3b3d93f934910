import type { PpeApi } from '../../main/ipc/contract';
import { BridgeTransport } from './bridge-transport';
import { bridgeUrl, pageCredentials } from './bridge-token';
import { createElectronTransport } from './electron-transport';
import type { Transport } from './transport';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser shell. */
    ppe?: PpeApi;
  }
}

/** Electron when the preload is there, otherwise the WebSocket bridge of the page's own origin. */
export function chooseTransport(): Transport {
  if (window.ppe) return createElectronTransport(window.ppe);
  return new BridgeTransport(bridgeUrl(), pageCredentials());
}

export { ApiError, createApiClient, toApiError, type ApiClient, type ApiErrorCode } from './client';
export type { ConnectionStatus, Transport } from './transport';
