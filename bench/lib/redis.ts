// A private Redis for the `scale` case (the app instances share it through REDIS_URL). The same recipe as the tests'
// test/support/redis.ts (Debian's redis-server, installed through scripts/setup.mjs when missing), kept here so
// that the bench does not compile the test tree.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../tools/janus-harness/index.js';
import { root } from './server-process.js';
import { sleep } from './util.js';

const REDIS_BIN = '/usr/bin/redis-server';
const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface BenchRedis {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly pid: number;
  /** SIGTERM (SIGKILL after 5 s), then its folder removed. */
  stop(): Promise<void>;
}

/** Does something on `port` answer `PING` with `+PONG` within `timeoutMs`? */
function pong(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => finish(String(data).startsWith('+PONG')));
    socket.once('error', () => finish(false));
  });
}

/**
 * Starts `redis-server` on a free loopback port, persisting nothing (no RDB, no AOF), and resolves once it answers
 * `PING` (10 s at most). It is killed when the bench exits.
 */
export async function startBenchRedis(): Promise<BenchRedis> {
  if (!existsSync(REDIS_BIN)) {
    const setup = spawnSync(process.execPath, [join(root, 'scripts', 'setup.mjs'), '--apt', 'redis-server'], {
      stdio: 'inherit',
    });
    if (setup.status !== 0 || !existsSync(REDIS_BIN)) throw new Error('redis-server is missing and was not installed');
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'nestjs-janus-bench-redis-'));
  const child = spawn(
    REDIS_BIN,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(force);
    }
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (child.exitCode === null && Date.now() < deadline) {
    if (await pong(port, 500)) return { url: `redis://127.0.0.1:${port}`, pid: child.pid!, stop };
    await sleep(50);
  }
  await stop();
  throw new Error(`redis-server did not answer PING on port ${port} within 10 s`);
}
