import type { BenchClient } from '../lib/clients.js';
import type { Metrics, Turns } from '../lib/jobs.js';
import { cpuMs, latencySummary } from '../lib/util.js';

/**
 * Runs `op` `warmUp` times (the same for every client: V8 compiles the path first), then `count` times one after
 * the other, measured (in `turns.batches` turns when taking turns): p50/p99 of one `op`, client CPU per `op`.
 */
async function sequentialLatency(
  op: () => Promise<void>,
  warmUp: number,
  count: number,
  turns?: Turns,
): Promise<Metrics> {
  for (let i = 0; i < warmUp; i++) await op();
  const samples: number[] = [];
  const cpu0 = cpuMs();
  const batch = Math.ceil(count / (turns?.batches ?? 1));
  for (let i = 0; i < count; i++) {
    if (turns && i % batch === 0) await turns.next();
    const t0 = performance.now();
    await op();
    samples.push(performance.now() - t0);
  }
  const cpu = cpuMs() - cpu0;
  const { p50, p99 } = latencySummary(samples);
  return { p50_ms: p50, p99_ms: p99, cpu_us_per_op: (cpu * 1000) / count };
}

/** Case 1a: `count` keepalives one after the other on one session (after 2000 unmeasured); p50/p99 round trip. */
export async function keepaliveLatency(client: BenchClient, count: number, turns?: Turns): Promise<Metrics> {
  const session = await client.createSession();
  const metrics = await sequentialLatency(() => client.keepalive(session), 2000, count, turns);
  await client.destroy(session);
  return metrics;
}

/**
 * Case 1b: `count` full lifecycles one after the other: create, attach EchoTest, one message, detach, destroy.
 * Warm-up: 2000 lifecycles (10 000 requests). After only 300, V8 was still compiling the larger clients' request
 * paths on its background threads during the measurement, which took CPU from Janus on this 2-core machine and
 * showed up as latency (see bench/README.md, "Warm-up").
 */
export async function lifecycleLatency(client: BenchClient, count: number, turns?: Turns): Promise<Metrics> {
  const once = async (): Promise<void> => {
    const session = await client.createSession();
    const handle = await client.attachEchoTest(session);
    await client.echoMessage(handle);
    await client.detach(handle);
    await client.destroy(session);
  };
  return sequentialLatency(once, 2000, count, turns);
}
