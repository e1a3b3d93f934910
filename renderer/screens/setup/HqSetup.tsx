import { useId, useRef, useState, type FormEvent } from 'react';
import type { HqSetupDoneDto, HqSetupOfferDto } from '../../../main/ipc/slices/setup';
import { toApiError, type ApiError } from '../../api';
import { ActionError } from '../../components/ActionError';
import { Busy } from '../../components/Feedback';
import { NewPinFields, useNewPin } from '../../components/NewPinFields';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { isCompleteSetupCode, maskSetupCode } from './setup-code';
import { HqSetupSummary } from './HqSetupSummary';

type Kind = 'hq-main' | 'hq-reserve';

/**
 * «Станция штаба»: the technical specialist types RCOI's address, the PPE code and the one-time enrolment code; the
 * station asks RCOI (progress while it does), shows what RCOI said, lets the person pick themselves among the
 * technical specialists RCOI named and set their PIN, and then shows what was received with «Войти».
 */
export function HqSetup({ onBack }: { onBack: () => void }) {
  const [offer, setOffer] = useState<HqSetupOfferDto | null>(null);
  const [done, setDone] = useState<HqSetupDoneDto | null>(null);
  if (done) return <HqSetupSummary done={done} />;
  if (offer) return <ChoosePerson offer={offer} onDone={setDone} onBack={() => setOffer(null)} />;
  return <AskRcoi onAnswer={setOffer} onBack={onBack} />;
}

function AskRcoi({ onAnswer, onBack }: { onAnswer(offer: HqSetupOfferDto): void; onBack(): void }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const id = useId();
  const [rcoiUrl, setRcoiUrl] = useState('https://');
  const [ppeCode, setPpeCode] = useState('');
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<Kind>('hq-main');
  const [problem, setProblem] = useState<{ field: 'url' | 'ppe' | 'code'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const fail = (field: 'url' | 'ppe' | 'code', text: string) => {
    setProblem({ field, text });
    document.getElementById(`${id}-${field}`)?.focus();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^https?:\/\/\S+/.test(rcoiUrl.trim()) || rcoiUrl.trim() === 'https://') return fail('url', i18n.t('setup.hq.badUrl'));
    if (!/^\d{4}$/.test(ppeCode)) return fail('ppe', i18n.t('setup.hq.badPpe'));
    if (!isCompleteSetupCode(code)) return fail('code', i18n.t('error.SETUP_CODE_MALFORMED'));
    setProblem(null);
    setError(null);
    setBusy(true);
    api
      .call('setup/headquarters', { rcoiUrl: rcoiUrl.trim(), ppeCode, code, kind })
      .then(onAnswer, (err: unknown) => setError(toApiError(err)))
      .finally(() => setBusy(false));
  };

  const described = (field: 'url' | 'ppe' | 'code') =>
    `${id}-${field}-hint${problem?.field === field ? ` ${id}-${field}-error` : ''}`;
  const fieldError = (field: 'url' | 'ppe' | 'code') =>
    problem?.field === field && (
      <p id={`${id}-${field}-error`} className="field__error">
        {problem.text}
      </p>
    );

  return (
    <section aria-labelledby={`${id}-title`} data-testid="hq-setup">
      <h2 id={`${id}-title`} className="section__title">
        {i18n.t('setup.hq.title')}
      </h2>
      <p>{i18n.t('setup.hq.what')}</p>
      <form onSubmit={submit} noValidate className="setup-form">
        <div className="field">
          <label htmlFor={`${id}-url`} className="field__label">
            {i18n.t('setup.hq.url')}
          </label>
          <input
            id={`${id}-url`}
            className="field__input"
            type="url"
            autoComplete="off"
            spellCheck={false}
            maxLength={500}
            value={rcoiUrl}
            onChange={(e) => setRcoiUrl(e.target.value)}
            disabled={busy}
            aria-invalid={problem?.field === 'url' ? true : undefined}
            aria-describedby={described('url')}
          />
          <p id={`${id}-url-hint`} className="field__hint">
            {i18n.t('setup.hq.urlHint')}
          </p>
          {fieldError('url')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-ppe`} className="field__label">
            {i18n.t('setup.hq.ppe')}
          </label>
          <input
            id={`${id}-ppe`}
            className="field__input mono setup-form__short"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            maxLength={4}
            value={ppeCode}
            onChange={(e) => setPpeCode(e.target.value.replace(/\D/g, '').slice(0, 4))}
            disabled={busy}
            aria-invalid={problem?.field === 'ppe' ? true : undefined}
            aria-describedby={described('ppe')}
          />
          <p id={`${id}-ppe-hint`} className="field__hint">
            {i18n.t('setup.hq.ppeHint')}
          </p>
          {fieldError('ppe')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-code`} className="field__label">
            {i18n.t('setup.hq.code')}
          </label>
          <input
            id={`${id}-code`}
            className="field__input mono setup-form__code"
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder="XXXX-XXXX-XXXX"
            maxLength={14}
            value={code}
            onChange={(e) => setCode(maskSetupCode(e.target.value))}
            disabled={busy}
            aria-invalid={problem?.field === 'code' ? true : undefined}
            aria-describedby={described('code')}
          />
          <p id={`${id}-code-hint`} className="field__hint">
            {i18n.t('setup.hq.codeHint')}
          </p>
          {fieldError('code')}
        </div>
        <fieldset className="setup-form__kind" disabled={busy}>
          <legend className="field__label">{i18n.t('setup.hq.kind')}</legend>
          {(['hq-main', 'hq-reserve'] as const).map((k) => (
            <label key={k} className="setup-option">
              <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>{i18n.t(`setup.hq.kind.${k}`)}</span>
            </label>
          ))}
        </fieldset>
        {busy && <Busy>{i18n.t('setup.hq.busy')}</Busy>}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {i18n.t('setup.hq.submit')}
          </button>
          <button type="button" className="button" onClick={onBack} disabled={busy}>
            {i18n.t('setup.back')}
          </button>
        </div>
        {error && <ActionError error={error} title={i18n.t('setup.hq.failed')} message={setupMessage(i18n, error)} />}
      </form>
    </section>
  );
}

