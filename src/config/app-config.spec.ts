import { ConfigInvalid, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the SPEC defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: null,
      dataDir: './data',
      port: 3000,
      weiboBaseUrl: 'https://m.weibo.cn',
      weiboMinIntervalMs: 1000,
      weiboBackfillDays: 30,
      weiboTrackDays: 30,
      pollCron: '*/5 * * * *',
      pollEnabled: true,
      adminKey: null,
      businessTimeZone: 'Asia/Shanghai',
      metricsToken: null,
      appealDays: 10,
      publicRateLimitPerMinute: 120,
      integrityThresholds: {
        copyPasteMinCases: 3,
        bulkClosureMinCases: 10,
        bulkClosureWindowMinutes: 10,
        surveyBurstMinSurveys: 20,
        surveyBurstWindowMinutes: 10,
      },
    });
  });

  it('reads the integrity thresholds', () => {
    expect(
      loadConfig({
        INTEGRITY_BULK_CLOSURE_MIN_CASES: '4',
        INTEGRITY_SURVEY_BURST_WINDOW_MINUTES: '30',
      }).integrityThresholds,
    ).toMatchObject({ bulkClosureMinCases: 4, surveyBurstWindowMinutes: 30, copyPasteMinCases: 3 });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['WEIBO_MIN_INTERVAL_MS', '-5'],
    ['WEIBO_BACKFILL_DAYS', '0'],
    ['POLL_ENABLED', 'yes please'],
    ['POLL_CRON', 'every five minutes'],
    ['POLL_CRON', '61 * * * *'],
    ['WEIBO_BASE_URL', 'ftp://weibo'],
    ['DATABASE_URL', 'mysql://x'],
    ['MINSHENG_ADMIN_KEY', 'short'],
    ['TZ', 'Mars/Olympus'],
    ['METRICS_TOKEN', 'too-short'],
    ['METRICS_TOKEN', 'has a space in it somewhere'],
    ['APPEAL_DAYS', '0'],
    ['APPEAL_DAYS', 'ten'],
    ['PUBLIC_RATE_LIMIT_PER_MINUTE', '0'],
    ['INTEGRITY_COPY_PASTE_MIN_CASES', '1'],
    ['INTEGRITY_BULK_CLOSURE_MIN_CASES', 'ten'],
    ['INTEGRITY_BULK_CLOSURE_WINDOW_MINUTES', '0'],
    ['INTEGRITY_SURVEY_BURST_MIN_SURVEYS', '-3'],
    ['INTEGRITY_SURVEY_BURST_WINDOW_MINUTES', '99999'],
  ])('rejects %s=%s naming the variable', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigInvalid);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable} `));
  });

  it('keeps a well-formed METRICS_TOKEN', () => {
    expect(loadConfig({ METRICS_TOKEN: 'prom-scrape-0123456789' }).metricsToken).toBe(
      'prom-scrape-0123456789',
    );
  });

  it('strips a trailing slash from the Weibo base URL', () => {
    expect(loadConfig({ WEIBO_BASE_URL: 'http://127.0.0.1:9/' }).weiboBaseUrl).toBe(
      'http://127.0.0.1:9',
    );
  });
});
