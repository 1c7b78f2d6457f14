import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRunning, killWithThisProcess, stopChild } from '../child-process.js';
import { freePort } from '../janus-harness/index.js';

const REDIS_BIN = '/usr/bin/redis-server';
const here = dirname(fileURLToPath(import.meta.url));
/** scripts/setup.mjs, from the TypeScript source (tools/redis-harness) and from the build (dist/tools/redis-harness). */
const SETUP = [join(here, '..', '..'), join(here, '..', '..', '..')]
  .map((dir) => join(dir, 'scripts', 'setup.mjs'))
  .find((file) => existsSync(file))!;

/** A private Redis on loopback, for the scale-out tests and the bench's `scale` case. */
export interface RedisInstance {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and removes its folder. Idempotent. */
  stop(): Promise<void>;
}

/** Installs Debian's `redis-server` when it is missing (through scripts/setup.mjs, as the Janus harness does). */
export function ensureRedisInstalled(): void {
  if (existsSync(REDIS_BIN)) return;
  const result = spawnSync(process.execPath, [SETUP, '--apt', 'redis-server'], { stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(REDIS_BIN)) {
    throw new Error('redis-server is not installed and could not be installed (see the setup output above)');
  }
}

/** Resolves true when something on `port` answers `PING` with `+PONG`. */
function ping(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(String(data).startsWith('+PONG')));
    socket.once('error', () => done(false));
  });
}

/**
 * Starts a private `redis-server` on a free 127.0.0.1 port: nothing saved to disk, its folder in the temp dir.
 * Resolves once it answers `PING`. Stop it with `stop()`; it is killed when this process exits (or dies: a watchdog
 * shell waits on this process).
 */
export async function startRedis(): Promise<RedisInstance> {
  ensureRedisInstalled();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'nestjs-janus-redis-'));
  const child = spawn(
    REDIS_BIN,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  killWithThisProcess(child);
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => output.push(String(chunk)));

  let removed = false;
  const stop = async (): Promise<void> => {
    await stopChild(child, 5000);
    if (!removed) {
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    }
  };

  const deadline = Date.now() + 10_000;
  while (isRunning(child) && Date.now() < deadline) {
    if (await ping(port, 500)) return { url: `redis://127.0.0.1:${port}`, port, pid: child.pid!, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`redis-server did not answer PING on port ${port} within 10 s:\n${output.join('')}`);
}
