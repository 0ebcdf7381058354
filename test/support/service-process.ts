/**
 * The service as a child process (src/main.ts under ts-node, types not
 * checked), for tests that kill it: SIGKILL in the middle of a poll, then a
 * restart on the same database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ADMIN_KEY } from './test-app';

const REPO_ROOT = join(__dirname, '..', '..');

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Authorization header of the first admin. */
  admin: { Authorization: string };
  /** The child's log so far (one JSON line per event). */
  log(): string;
  /** SIGKILL: no shutdown hook, no rollback but the database's own. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts the service with `env` on top of a minimal environment (the
 * caller's DATABASE_URL is not inherited: pass it, or MINSHENG_DATA_DIR) and
 * waits until /health answers.
 */
export async function startServiceProcess(options: {
  env: Record<string, string>;
  logFile: string;
  readyTimeoutMs?: number;
}): Promise<ServiceProcess> {
  const port = await freePort();
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.MINSHENG_DATA_DIR;
  const logFd = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      NODE_OPTIONS: '',
      TS_NODE_TRANSPILE_ONLY: '1',
      PORT: String(port),
      POLL_ENABLED: 'false',
      MINSHENG_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const url = `http://127.0.0.1:${port}`;
  const log = () => readFileSync(options.logFile, 'utf8');
  const deadline = Date.now() + (options.readyTimeoutMs ?? 45_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the service exited before it was ready:\n${log().slice(-3000)}`);
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) {
        break;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service was not ready in time:\n${log().slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    admin: { Authorization: `Bearer ${ADMIN_KEY}` },
    log,
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
