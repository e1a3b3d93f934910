import { isAppError } from '../kernel/app-error';
import { runBridgeCli } from './run-bridge';

// `node dist/main/bridge/cli.js [--data-dir D] [--port P] [--rcoi-url U] [--idle-lock-seconds S] [--demo] [--no-sync] [--open] [--tickets N] [--clock-start ISO] [--manual-clock]`
runBridgeCli(process.argv.slice(2)).then(
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
