/**
 * The frozen forms of an appraisal snapshot: its canonical JSON and SHA-256
 * (what the evaluation system verifies), and its CSV (what people open in
 * Excel). Pure: no clock, no database.
 *
 * Canonical JSON (compatible with RFC 8785 JCS for the values used here):
 * object keys sorted by UTF-16 code units at every level, no whitespace,
 * strings and numbers as JSON.stringify writes them, Dates as
 * `toISOString()` (UTC, milliseconds, `Z`), object properties that are
 * `undefined` omitted. Array order is kept (items are in rank order).
 * NaN, ±Infinity, bigint, functions, symbols, `undefined` in arrays, invalid
 * Dates and non-plain objects (Map, Set, class instances) are refused rather
 * than silently written the way JSON.stringify would.
 *
 * Only `definitionVersion`, `window`, `items` and, for a corrected version,
 * `supersedes` and `corrections` are hashed; a stored
 * snapshot's `id`, `createdAt` and `hash` are not part of its content.
 * A client re-hashing a snapshot must therefore see the window instants in
 * this UTC form (or re-render them so) before hashing.
 *
 * CSV: see snapshotToCsv.
 */
import { createHash } from 'node:crypto';

import type { LeaderMetrics } from './metric-formulas';

export type SnapshotWindow = { from: Date | string; to: Date | string; asOf: Date | string };

export type SnapshotItem = {
  /** 1-based position; when absent the item's position in `items` is used. */
  rank?: number;
  leaderId: string;
  name: string;
  unit: string;
  regionCode: string;
  score: number | null;
  metrics: LeaderMetrics;
};

/** One case an accepted appeal corrected: left out everywhere, or counted for another leader. */
export type SnapshotCaseCorrection = {
  caseId: string;
  action: 'exclude' | 'reassign';
  fromLeaderId: string;
  toLeaderId: string | null;
};

/** An accepted appeal as a corrected snapshot records it (cumulative along a chain). */
export type SnapshotCorrection = {
  appealId: string;
  /** The decision's reason. */
  reason: string;
  decidedAt: string;
  changes: readonly SnapshotCaseCorrection[];
};

export type SnapshotContent = {
  definitionVersion: string;
  window: SnapshotWindow;
  items: readonly SnapshotItem[];
  /** A corrected snapshot only: the version it replaces, and every correction applied so far. */
  supersedes?: string;
  corrections?: readonly SnapshotCorrection[];
};

export function canonicalJson(value: unknown): string {
  return writeCanonical(value, '$');
}

/**
 * A first version (no `supersedes`, or null as API responses show it) hashes
 * exactly as before corrections existed; a corrected version adds
 * `supersedes` and `corrections`.
 */
export function snapshotCanonicalContent(
  snapshot: Omit<SnapshotContent, 'supersedes'> & { supersedes?: string | null },
): string {
  const { definitionVersion, window, items, supersedes, corrections } = snapshot;
  if (supersedes === undefined || supersedes === null) {
    return canonicalJson({ definitionVersion, window, items });
  }
  return canonicalJson({
    definitionVersion,
    window,
    items,
    supersedes,
    corrections: corrections ?? [],
  });
}

/** Lower-case hex SHA-256 of the UTF-8 canonical content. */
export function snapshotHash(
  snapshot: Omit<SnapshotContent, 'supersedes'> & { supersedes?: string | null },
): string {
  return createHash('sha256').update(snapshotCanonicalContent(snapshot), 'utf8').digest('hex');
}

function writeCanonical(value: unknown, path: string): string {
  if (value === null) {
    return 'null';
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new TypeError(`${path}: invalid Date`);
    }
    return JSON.stringify(value.toISOString());
  }
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TypeError(`${path}: ${String(value)} has no JSON form`);
    }
    return JSON.stringify(value);
  }
  if (typeof value === 'object') {
    return Array.isArray(value) ? writeArray(value, path) : writeObject(value, path);
  }
  // undefined, bigint, function, symbol
  throw new TypeError(`${path}: a ${typeof value} has no canonical JSON form`);
}

function writeArray(values: readonly unknown[], path: string): string {
  const parts = values.map((element, i) => {
    if (element === undefined) {
      throw new TypeError(`${path}[${i}]: undefined in an array`);
    }
    return writeCanonical(element, `${path}[${i}]`);
  });
  return `[${parts.join(',')}]`;
}

