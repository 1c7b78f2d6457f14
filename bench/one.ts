// Runs single jobs against one fresh bench Janus, for profiling and quick checks (not part of `npm run bench`):
//
//   node dist/bench/one.js [--node-flags="--cpu-prof --cpu-prof-dir=/tmp/prof"] '<job>' ['<job>' ...]
//
// A job is a bench/lib/jobs.ts `Job` without `janus` (filled in), e.g. '{"kind":"replay","client":"raw",...}'.
// `app-join` jobs get a fresh app (profiled too with --node-flags) and its url, pid and token filled in.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { appToken, startApp } from './lib/app.js';
import { startBenchJanus } from './lib/janus.js';
import type { Job, JobOutcome } from './lib/jobs.js';

const args = process.argv.slice(2);
const flagArg = args.find((a) => a.startsWith('--node-flags='));
const nodeFlags = flagArg ? flagArg.slice('--node-flags='.length).split(' ').filter(Boolean) : [];
const janus = await startBenchJanus();
try {
  for (const spec of args.filter((a) => a !== flagArg)) {
    let job = { ...(JSON.parse(spec) as object), janus: janus.target } as Job;
    const app = job.kind === 'app-join' ? await startApp(janus.target, nodeFlags) : undefined;
    if (app) job = { ...job, appUrl: app.url, appPid: app.pid, token: await appToken() } as Job;
    const child = fork(fileURLToPath(new URL('./child.js', import.meta.url)), [JSON.stringify(job)], {
      execArgv: ['--expose-gc', ...nodeFlags],
    });
    const t0 = Date.now();
    let outcome: JobOutcome | undefined;
    child.on('message', (message: JobOutcome) => (outcome = message));
    await new Promise((resolve) => child.once('exit', resolve));
    await app?.stop();
    console.log(`${spec} (${Date.now() - t0} ms)\n  ${JSON.stringify(outcome)}`);
  }
} finally {
  await janus.stop();
}
