/**
 * The backlog's filters as the service declares them, and the screen's view
 * (filters and page) kept in its URL.
 */
import type { CaseCategory, CaseKind, ListCasesQuery } from '../../api/types';
import { navigate } from '../../router';

/**
 * The filter choices, typed against the service's own query (the generated
 * OpenAPI schema): a status or category added or renamed there breaks this
 * build until it is offered here; a kind that no longer exists does too.
 */
const STATUS_SET = {
  open: true,
  responded: true,
  resolved: true,
  closed: true,
} satisfies Record<NonNullable<ListCasesQuery['status']>, true>;
export const STATUSES = Object.keys(STATUS_SET) as (keyof typeof STATUS_SET)[];
/** Only the kinds that open a case (SPEC 4); praise, other and spam never reach a backlog. */
export const KINDS = [
  'complaint',
  'help',
  'inquiry',
  'suggestion',
] as const satisfies readonly CaseKind[];
const CATEGORY_SET = {
  public_order: true,
  traffic: true,
  police_conduct: true,
  fraud: true,
  household_id: true,
  noise: true,
  fire: true,
  environment: true,
  urban: true,
  labour: true,
  education: true,
  health: true,
  commerce: true,
  other: true,
} satisfies Record<CaseCategory, true>;
export const CATEGORIES = Object.keys(CATEGORY_SET) as CaseCategory[];
export const PAGE_SIZE = 20;
const OVERDUE = ['true', 'false'] as const;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Filters {
  status: string;
  overdue: string;
  kind: string;
  category: string;
}
export const FILTER_NAMES = [
  'status',
  'overdue',
  'kind',
  'category',
] as const satisfies readonly (keyof Filters)[];

/** A query value the service declares for this filter, or '' (a mistyped URL is ignored, never sent). */
function oneOf(search: URLSearchParams, name: string, allowed: readonly string[]): string {
  const value = search.get(name) ?? '';
  return allowed.includes(value) ? value : '';
}

/**
 * The filters and the page live in the URL (`?overdue=true&page=2`): a
 * reload, a shared link or Back from a case shows the same rows.
 */
export function readView(search: URLSearchParams): { filters: Filters; page: number } {
  const page = Number.parseInt(search.get('page') ?? '1', 10);
  return {
    filters: {
      status: oneOf(search, 'status', STATUSES),
      overdue: oneOf(search, 'overdue', OVERDUE),
      kind: oneOf(search, 'kind', KINDS),
      category: oneOf(search, 'category', CATEGORIES),
    },
    // The API's own bound (MAX_PAGE): a page past it would be refused.
    page: Number.isInteger(page) && page > 0 && page <= 1_000_000 ? page : 1,
  };
}

/** The same screen with some query values changed ('' removes one); in place, not a new history entry. */
export function replaceQuery(
  path: string,
  search: URLSearchParams,
  changes: Record<string, string>,
) {
  const next = new URLSearchParams(search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === '' || (name === 'page' && value === '1')) {
      next.delete(name);
    } else {
      next.set(name, value);
    }
  }
  const query = next.toString();
  navigate(query ? `${path}?${query}` : path, { replace: true });
}
