import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { stopChild } from '../../tools/child-process.js';
import { fileURLToPath } from 'node:url';

/** Debian's Python, where python3-gi and the GStreamer typelibs are installed (not a pyenv or venv one). */
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'rtsp-server.py');

/** A local RTSP server (test/support/rtsp-server.py) serving a VP8 test pattern (payload type 96). */
export interface RtspTestServer {
  /** `rtsp://127.0.0.1:<port>/test`. */
  readonly url: string;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s) and resolves once it exited. Idempotent. */
  stop(): Promise<void>;
}

/** Starts the server on a free loopback port; resolves once it listens (its `READY <url>` line). */
export function startRtspServer(timeoutMs = 15_000): Promise<RtspTestServer> {
  const child = spawn(PYTHON, [SCRIPT, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopChild(child, 3000);
    return stopping;
  };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`RTSP test server ${why}: ${stderr.trim()}`)));
    };
    const timer = setTimeout(() => fail(`not ready in ${timeoutMs} ms`), timeoutMs);
    void exited.then(() => fail(`exited (${child.exitCode ?? child.signalCode})`));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const url = /^READY (rtsp:\/\/\S+)$/.exec(line)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ url, stop });
    });
  });
}
