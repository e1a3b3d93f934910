import type { AppCore } from '../root/app-core';
import { startBridge } from '../bridge/bridge-server';

/**
 * Development only: the browser shell's bridge beside the Electron window. main.ts imports this module only behind
 * PPE_WITH_BRIDGE, which build:main (the packaged bundle) defines as false, so none of it is in what ships.
 */
export async function startDevelopmentBridge(core: AppCore, rendererDir: string): Promise<void> {
  const bridge = await startBridge({ core, rendererDir });
  console.log(`PPE bridge: ${bridge.url}`);
}
