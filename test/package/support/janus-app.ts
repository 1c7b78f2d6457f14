import { JanusAdminClient } from 'nestjs-janus';
import { startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';
import { copyApp, lastJsonLine, npmInstall, run, type PackedLibrary } from './run.js';

/** The room every consumer app joins: the harness's demo room (notify_joining on). */
export const ROOM = 1234;

/**
 * Runs a consumer app's compiled entry (`node <entry>`) against `janus`, with the URLs and secrets in its
 * environment as a deployment would pass them; the app must exit 0 by itself within a minute (a leaked timer or
 * socket would keep it alive). Returns the JSON line it printed last.
 */
export async function runApp<T>(dir: string, entry: string, janus: JanusInstance, label: string): Promise<T> {
  const result = await run(process.execPath, [entry], {
    cwd: dir,
    timeoutMs: 60_000,
    env: {
      JANUS_URL: janus.wsUrl,
      JANUS_API_SECRET: janus.apiSecret ?? '',
      JANUS_ADMIN_URL: janus.adminUrl,
      JANUS_ADMIN_SECRET: janus.adminSecret,
      ROOM: String(ROOM),
    },
  });
  console.log(`${label}: run ${result.ms} ms`);
  return lastJsonLine<T>(result.stdout);
}

/**
 * Copies the consumer app `name` with the packed library and installs it while a Janus starts; hands the Janus to
 * `keep` as soon as it runs, so that the caller's afterAll stops it whichever of the two failed. Resolves with the
 * app's folder.
 */
export function installWithJanus(
  name: string,
  packed: PackedLibrary,
  keep: (janus: JanusInstance) => void,
): Promise<string> {
  return withJanus(async () => {
    const app = copyApp(name, packed);
    const { ms } = await npmInstall(app);
    console.log(`${name}: npm install ${ms} ms`);
    return app;
  }, keep);
}

/** Starts a Janus while `work` runs, handing it to `keep` as soon as it runs; resolves with what `work` did. */
async function withJanus<T>(work: () => Promise<T>, keep: (janus: JanusInstance) => void): Promise<T> {
  const [started, done] = await Promise.allSettled([startJanus().then(keep), work()]);
  for (const outcome of [started, done]) {
    if (outcome.status === 'rejected') {
      throw outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason));
    }
  }
  return (done as PromiseFulfilledResult<T>).value;
}

/** The sessions Janus still has, asked through the Admin API from the test process. */
export async function janusSessions(janus: JanusInstance): Promise<number[]> {
  const admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: false });
  try {
    return await admin.listSessions();
  } finally {
    await admin.close();
  }
}
