import { useRef, useState } from 'react';
import type { I18n } from '../i18n/i18n';
import { PIN_RE, PinInput } from './PinInput';

/** A new PIN typed twice: its two fields, the problem with one of them, and where the cursor goes. */
export interface NewPinEntry {
  pin: string;
  repeat: string;
  problem: { field: 'pin' | 'repeat'; text: string } | null;
  setPin(value: string): void;
  setRepeat(value: string): void;
  pinRef: React.RefObject<HTMLInputElement | null>;
  repeatRef: React.RefObject<HTMLInputElement | null>;
  /** True when the pair may be sent; otherwise names the problem and puts the cursor in the field to fix. */
  check(): boolean;
  /** After main refused the new PIN: both fields emptied, the cursor back in the first. */
  restart(): void;
}

/**
 * The life of a new PIN, shared by «Задайте новый PIN» at sign-in and the PIN dialog: checked for format and for
 * the two copies agreeing before main is asked (main judges the rest, trivial PINs among them).
 */
export function useNewPin(i18n: I18n): NewPinEntry {
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<NewPinEntry['problem']>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);
  const check = () => {
    if (!PIN_RE.test(pin)) {
      setProblem({ field: 'pin', text: i18n.t('pinDialog.badFormat') });
      pinRef.current?.focus();
      return false;
    }
    if (pin !== repeat) {
      setProblem({ field: 'repeat', text: i18n.t('pinDialog.mismatch') });
      setRepeat('');
      repeatRef.current?.focus();
      return false;
    }
    setProblem(null);
    return true;
  };
  const restart = () => {
    setPin('');
    setRepeat('');
    // After the re-render that enables the fields again.
    setTimeout(() => pinRef.current?.focus(), 0);
  };
  return { pin, repeat, problem, setPin, setRepeat, pinRef, repeatRef, check, restart };
}

/** The two fields of a new PIN. */
export function NewPinFields({ entry, label, hint, busy, i18n }: { entry: NewPinEntry; label: string; hint: string; busy: boolean; i18n: I18n }) {
  const { pin, repeat, problem, setPin, setRepeat, pinRef, repeatRef } = entry;
  return (
    <>
      <PinInput
        ref={pinRef}
        label={label}
        hint={hint}
        value={pin}
        onChange={setPin}
        invalid={problem?.field === 'pin' ? problem.text : null}
        disabled={busy}
        autoFocus
      />
      <PinInput
        ref={repeatRef}
        label={i18n.t('pinDialog.repeat')}
        value={repeat}
        onChange={setRepeat}
        invalid={problem?.field === 'repeat' ? problem.text : null}
        disabled={busy}
      />
    </>
  );
}
