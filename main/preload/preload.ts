import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PpeApi } from '../ipc/contract';
import { EVENT_IPC_CHANNEL, INVOKE_IPC_CHANNEL } from '../ipc/ipc-channels';

// The preload exposes exactly one object, window.ppe, typed by the contract. It forwards and nothing else: main
// validates every request, checks the sender and the caller's role.
const api: PpeApi = {
  invoke(channel, request) {
    return ipcRenderer.invoke(INVOKE_IPC_CHANNEL, channel, request);
  },
  on(event, listener) {
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as Parameters<typeof listener>[0]);
    };
    ipcRenderer.on(EVENT_IPC_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_IPC_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('ppe', api);
