/**
 * Before the browser suite: make sure the dashboard is built and not older
 * than its sources (a stale build would test yesterday's page).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

function newestUnder(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestUnder(join(path, name))));
}

export default function buildDashboardIfStale(): void {
  const index = join(ROOT, 'dist', 'web', 'index.html');
  const sources = Math.max(
    newestUnder(join(ROOT, 'web', 'src')),
    newestUnder(join(ROOT, 'web', 'index.html')),
    newestUnder(join(ROOT, 'web', 'vite.config.ts')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) {
    return;
  }
  process.stdout.write('browser suite: building the dashboard (npm run build:web)\n');
  execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
}
