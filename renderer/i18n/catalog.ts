import type { ErrorCode, errorCatalog } from '../../main/ipc/errors';
import type { ApiErrorCode } from '../api/client';
import { en } from './en';
import { ru } from './ru';

export type Locale = 'ru' | 'en';
export type MessageKey = keyof typeof ru;

/** The {placeholder} names inside a message, worked out from its text at compile time. */
type PlaceholdersOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersOf<Rest>
  : never;
export type ParamsOf<K extends MessageKey> = PlaceholdersOf<(typeof ru)[K]>;
export type ParamValue = string | number;
/** Keys whose messages take no parameters: safe to hold in tables and pass around as plain keys. */
export type PlainKey = { [K in MessageKey]: [ParamsOf<K>] extends [never] ? K : never }[MessageKey];
/** t('key') for a message without placeholders; t('key', {all: ..., of: ..., them: ...}) otherwise. */
export type ParamsArg<K extends MessageKey> = [ParamsOf<K>] extends [never]
  ? []
  : [params: Record<ParamsOf<K>, ParamValue>];

// Compile-time checks of the catalog. Each resolves to `true`, or fails naming the offending keys.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type PlaceholderMismatch = {
  [K in MessageKey]: Same<PlaceholdersOf<(typeof ru)[K]>, PlaceholdersOf<(typeof en)[K]>> extends true ? never : K;
}[MessageKey];
/** English must take the same placeholders as Russian, key by key. */
const placeholdersAgree: [PlaceholderMismatch] extends [never] ? true : PlaceholderMismatch = true;
/** Every error main or the client can report has a message. */
type MissingErrorMessage = Exclude<`error.${ErrorCode | ApiErrorCode}`, MessageKey>;
const errorsCovered: [MissingErrorMessage] extends [never] ? true : MissingErrorMessage = true;
/** Each error message says exactly the words its code declares in main's errorCatalog (main/ipc/errors.ts). */
type ErrorWordsMismatch = {
  [C in ErrorCode]: Same<ParamsOf<`error.${C}`>, (typeof errorCatalog)[C]['words'][number]> extends true ? never : C;
}[ErrorCode];
const errorWordsAgree: [ErrorWordsMismatch] extends [never] ? true : ErrorWordsMismatch = true;
void placeholdersAgree;
void errorsCovered;
void errorWordsAgree;

const catalogs: Record<Locale, Record<MessageKey, string>> = { ru, en };

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(ru, key);
}

/** Replaces {name} with params.name; a placeholder without a value is left visible rather than silently dropped. */
export function interpolate(text: string, params: Record<string, ParamValue> | undefined): string {
  if (!params) return text;
  return text.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function message(locale: Locale, key: MessageKey, params?: Record<string, ParamValue>): string {
  return interpolate(catalogs[locale][key], params);
}

const pluralRules: Record<Locale, Intl.PluralRules> = {
  ru: new Intl.PluralRules('ru'),
  en: new Intl.PluralRules('en'),
};

/**
 * "21 участник", "3 участника", "5 участников". Plural messages hold the forms separated by "|":
 * Russian one|few|many, English one|other.
 */
export function pluralize(locale: Locale, key: MessageKey, count: number): string {
  const forms = catalogs[locale][key].split('|');
  const category = pluralRules[locale].select(count);
  const index =
    locale === 'ru'
      ? { one: 0, few: 1, many: 2, other: 1, two: 1, zero: 2 }[category]
      : category === 'one'
        ? 0
        : 1;
  return `${count} ${forms[Math.min(index, forms.length - 1)]}`;
}