function writeObject(value: object, path: string): string {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`${path}: only plain objects, arrays and Dates are allowed`);
  }
  const record = value as Record<string, unknown>;
  const parts = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${writeCanonical(record[key], `${path}.${key}`)}`);
  return `{${parts.join(',')}}`;
}

export type CsvHeaderStyle = 'bilingual' | 'en';

type CsvCell = { kind: 'text'; value: string } | { kind: 'number'; value: number | null };

type CsvColumn = {
  key: string;
  zh: string;
  cell: (item: SnapshotItem, index: number, snapshot: SnapshotContent) => CsvCell;
};

const text = (value: string): CsvCell => ({ kind: 'text', value });
const num = (value: number | null): CsvCell => ({ kind: 'number', value });
const instant = (value: Date | string): CsvCell =>
  text(value instanceof Date ? value.toISOString() : value);

/** One row per ranked leader; counts behind every ratio are included so a row can be checked. */
const CSV_COLUMNS: readonly CsvColumn[] = [
  { key: 'rank', zh: '排名', cell: (item, index) => num(item.rank ?? index + 1) },
  { key: 'leaderId', zh: '领导ID', cell: (item) => text(item.leaderId) },
  { key: 'name', zh: '姓名', cell: (item) => text(item.name) },
  { key: 'unit', zh: '单位', cell: (item) => text(item.unit) },
  { key: 'regionCode', zh: '行政区划代码', cell: (item) => text(item.regionCode) },
  { key: 'score', zh: '综合得分', cell: (item) => num(item.score) },
  { key: 'received', zh: '收到留言数', cell: (item) => num(item.metrics.received.value) },
  { key: 'cases', zh: '案件数', cell: (item) => num(item.metrics.cases.value) },
  { key: 'responseRate', zh: '响应率', cell: (item) => num(item.metrics.responseRate.value) },
  {
    key: 'respondedCases',
    zh: '已响应案件数',
    cell: (item) => num(item.metrics.responseRate.numerator),
  },
  {
    key: 'onTimeResponseRate',
    zh: '按时响应率',
    cell: (item) => num(item.metrics.onTimeResponseRate.value),
  },
  {
    key: 'onTimeCases',
    zh: '按时响应案件数',
    cell: (item) => num(item.metrics.onTimeResponseRate.numerator),
  },
  { key: 'resolutionRate', zh: '办结率', cell: (item) => num(item.metrics.resolutionRate.value) },
  {
    key: 'resolvedCases',
    zh: '办结案件数',
    cell: (item) => num(item.metrics.resolutionRate.numerator),
  },
  {
    key: 'medianFirstResponseHours',
    zh: '首次响应时长中位数(小时)',
    cell: (item) => num(item.metrics.medianFirstResponseHours.value),
  },
  {
    key: 'p90FirstResponseHours',
    zh: '首次响应时长P90(小时)',
    cell: (item) => num(item.metrics.p90FirstResponseHours.value),
  },
  { key: 'overdue', zh: '超期未响应数', cell: (item) => num(item.metrics.overdue.value) },
  { key: 'backlog', zh: '积压数', cell: (item) => num(item.metrics.backlog.value) },
  { key: 'backlogLt1d', zh: '积压不足1天', cell: (item) => num(item.metrics.backlog.buckets.lt1d) },
  {
    key: 'backlogD1to3',
    zh: '积压1至3天',
    cell: (item) => num(item.metrics.backlog.buckets.d1to3),
  },
  {
    key: 'backlogD3to7',
    zh: '积压3至7天',
    cell: (item) => num(item.metrics.backlog.buckets.d3to7),
  },
  { key: 'backlogGt7d', zh: '积压7天以上', cell: (item) => num(item.metrics.backlog.buckets.gt7d) },
  { key: 'satisfaction', zh: '满意度', cell: (item) => num(item.metrics.satisfaction.value) },
  {
    key: 'surveyedCases',
    zh: '回访案件数',
    cell: (item) => num(item.metrics.satisfaction.denominator),
  },
  {
    key: 'leaderReplyShare',
    zh: '本人回复占比',
    cell: (item) => num(item.metrics.leaderReplyShare.value),
  },
  { key: 'coverage', zh: '采集覆盖率', cell: (item) => num(item.metrics.coverage.value) },
  { key: 'commentsHeld', zh: '已采集评论数', cell: (item) => num(item.metrics.coverage.numerator) },
  {
    key: 'commentsReported',
    zh: '微博显示评论数',
    cell: (item) => num(item.metrics.coverage.denominator),
  },
  {
    key: 'definitionVersion',
    zh: '口径版本',
    cell: (_item, _index, s) => text(s.definitionVersion),
  },
  { key: 'windowFrom', zh: '统计起始', cell: (_item, _index, s) => instant(s.window.from) },
  { key: 'windowTo', zh: '统计截止', cell: (_item, _index, s) => instant(s.window.to) },
  { key: 'asOf', zh: '评价时点', cell: (_item, _index, s) => instant(s.window.asOf) },
];

export const CSV_COLUMN_KEYS: readonly string[] = CSV_COLUMNS.map((column) => column.key);

/**
 * The snapshot as CSV for Excel: UTF-8 with a BOM (so Excel reads Chinese
 * correctly), CRLF after every record, RFC 4180 quoting, one row per item in
 * `items` order. Header cells are `中文(key)` (bilingual, default) or the bare
 * English keys, which equal the JSON field names. Numbers use '.' and never
 * exponent notation; null is an empty cell. Text cells (names and units come
 * from Weibo and users) that begin with = + - @ TAB or CR get a leading
 * apostrophe so that spreadsheets do not run them as formulas (OWASP CSV
 * injection); numeric cells are written as numbers and never prefixed.
 */
export function snapshotToCsv(
  snapshot: SnapshotContent,
  options: { header?: CsvHeaderStyle } = {},
): string {
  const headerStyle = options.header ?? 'bilingual';
  const header = CSV_COLUMNS.map((column) =>
    formatCell(text(headerStyle === 'bilingual' ? `${column.zh}(${column.key})` : column.key)),
  );
  const rows = snapshot.items.map((item, index) =>
    CSV_COLUMNS.map((column) => formatCell(column.cell(item, index, snapshot))),
  );
  return '\uFEFF' + [header, ...rows].map((cells) => cells.join(',') + '\r\n').join('');
}

const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function formatCell(cell: CsvCell): string {
  if (cell.kind === 'number') {
    return cell.value === null ? '' : formatNumber(cell.value);
  }
  const guarded = FORMULA_TRIGGER.test(cell.value) ? `'${cell.value}` : cell.value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new TypeError(`${String(value)} cannot be written to CSV`);
  }
  const plain = String(value);
  return /e/i.test(plain)
    ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })
    : plain;
}
