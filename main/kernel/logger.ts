/** Where main reports what went wrong inside it (never shown to a person: they get a typed AppError). */
export interface Logger {
  error(message: string, detail?: unknown): void;
}
