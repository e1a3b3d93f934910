/** Electron IPC channel names. Two only: every contract call and every event travels through them. */
export const INVOKE_IPC_CHANNEL = 'ppe:invoke';
export const EVENT_IPC_CHANNEL = 'ppe:event';
