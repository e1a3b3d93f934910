import { isAppError } from '../kernel/app-error';
import { BRIDGE_USAGE, parseBridgeArgs, type BridgeArgs } from './bridge-args';
import { reportUsageError, USAGE_EXIT } from './cli-usage';
import { runBridge } from './run-bridge';

// `node dist/main/bridge/cli.js [--data-dir D] [--port P] [--rcoi-url U] [--idle-lock-seconds S] [--demo] [--no-sync] [--open] [--tickets N] [--clock-start ISO] [--manual-clock] [--help]`
let args: BridgeArgs;
try {
  args = parseBridgeArgs(process.argv.slice(2));
} catch (e) {
  if (!reportUsageError(e, BRIDGE_USAGE)) throw e;
  process.exit(USAGE_EXIT);
}
if (args.help) {
  console.log(BRIDGE_USAGE);
  process.exit(0);
}

runBridge(args).then(
  ({ stop }) => {
    const shutdown = () => void stop().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  },
  (e: unknown) => {
    if (isAppError(e) && e.code === 'DB_TOO_NEW') {
      console.error(
        `База данных создана более новой версией приложения (схема ${e.params.dbVersion}, эта версия знает до ${e.params.appVersion}). ` +
          'Установите новую версию приложения; база данных не изменена.',
      );
    } else console.error('Не удалось запустить приложение:', e);
    process.exit(1);
  },
);
