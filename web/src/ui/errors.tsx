import { ApiError } from '../api/client';
import { type Translate, useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { beijingTime, instantsInBeijing } from './time';

/** What a person reads about a refusal: a sentence in their language, and the service's words beside it. */
export interface ExplainedError {
  /** One sentence in the interface language. */
  summary: string;
  /** The service's own text (status and message, instants in Beijing time); null when there is none. */
  detail: string | null;
  /** The request fields the service named, as it named them (`regionCode`, `corrections[0].toLeaderId`). */
  fields: string[];
  /** Whether sending the same request again may work (a failure of the service or the network, not of the input). */
  retry: boolean;
}

/**
 * What the service found wrong with a value, from its message: checked in
 * order, the first that matches says it. The service's message stays beside
 * the sentence, so a problem not listed here still reads in full.
 */
const PROBLEMS: [RegExp, MessageKey][] = [
  [/should not exist/, 'problem.notAccepted'],
  [/invisible or control characters|cannot be stored|control character/, 'problem.invisible'],
  [/visible character|should not be empty|longer than or equal to 1 /, 'problem.blank'],
  [/boilerplate/, 'problem.boilerplate'],
  [/UUID/, 'problem.uuid'],
  [/http\(s\) URL|must be a URL/, 'problem.url'],
  [/administrative division code/, 'problem.regionCode'],
  [/numeric Weibo user id/, 'problem.weiboUid'],
  [/must not be after to/, 'problem.fromAfterTo'],
  [/must not be before from/, 'problem.toBeforeFrom'],
  [/must not be later than now/, 'problem.asOfFuture'],
  [/must not be later than/, 'problem.toFuture'],
  [/ISO 8601/, 'problem.instant'],
  [/is required|must name at least one|must correct at least one/, 'problem.required'],
  [/only allowed when type|must be absent|must be empty when/, 'problem.notForThisChoice'],
  [/outside the snapshot's window/, 'problem.outsideWindow'],
  [/not ranked in snapshot/, 'problem.notRanked'],
  [/is not a case of leader/, 'problem.otherLeaderCase'],
  [/another leader than the appellant/, 'problem.sameLeader'],
  [/another leader than/, 'problem.otherLeader'],
  [/unknown cases|does not exist|not one of the appealed/, 'problem.unknownId'],
  [/must be another case/, 'problem.sameCase'],
  [/must be an active leader/, 'problem.inactiveLeader'],
  [/longer than|shorter than|at most/, 'problem.tooLong'],
  [/must be one of|must be (json|accepted|pending|exclude|true)/, 'problem.notAChoice'],
  [/repeat|twice/, 'problem.repeated'],
];

/** Conflicts and refusals the screens can meet, each said as a sentence (details fill its blanks). */
const CODES: Record<string, MessageKey> = {
  WEIBO_UID_TAKEN: 'error.WEIBO_UID_TAKEN',
  APPEAL_DEADLINE_PASSED: 'error.APPEAL_DEADLINE_PASSED',
  APPEAL_ALREADY_DECIDED: 'error.APPEAL_ALREADY_DECIDED',
  APPEAL_ALREADY_PENDING: 'error.APPEAL_ALREADY_PENDING',
  CASES_ALREADY_CORRECTED: 'error.CASES_ALREADY_CORRECTED',
  SNAPSHOT_SUPERSEDED: 'error.SNAPSHOT_SUPERSEDED',
  SNAPSHOT_ALREADY_PUBLISHED: 'error.SNAPSHOT_ALREADY_PUBLISHED',
  SNAPSHOT_CHAIN_BROKEN: 'error.SNAPSHOT_CHAIN_BROKEN',
  INVALID_TRANSITION: 'error.INVALID_TRANSITION',
  POLL_IN_PROGRESS: 'error.POLL_IN_PROGRESS',
  LEADER_INACTIVE: 'error.LEADER_INACTIVE',
  IDEMPOTENCY_KEY_REUSED: 'error.IDEMPOTENCY_KEY_REUSED',
  TOO_MANY_ATTEMPTS: 'error.TOO_MANY_ATTEMPTS',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `corrections[0].toLeaderId` → `toLeaderId`: the label is the field's own. */
function fieldName(path: string): string {
  const last = path.split('.').pop() ?? path;
  return last.replace(/\[\d+\]$/, '');
}

/** A field's label as the form shows it, else in the interface language; its name when it has none. */
export function fieldLabel(
  path: string,
  tx: (prefix: string, value: string) => string,
  labels: FieldLabels = {},
): string {
  const name = fieldName(path);
  return labels[name] ?? tx('field', name);
}

/** The labels a form gives its fields, by the request's field names ("name" is 姓名 on one form, 名称 on another). */
export type FieldLabels = Record<string, string>;

function problemOf(text: string, t: Translate, locale: string): string {
  const found = PROBLEMS.find(([pattern]) => pattern.test(text));
  if (!found) {
    return t('problem.invalid');
  }
  const at = /\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?/.exec(text)?.[0];
  return t(found[1], { at: at ? beijingTime(at, locale) : '' });
}

interface FieldProblem {
  field: string;
  problems?: unknown;
}

function fieldProblems(error: ApiError): { field: string; text: string }[] {
  const listed = error.details.fields;
  if (Array.isArray(listed)) {
    return (listed as FieldProblem[])
      .filter((entry) => typeof entry?.field === 'string')
      .map((entry) => ({
        field: entry.field,
        text: Array.isArray(entry.problems) ? entry.problems.map(String).join('; ') : error.message,
      }));
  }
  if (typeof error.details.field === 'string') {
    return [{ field: error.details.field, text: error.message }];
  }
  return [];
}

function detailParams(
  error: ApiError,
  tx: (prefix: string, value: string) => string,
  locale: string,
) {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.details)) {
    if (typeof value === 'string') {
      params[name] = /^\d{4}-\d{2}-\d{2}T/.test(value)
        ? beijingTime(value, locale)
        : UUID.test(value)
          ? value.slice(0, 8)
          : value;
    } else if (typeof value === 'number') {
      params[name] = String(value);
    } else if (Array.isArray(value)) {
      params[name] = String(value.length);
    }
  }
  if (typeof error.details.status === 'string') {
    params.status = tx('appealStatus', error.details.status);
  }
  for (const name of ['from', 'to'] as const) {
    const status = error.details[name];
    if (typeof status === 'string') {
      params[name] = tx('status', status);
    }
  }
  return params;
}

export function explainError(
  error: unknown,
  t: Translate,
  tx: (prefix: string, value: string) => string,
  locale: string,
  labels: FieldLabels = {},
): ExplainedError {
  if (!(error instanceof ApiError)) {
    return {
      summary: t('error.network'),
      detail: error instanceof Error ? error.message : String(error),
      fields: [],
      retry: true,
    };
  }
  const detail = `${error.status} · ${instantsInBeijing(error.message, locale)}`;
  const problems = fieldProblems(error);
  const retry = error.status >= 500 || error.status === 429;
  if (error.status === 400 && problems.length > 0) {
    return {
      summary: problems
        .map((p) =>
          t('error.field', {
            field: fieldLabel(p.field, tx, labels),
            problem: problemOf(p.text, t, locale),
          }),
        )
        .join(t('error.separator')),
      detail,
      fields: problems.map((p) => p.field),
      retry: false,
    };
  }
  const code = CODES[error.code];
  if (code) {
    return { summary: t(code, detailParams(error, tx, locale)), detail, fields: [], retry };
  }
  if (error.status === 404) {
    const what = /^([A-Z_]+)_NOT_FOUND$/.exec(error.code)?.[1]?.toLowerCase();
    return {
      summary: t('error.notFound', { what: what ? tx('thing', what) : t('thing.item') }),
      detail,
      fields: [],
      retry: false,
    };
  }
  const byStatus: Record<number, MessageKey> = {
    400: 'error.badRequest',
    401: 'error.unauthenticated',
    403: 'error.forbidden',
    409: 'error.conflict',
    413: 'error.tooLarge',
    429: 'error.TOO_MANY_ATTEMPTS',
  };
  const key = byStatus[error.status] ?? (error.status >= 500 ? 'error.server' : 'error.refused');
  return { summary: t(key, { status: error.status }), detail, fields: [], retry };
}

/** Explains errors in the interface language. */
export function useExplain(labels?: FieldLabels): (error: unknown) => ExplainedError {
  const { t, tx, locale } = useI18n();
  return (error) => explainError(error, t, tx, locale, labels);
}

/**
 * A refusal as a person reads it: the sentence first, the service's words
 * after it in small type, and "retry" only where retrying may help.
 */
export function ErrorNotice({
  error,
  onRetry,
  labels,
}: {
  error: unknown;
  onRetry?: () => void;
  /** The form's own labels for the fields the service may name. */
  labels?: FieldLabels;
}) {
  const { t } = useI18n();
  const explained = useExplain(labels)(error);
  return (
    <div className="notice notice-error" role="alert">
      <span className="error-summary">{explained.summary}</span>{' '}
      {explained.detail ? <span className="error-detail">{explained.detail}</span> : null}
      {explained.retry && onRetry ? (
        <>
          {' '}
          <button type="button" className="link-button" onClick={onRetry}>
            {t('common.retry')}
          </button>
        </>
      ) : null}
    </div>
  );
}

/** Whether the service named `field` (or a field under it) in this refusal. */
export function namesField(error: unknown, field: string): boolean {
  if (!(error instanceof ApiError)) {
    return false;
  }
  const fields = fieldProblems(error).map((p) => p.field);
  if (error.code === 'WEIBO_UID_TAKEN') {
    fields.push('weiboUid');
  }
  return fields.some((name) => name === field || name.startsWith(`${field}.`));
}
