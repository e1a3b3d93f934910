import type { EventChannel, EventOf, InvokeChannel, RequestOf, ResponseOf } from '../../main/ipc/contract';
import type { ErrorCode, ErrorParams } from '../../main/ipc/errors';
import { TransportError, type Transport } from './transport';

/** Errors the renderer itself can meet, beyond the codes main sends. */
export type ClientErrorCode = 'CONNECTION_LOST';
export type ApiErrorCode = ErrorCode | ClientErrorCode;

/** A failed call: a code the message catalog words, never prose from main. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly params: ErrorParams = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'ApiError';
  }
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof TransportError) return new ApiError('CONNECTION_LOST');
  return new ApiError('INTERNAL', { detail: e instanceof Error ? e.message : String(e) });
}

export interface ApiClient {
  readonly transport: Transport;
  /** Calls a channel; resolves with its value or throws ApiError. */
  call<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void): () => void;
  /** Sees every failed call; the session layer uses it to notice an expired or locked session. */
  onError(listener: (error: ApiError, channel: InvokeChannel) => void): () => void;
}

export function createApiClient(transport: Transport): ApiClient {
  const errorListeners = new Set<(error: ApiError, channel: InvokeChannel) => void>();
  return {
    transport,
    async call(channel, request) {
      let error: ApiError;
      try {
        const result = await transport.invoke(channel, request);
        if (result.ok) return result.value;
        error = new ApiError(result.error.code, result.error.params);
      } catch (e) {
        error = toApiError(e);
      }
      for (const listener of errorListeners) listener(error, channel);
      throw error;
    },
    on: (event, listener) => transport.on(event, listener),
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
  };
}
