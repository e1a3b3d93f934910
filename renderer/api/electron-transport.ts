import type { PpeApi } from '../../main/ipc/contract';
import type { ConnectionStatus, Transport } from './transport';

const ALWAYS_OPEN: ConnectionStatus = { state: 'open', attempt: 0, retryAt: null, epoch: 1 };

/** window.ppe from the preload: in-process IPC never "drops", so the status is constant. */
export function createElectronTransport(ppe: PpeApi): Transport {
  return {
    kind: 'electron',
    invoke: (channel, request) => ppe.invoke(channel, request),
    on: (event, listener) => ppe.on(event, listener),
    status: () => ALWAYS_OPEN,
    onStatus: () => () => {},
    reconnectNow: () => {},
  };
}
