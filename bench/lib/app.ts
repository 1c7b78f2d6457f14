import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { freePort } from '../../tools/janus-harness/index.js';
import type { JanusTarget } from './clients.js';
import { sleep } from './util.js';

/** dist/bench/lib → the project root. */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const JWT_SECRET = 'bench-secret-that-is-at-least-32-characters-long';
const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const app of running) app.kill('SIGKILL');
});

export interface RunningApp {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A token the bench's app accepts (HS256, no roles). */
export function appToken(): Promise<string> {
  return new SignJWT({ roles: [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/**
 * Starts the built app (`node dist/apps/app/main.js`, its production entry point) against `janus` on a free
 * loopback port, and waits until `/health/ready` says Janus is connected.
 */
export async function startApp(janus: JanusTarget, nodeFlags: readonly string[] = []): Promise<RunningApp> {
  const port = await freePort();
  const app = spawn(process.execPath, [...nodeFlags, join(root, 'dist', 'apps', 'app', 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      JANUS_URL: janus.url,
      JANUS_API_SECRET: janus.apiSecret ?? '',
      JWT_SECRET,
      LOG_LEVEL: 'error',
      // Every socket comes from 127.0.0.1: the per-address limit (default 100 joins per 10 s) would refuse them.
      RATE_LIMIT_POINTS: '1000000',
      RATE_LIMIT_IP_POINTS: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  running.add(app);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (app.exitCode === null && app.signalCode === null) {
      const exited = new Promise<void>((resolve) => app.once('exit', () => resolve()));
      app.kill('SIGTERM');
      const force = setTimeout(() => app.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    }
    running.delete(app);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (app.exitCode !== null) {
      running.delete(app);
      throw new Error(`the app exited with ${app.exitCode}`);
    }
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, pid: app.pid!, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the app did not report Janus ready within 30 s');
    }
    await sleep(100);
  }
}
