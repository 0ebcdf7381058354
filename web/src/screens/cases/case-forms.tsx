import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type {
  CreateFollowUp,
  FollowUpType,
  RecordSatisfaction,
  SurveyChannel,
} from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice, namesField } from '../../ui/errors';
import { Field, Notice } from '../../ui/parts';

const TYPES: FollowUpType[] = [
  'note',
  'responded',
  'resolved',
  'referred',
  'not_actionable',
  'duplicate',
];
const LEVELS: RecordSatisfaction['level'][] = ['满意', '较满意', '一般', '不满意'];
const CHANNELS: SurveyChannel[] = ['callback', 'sms', 'weibo'];

/**
 * One request at a time from a form: busy while it runs, the refusal kept
 * until the person changes something (`edited`), the success notice until
 * the next change or request.
 */
function useSubmit(onSaved: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    work()
      .then(() => {
        setSaved(true);
        onSaved();
      })
      .catch((failure: unknown) => setError(failure))
      .finally(() => setBusy(false));
  };
  const edited = () => {
    setError(null);
    setSaved(false);
  };
  return { error, saved, busy, run, edited };
}

export function FollowUpForm({ caseId, onSaved }: { caseId: string; onSaved: () => void }) {
  const { t, tx } = useI18n();
  const [type, setType] = useState<FollowUpType>('responded');
  const [text, setText] = useState('');
  const [evidenceUrl, setEvidenceUrl] = useState('');
  const [referredTo, setReferredTo] = useState('');
  const [duplicateOf, setDuplicateOf] = useState('');
  const { error, saved, busy, run, edited } = useSubmit(() => {
    setText('');
    setEvidenceUrl('');
    onSaved();
  });
  /** A change to the form: the last refusal was about what it held before. */
  const change =
    <T,>(setter: (value: T) => void) =>
    (value: T) => {
      setter(value);
      edited();
    };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: CreateFollowUp = {
      type,
      text,
      ...(evidenceUrl ? { evidenceUrl } : {}),
      ...(type === 'referred' ? { referredTo } : {}),
      ...(type === 'duplicate' ? { duplicateOf } : {}),
    };
    run(() => api.post(`/api/v1/cases/${caseId}/follow-ups`, body));
  };
  return (
    <form className="form" onSubmit={submit} aria-label={t('case.recordFollowUp')}>
      <h3>{t('case.recordFollowUp')}</h3>
      {error ? <ErrorNotice error={error} /> : null}
      {saved ? <Notice tone="success">{t('case.followUpSaved')}</Notice> : null}
      <Field label={t('case.followUpType')} invalid={namesField(error, 'type')}>
        <select
          name="type"
          value={type}
          onChange={(e) => change(setType)(e.target.value as FollowUpType)}
        >
          {TYPES.map((value) => (
            <option key={value} value={value}>
              {tx('followUp', value)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('case.followUpText')} invalid={namesField(error, 'text')}>
        <textarea
          name="text"
          rows={3}
          required
          value={text}
          aria-invalid={namesField(error, 'text') || undefined}
          onChange={(e) => change(setText)(e.target.value)}
        />
      </Field>
      <Field label={t('case.evidenceUrl')} invalid={namesField(error, 'evidenceUrl')}>
        <input
          name="evidenceUrl"
          type="url"
          value={evidenceUrl}
          aria-invalid={namesField(error, 'evidenceUrl') || undefined}
          onChange={(e) => change(setEvidenceUrl)(e.target.value)}
        />
      </Field>
      {type === 'referred' ? (
        <Field label={t('case.referredToField')} invalid={namesField(error, 'referredTo')}>
          <input
            name="referredTo"
            required
            value={referredTo}
            aria-invalid={namesField(error, 'referredTo') || undefined}
            onChange={(e) => change(setReferredTo)(e.target.value)}
          />
        </Field>
      ) : null}
      {type === 'duplicate' ? (
        <Field label={t('case.duplicateOfField')} invalid={namesField(error, 'duplicateOf')}>
          <input
            name="duplicateOf"
            required
            value={duplicateOf}
            aria-invalid={namesField(error, 'duplicateOf') || undefined}
            onChange={(e) => change(setDuplicateOf)(e.target.value)}
          />
        </Field>
      ) : null}
      <button
        type="submit"
        className="primary"
        disabled={busy || text.trim() === ''}
        aria-busy={busy || undefined}
      >
        {busy ? t('common.submitting') : t('common.submit')}
      </button>
    </form>
  );
}

export function SurveyForm({ caseId, onSaved }: { caseId: string; onSaved: () => void }) {
  const { t, tx } = useI18n();
  const [level, setLevel] = useState(LEVELS[0]);
  const [channel, setChannel] = useState<SurveyChannel>('callback');
  const { error, saved, busy, run, edited } = useSubmit(onSaved);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: RecordSatisfaction = { level, channel };
    run(() => api.post(`/api/v1/cases/${caseId}/satisfaction`, body));
  };
  return (
    <form className="form" onSubmit={submit} aria-label={t('case.recordSurvey')}>
      <h3>{t('case.recordSurvey')}</h3>
      {error ? <ErrorNotice error={error} /> : null}
      {saved ? <Notice tone="success">{t('case.surveySaved')}</Notice> : null}
      <div className="row">
        <Field label={t('case.surveyLevel')}>
          <select
            name="level"
            value={level}
            onChange={(e) => {
              setLevel(e.target.value as RecordSatisfaction['level']);
              edited();
            }}
          >
            {LEVELS.map((value) => (
              <option key={value} value={value}>
                {tx('surveyLevel', value)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('case.surveyChannel')}>
          <select
            name="channel"
            value={channel}
            onChange={(e) => {
              setChannel(e.target.value as SurveyChannel);
              edited();
            }}
          >
            {CHANNELS.map((value) => (
              <option key={value} value={value}>
                {tx('channel', value)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
        {busy ? t('common.submitting') : t('common.submit')}
      </button>
    </form>
  );
}
