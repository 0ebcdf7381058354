import { isDashboardPath, isHashedAsset } from './dashboard-paths';

describe('dashboard paths', () => {
  it('gives the app every screen path', () => {
    for (const path of [
      '/',
      '/login',
      '/backlog',
      '/cases/1',
      '/leaders/x/cases',
      '/apis',
      '/healthy',
    ]) {
      expect(isDashboardPath(path)).toBe(true);
    }
  });

  it('leaves the API, the document, health, metrics and public reports alone', () => {
    for (const path of [
      '/api',
      '/api/v1/leaders',
      '/api/nothing',
      '/docs',
      '/docs/json',
      '/docs-json',
      '/health',
      '/metrics',
      '/public/reports',
    ]) {
      expect(isDashboardPath(path)).toBe(false);
    }
  });

  it('knows hashed assets', () => {
    expect(isHashedAsset('/assets/index-abc123.js')).toBe(true);
    expect(isHashedAsset('/index.html')).toBe(false);
  });
});
