import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../../tools/child-process.js';
import { freePort } from '../../tools/janus-harness/index.js';
import type { JanusTarget } from './clients.js';
import { sleep } from './util.js';

/** dist/bench/lib → the project root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The preload that answers `{ heapProbe: true }` over IPC with the heap after full GCs (not compiled: .cjs). */
const HEAP_PROBE = join(root, 'bench', 'preload', 'heap-probe.cjs');
const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const server of running) server.kill('SIGKILL');
});

export interface RunningServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  pid: number;
  /**
   * The server's `process.memoryUsage()` after full GCs (started with `heapProbe`; rejects otherwise). The
   * probe runs in the server's main thread: do not call it inside a measured window.
   */
  heap(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeFlags?: readonly string[];
  /** Start with `--expose-gc --require heap-probe.cjs` and an IPC channel, for {@link RunningServer.heap}. */
  heapProbe?: boolean;
}

/**
 * Starts `node <script>` on a free loopback port (passed as PORT, with HOST) and waits until `readyPath`
 * answers 200 (30 s at most).
 */
export async function startServer(
  name: string,
  script: string,
  env: Record<string, string>,
  readyPath: string,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const port = await freePort();
  const probe = options.heapProbe ? ['--expose-gc', '--require', HEAP_PROBE] : [];
  const child = spawn(process.execPath, [...probe, ...(options.nodeFlags ?? []), script], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'inherit', 'inherit', ...(options.heapProbe ? (['ipc'] as const) : [])],
  });
  running.add(child);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopChild(child, 10_000);
    running.delete(child);
  };
  const heap = (): Promise<NodeJS.MemoryUsage> =>
    new Promise((resolve, reject) => {
      if (!child.send) return reject(new Error(`${name} was started without heapProbe`));
      const timer = setTimeout(() => done(new Error(`${name}: no heap probe answer in 30 s`)), 30_000);
      const onMessage = (message: { heapProbe?: NodeJS.MemoryUsage }): void => {
        if (message?.heapProbe) done(undefined, message.heapProbe);
      };
      const done = (err?: Error, usage?: NodeJS.MemoryUsage): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        if (err) reject(err);
        else resolve(usage!);
      };
      child.on('message', onMessage);
      child.send({ heapProbe: true });
    });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      running.delete(child);
      throw new Error(`${name} exited with ${child.exitCode}`);
    }
    const ready = await fetch(`${url}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, pid: child.pid!, heap, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not report ready within 30 s`);
    }
    await sleep(100);
  }
}

/**
 * socket.io with no application (bench/socketio-server): the heartbeat case's floor. `env` as for
 * {@link startJanodeServer}.
 */
export function startSocketIoServer(
  options: ServerOptions = {},
  env: Record<string, string> = {},
): Promise<RunningServer> {
  return startServer('socketio-server', join(root, 'bench', 'socketio-server', 'server.mjs'), env, '/health', options);
}

/**
 * The Janode-based server of bench/janode-server (plain JavaScript, run from the source tree). `env` is added to its
 * settings (e.g. `PING_INTERVAL_MS`).
 */
export function startJanodeServer(
  janus: JanusTarget,
  options: ServerOptions = {},
  env: Record<string, string> = {},
): Promise<RunningServer> {
  return startServer(
    'janode-server',
    join(root, 'bench', 'janode-server', 'server.mjs'),
    { JANUS_URL: janus.url, JANUS_API_SECRET: janus.apiSecret ?? '', JANODE_LOG: 'error', ...env },
    '/health',
    options,
  );
}
