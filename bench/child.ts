// One (case, client) run in its own process: `node child.js '<job JSON>'`; the outcome goes back over IPC.
import { fanout } from './cases/fanout.js';
import { appJoin, directJoin } from './cases/join.js';
import { keepaliveLatency, lifecycleLatency } from './cases/latency.js';
import { memory } from './cases/memory.js';
import { replay } from './cases/replay.js';
import { throughput } from './cases/throughput.js';
import { connectClient } from './lib/clients.js';
import type { ChildMessage, Job, Metrics, ParentMessage, Turns } from './lib/jobs.js';

function turnsOf(job: { batches?: number; turns?: boolean }): Turns | undefined {
  if ((!job.batches && !job.turns) || !process.send) return undefined;
  let go: (() => void) | undefined;
  process.on('message', (message: ParentMessage) => {
    if (message.run) go?.();
  });
  return {
    batches: job.batches ?? 1,
    next: () =>
      new Promise<void>((resolve) => {
        go = resolve;
        process.send!({ waiting: true } satisfies ChildMessage);
      }),
  };
}

async function run(job: Job): Promise<Metrics> {
  if (job.kind === 'app-join') {
    return appJoin(job.appUrl, job.appPid, job.token, job.participants, job.room, job.sequential, turnsOf(job));
  }
  const client = await connectClient(job.client, job.janus);
  try {
    switch (job.kind) {
      case 'keepalive':
        return await keepaliveLatency(client, job.count, turnsOf(job));
      case 'lifecycle':
        return await lifecycleLatency(client, job.count, turnsOf(job));
      case 'throughput':
        return await throughput(client, job.flows, job.room, turnsOf(job));
      case 'fanout':
        return await fanout(client, job.publishers, job.room, job.recordTo);
      case 'replay':
        return await replay(client, job.recording, job.passes, turnsOf(job));
      case 'memory':
        return await memory(client, job.sessions);
      case 'direct-join':
        return await directJoin(client, job.participants, job.room, job.sequential, turnsOf(job));
    }
  } finally {
    await client.close();
  }
}

function send(outcome: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      console.log(JSON.stringify(outcome));
      resolve();
      return;
    }
    process.send(outcome, () => resolve());
  });
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
let outcome: ChildMessage;
try {
  outcome = { ok: true, metrics: await run(job) };
} catch (err) {
  outcome = { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}
await send(outcome);
process.exit(0);
