// Typed errors a person can meet while printing. The code is for main's message catalog; the Russian message is a
// fallback that already says what to do, because native/ cannot see the catalog (as drive-error.ts, token-error.ts).

export type PrinterErrorCode =
  | 'NO_SUCH_PRINTER'
  | 'NO_SUCH_JOB'
  | 'SPOOLER_NOT_RUNNING'
  | 'TOOL_MISSING'
  | 'JOB_REFUSED'
  | 'INVALID_REQUEST'
  | 'TIMEOUT'
  | 'FAILED';

const MESSAGES: Record<PrinterErrorCode, string> = {
  NO_SUCH_PRINTER: 'Принтер не найден. Проверьте, что он подключён и установлен в системе, и выберите его заново.',
  NO_SUCH_JOB: 'Задание печати не найдено в очереди. Проверьте, напечатан ли комплект, и при необходимости повторите печать.',
  SPOOLER_NOT_RUNNING:
    'Служба печати не запущена. Перезапустите компьютер или попросите технического специалиста запустить службу печати.',
  TOOL_MISSING:
    'На компьютере не установлены средства печати. Обратитесь к техническому специалисту.',
  JOB_REFUSED: 'Принтер не принимает задания. Проверьте принтер и включите приём заданий, затем повторите печать.',
  INVALID_REQUEST: 'Неверные параметры печати. Выберите принтер заново и повторите.',
  TIMEOUT: 'Служба печати не отвечает. Подождите минуту и повторите; если не помогло — перезапустите компьютер.',
  FAILED: 'Ошибка печати. Проверьте принтер и повторите печать.',
};

export class PrinterError extends Error {
  constructor(
    readonly code: PrinterErrorCode,
    /** What the tool said (its stderr, capped) or the OS error code, for the log and the hotline. */
    readonly detail: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[code], options);
    this.name = 'PrinterError';
  }
}