/**
 * Where the general words of an error do not fit a station being set up (they speak of lists, later sending and a
 * configured link), the set-up says what to do here and now.
 */
function setupMessage(i18n: ReturnType<typeof useI18n>, error: ApiError): string | undefined {
  switch (error.code) {
    case 'RCOI_UNREACHABLE':
      return i18n.t('setup.hq.unreachable');
    case 'RCOI_NOT_CONFIGURED':
      return i18n.t('setup.hq.badUrl');
    case 'RCOI_ANSWER_NOT_AUTHENTIC':
      return i18n.t('setup.hq.notAuthentic');
    case 'DEMO_KEY_OUTSIDE_TRAINING':
      return i18n.t('setup.hq.demoKey');
    default:
      return undefined;
  }
}

function ChoosePerson({ offer, onDone, onBack }: { offer: HqSetupOfferDto; onDone(done: HqSetupDoneDto): void; onBack(): void }) {
  const i18n = useI18n();
  const { api } = useAppState();
  const id = useId();
  const [staffId, setStaffId] = useState(offer.technicians.length === 1 ? offer.technicians[0]!.id : '');
  const [whoProblem, setWhoProblem] = useState(false);
  const entry = useNewPin(i18n);
  // The PPE head's own PIN, if the head is at the station: otherwise it needs a second person to issue it later.
  const [withHead, setWithHead] = useState(false);
  const [headId, setHeadId] = useState(offer.heads.length === 1 ? offer.heads[0]!.id : '');
  const headEntry = useNewPin(i18n);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const firstChoice = useRef<HTMLInputElement>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!staffId) {
      setWhoProblem(true);
      firstChoice.current?.focus();
      return;
    }
    setWhoProblem(false);
    if (!entry.check()) return;
    if (withHead && (!headId || !headEntry.check())) return;
    setError(null);
    setBusy(true);
    api
      .call('setup/finishHeadquarters', { staffId, pin: entry.pin, head: withHead ? { staffId: headId, pin: headEntry.pin } : null })
      .then(onDone, (err: unknown) => {
        const apiError = toApiError(err);
        setError(apiError);
        if (apiError.code === 'PIN_TOO_SIMPLE' || apiError.code === 'PIN_FORMAT') {
          entry.restart();
          if (withHead) headEntry.restart();
        }
      })
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby={`${id}-title`} data-testid="hq-setup-person">
      <h2 id={`${id}-title`} className="section__title">
        {i18n.t('setup.hq.answered')}
      </h2>
      <p className="summary">
        {i18n.t('setup.hq.answeredPpe', { code: offer.ppe.code, name: offer.ppe.name, station: offer.stationNumber })}
      </p>
      <form onSubmit={submit} noValidate className="setup-form">
        <fieldset className="setup-form__kind" disabled={busy} aria-describedby={whoProblem ? `${id}-who-error` : undefined}>
          <legend className="field__label">{i18n.t('setup.hq.who')}</legend>
          {offer.technicians.map((t, i) => (
            <label key={t.id} className="setup-option">
              <input
                ref={i === 0 ? firstChoice : undefined}
                type="radio"
                name={`${id}-who`}
                value={t.id}
                checked={staffId === t.id}
                onChange={() => setStaffId(t.id)}
              />
              <span>{t.name}</span>
            </label>
          ))}
          {whoProblem && (
            <p id={`${id}-who-error`} className="field__error">
              {i18n.t('setup.hq.whoMissing')}
            </p>
          )}
        </fieldset>
        <NewPinFields entry={entry} label={i18n.t('setup.hq.pin')} hint={i18n.t('pinDialog.hint')} busy={busy} i18n={i18n} />
        {offer.heads.length > 0 && (
          <fieldset className="setup-form__kind" disabled={busy}>
            <legend className="field__label">{i18n.t('setup.hq.headTitle')}</legend>
            <p className="field__hint">{i18n.t('setup.hq.headWhy')}</p>
            <label className="setup-option">
              <input type="checkbox" checked={withHead} onChange={(e) => setWithHead(e.target.checked)} />
              <span>{i18n.t('setup.hq.headHere')}</span>
            </label>
            {withHead && offer.heads.length > 1 &&
              offer.heads.map((h) => (
                <label key={h.id} className="setup-option">
                  <input type="radio" name={`${id}-head`} value={h.id} checked={headId === h.id} onChange={() => setHeadId(h.id)} />
                  <span>{h.name}</span>
                </label>
              ))}
            {withHead && (
              <NewPinFields
                entry={headEntry}
                label={i18n.t('setup.hq.headPin', { name: offer.heads.find((h) => h.id === headId)?.name ?? '' })}
                hint={i18n.t('pinDialog.hint')}
                busy={busy}
                i18n={i18n}
              />
            )}
          </fieldset>
        )}
        {busy && <Busy>{i18n.t('setup.hq.finishing')}</Busy>}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {i18n.t('setup.hq.finish')}
          </button>
          <button type="button" className="button" onClick={onBack} disabled={busy}>
            {i18n.t('setup.back')}
          </button>
        </div>
        {error && <ActionError error={error} title={i18n.t('setup.hq.finishFailed')} />}
      </form>
    </section>
  );
}
