import { useRef, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../api';
import type { I18n } from '../i18n/i18n';
import { PIN_RE } from './PinInput';

/**
 * The PIN field's life, shared by sign-in and unlock: check the format before asking main, show main's refusal,
 * and after a refusal empty the field and put the cursor back in it, so the next try is just typing.
 */
export function usePinEntry(i18n: I18n) {
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [formatProblem, setFormatProblem] = useState<string | null>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  const reset = () => {
    setPin('');
    setError(null);
    setFormatProblem(null);
    pinRef.current?.focus();
  };

  /** Form submit: validates, then runs `call`; on refusal reports it to `onRefused` and clears the field. */
  const submitWith =
    (call: (pin: string) => Promise<void>, onRefused: (error: ApiError) => void = () => {}) =>
    (e: FormEvent) => {
      e.preventDefault();
      if (!PIN_RE.test(pin)) {
        setFormatProblem(i18n.t('signIn.pinRequired'));
        pinRef.current?.focus();
        return;
      }
      setFormatProblem(null);
      setBusy(true);
      setError(null);
      call(pin).catch((e: unknown) => {
        const failure = toApiError(e);
        onRefused(failure);
        setError(failure);
        setPin('');
        setBusy(false);
        // After the re-render re-enables the field.
        setTimeout(() => pinRef.current?.focus(), 0);
      });
    };

  return { pin, setPin, busy, setBusy, error, setError, formatProblem, pinRef, reset, submitWith };
}
