/**
 * `npm run demo`: starts a private Janus on loopback (tools/janus-harness), then the built app pointed at it,
 * and stops both on Ctrl-C. Compiled to dist/tools/demo.js; the app must be built (dist/apps/app/main.js).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRunning, stopChild } from './child-process.js';
import { demoAdminToken, demoJwtSecret, DEMO_TOKEN_TTL_S, portProblem } from './demo-support.js';
import { startDemoStream } from './demo-stream.js';
import { startJanus, type JanusInstance } from './janus-harness/index.js';
import type { RtpTestSource } from './rtp-test-source.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The project root, from the sources (tools/) or from the build (dist/tools/). */
const root = [join(here, '..'), join(here, '..', '..')].find((dir) => existsSync(join(dir, 'package.json')))!;
const appMain = join(root, 'dist', 'apps', 'app', 'main.js');
const port = process.env.PORT ?? '3000';
const host = process.env.HOST ?? '127.0.0.1';

let janus: JanusInstance | undefined;
let app: ChildProcess | undefined;
/** ffmpeg feeding the demo's Streaming mountpoint. */
let demoStream: RtpTestSource | undefined;
let stopping: Promise<void> | undefined;

function log(message: string): void {
  console.log(`demo: ${message}`);
}

/** The exit code for a child that ended on a signal: 0 for the signals a user stops the demo with. */
function signalExitCode(signal: NodeJS.Signals | null): number {
  if (signal === null || signal === 'SIGINT' || signal === 'SIGTERM') return 0;
  return 128 + (constants.signals[signal] ?? 0);
}

/** Stops the app (if it still runs), then Janus, then exits. Runs once, whoever calls it first. */
function stop(exitCode: number): Promise<void> {
  stopping ??= (async () => {
    let code = exitCode;
    try {
      await demoStream?.stop();
      if (app && isRunning(app)) {
        log('stopping the app');
        await stopChild(app, 10_000);
      }
      if (janus) {
        log('stopping Janus');
        await janus.stop();
      }
    } catch (err) {
      console.error('demo: error while stopping:', err);
      code = code || 1;
    }
    process.exit(code);
  })();
  return stopping;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void stop(0);
    });
  }
  if (!existsSync(appMain)) {
    console.error(`demo: ${appMain} is missing: run \`npm run build\` first (npm run demo does).`);
    process.exit(1);
  }
  const busy = await portProblem(host, Number(port));
  if (busy) {
    console.error(`demo: ${busy}`);
    process.exit(1);
  }

  log('starting a local Janus (loopback only)');
  janus = await startJanus();
  log(`Janus API ${janus.wsUrl}, Admin API ${janus.adminUrl}, log ${janus.logFile}`);
  if (stopping) return;

  const jwtSecret = demoJwtSecret();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Pages need no token (AUTH_REQUIRED=false); the REST room API does: the demo mints one with this secret.
    JWT_SECRET: jwtSecret,
    JANUS_URL: janus.wsUrl,
    JANUS_API_SECRET: janus.apiSecret ?? '',
    JANUS_ADMIN_URL: janus.adminUrl,
    JANUS_ADMIN_SECRET: janus.adminSecret,
    AUTH_REQUIRED: 'false',
    // The demo room's secret stays on the server side (room administration needs it).
    VIDEOROOM_ROOM_SECRETS: `1234=${janus.videoRoomSecret}`,
    AUDIOBRIDGE_ROOM_SECRETS: `1234=${janus.videoRoomSecret}`,
    PORT: port,
    HOST: host,
  };
  app = spawn(process.execPath, [appMain], { cwd: root, env, stdio: 'inherit' });
  app.once('exit', (code, signal) => {
    if (!stopping) log(`the app exited (${code ?? signal})`);
    void stop(code ?? signalExitCode(signal));
  });

  if (await waitForHealth(`http://127.0.0.1:${port}/health`, 30_000)) {
    const token = await demoAdminToken(jwtSecret, process.env.JWT_ADMIN_ROLE);
    demoStream = await startDemoStream(`http://127.0.0.1:${port}`, token, log);
    // Stopped meanwhile (Ctrl-C): ffmpeg must not outlive the demo.
    if (stopping) await demoStream?.stop();
    console.log(
      `\nAn admin token for the room REST API and Swagger's "Try it out" (Authorize) at ` +
        `http://localhost:${port}/api/docs, valid ${DEMO_TOKEN_TTL_S / 3600} h:\n${token}\n` +
        `\nOpen http://localhost:${port}\n(Ctrl-C stops the app and Janus)\n`,
    );
  } else if (!stopping) {
    log(`the app did not answer http://127.0.0.1:${port}/health in 30 s`);
    await stop(1);
  }
}

main().catch(async (err: unknown) => {
  console.error('demo:', err instanceof Error ? err.message : err);
  await stop(1);
});
