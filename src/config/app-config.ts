import { validate as validateCron } from 'node-cron';

/** Configuration of SPEC section 7, read once at boot from the environment. */
export interface AppConfig {
  databaseUrl: string | null;
  dataDir: string;
  port: number;
  weiboBaseUrl: string;
  weiboCookie: string | null;
  weiboMinIntervalMs: number;
  weiboBackfillDays: number;
  weiboTrackDays: number;
  pollCron: string;
  pollEnabled: boolean;
  adminKey: string | null;
  businessTimeZone: string;
  logLevel: string;
  /** When set, GET /metrics needs `Authorization: Bearer` with it. */
  metricsToken: string | null;
  /** Days after a snapshot (its first version) during which an appeal may be filed. */
  appealDays: number;
  /** Requests per minute one client address may make to /public/*. */
  publicRateLimitPerMinute: number;
  /** SPEC 9 integrity flag thresholds (INTEGRITY_*), stated in every flags response. */
  integrityThresholds: {
    copyPasteMinCases: number;
    bulkClosureMinCases: number;
    bulkClosureWindowMinutes: number;
    surveyBurstMinSurveys: number;
    surveyBurstWindowMinutes: number;
  };
}

export class ConfigInvalid extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | null {
  const value = env[name];
  return value === undefined || value.trim() === '' ? null : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === null) {
    return fallback;
  }
  if (!/^\d+$/.test(raw)) {
    throw new ConfigInvalid(name, `must be a whole number, got "${raw}"`);
  }
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigInvalid(name, `must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name);
  if (raw === null) {
    return fallback;
  }
  if (raw === 'true' || raw === '1') {
    return true;
  }
  if (raw === 'false' || raw === '0') {
    return false;
  }
  throw new ConfigInvalid(name, `must be true or false, got "${raw}"`);
}

function httpUrl(env: Env, name: string, fallback: string): string {
  const raw = text(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigInvalid(name, `must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigInvalid(name, `must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function databaseUrl(env: Env): string | null {
  const raw = text(env, 'DATABASE_URL');
  if (raw === null) {
    return null;
  }
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigInvalid('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  return raw;
}

/** node-cron's own parser decides, so what passes here is what the scheduler runs. */
function cronExpression(env: Env, name: string, fallback: string): string {
  const raw = text(env, name) ?? fallback;
  if (!validateCron(raw)) {
    throw new ConfigInvalid(name, `must be a cron expression like "*/5 * * * *", got "${raw}"`);
  }
  return raw;
}

function timeZone(env: Env): string {
  const raw = text(env, 'TZ') ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw });
  } catch {
    throw new ConfigInvalid('TZ', `must be an IANA time zone, got "${raw}"`);
  }
  return raw;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const adminKey = text(env, 'MINSHENG_ADMIN_KEY');
  if (adminKey !== null && adminKey.length < 16) {
    throw new ConfigInvalid('MINSHENG_ADMIN_KEY', 'must be at least 16 characters long');
  }
  const metricsToken = text(env, 'METRICS_TOKEN');
  if (metricsToken !== null && !/^[\x21-\x7e]{16,}$/.test(metricsToken)) {
    throw new ConfigInvalid(
      'METRICS_TOKEN',
      'must be at least 16 printable ASCII characters without spaces',
    );
  }
  const logLevel = text(env, 'LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigInvalid(
      'LOG_LEVEL',
      `must be one of fatal, error, warn, info, debug, trace, silent`,
    );
  }
  return {
    databaseUrl: databaseUrl(env),
    dataDir: text(env, 'MINSHENG_DATA_DIR') ?? './data',
    port: integer(env, 'PORT', 3000, 0, 65535),
    weiboBaseUrl: httpUrl(env, 'WEIBO_BASE_URL', 'https://m.weibo.cn'),
    weiboCookie: text(env, 'WEIBO_COOKIE'),
    weiboMinIntervalMs: integer(env, 'WEIBO_MIN_INTERVAL_MS', 1000, 0, 600_000),
    weiboBackfillDays: integer(env, 'WEIBO_BACKFILL_DAYS', 30, 1, 3650),
    weiboTrackDays: integer(env, 'WEIBO_TRACK_DAYS', 30, 1, 3650),
    pollCron: cronExpression(env, 'POLL_CRON', '*/5 * * * *'),
    pollEnabled: flag(env, 'POLL_ENABLED', true),
    adminKey,
    businessTimeZone: timeZone(env),
    logLevel,
    metricsToken,
    appealDays: integer(env, 'APPEAL_DAYS', 10, 1, 366),
    publicRateLimitPerMinute: integer(env, 'PUBLIC_RATE_LIMIT_PER_MINUTE', 120, 1, 100_000),
    integrityThresholds: {
      copyPasteMinCases: integer(env, 'INTEGRITY_COPY_PASTE_MIN_CASES', 3, 2, 10_000),
      bulkClosureMinCases: integer(env, 'INTEGRITY_BULK_CLOSURE_MIN_CASES', 10, 2, 10_000),
      bulkClosureWindowMinutes: integer(
        env,
        'INTEGRITY_BULK_CLOSURE_WINDOW_MINUTES',
        10,
        1,
        10_080,
      ),
      surveyBurstMinSurveys: integer(env, 'INTEGRITY_SURVEY_BURST_MIN_SURVEYS', 20, 2, 10_000),
      surveyBurstWindowMinutes: integer(
        env,
        'INTEGRITY_SURVEY_BURST_WINDOW_MINUTES',
        10,
        1,
        10_080,
      ),
    },
  };
}
