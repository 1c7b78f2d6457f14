import type { BenchClient } from '../lib/clients.js';
import type { Metrics, Turns } from '../lib/jobs.js';
import { cpuMs } from '../lib/util.js';

/** Requests per flow: create, attach, exists, destroy. */
const REQUESTS_PER_FLOW = 4;
/** Flows measured per run: small N is repeated burst after burst until this many ran. */
const MIN_FLOWS = 4000;
/**
 * Warm-up flows before measuring (the same for every client). After 2000, V8 was still compiling nestjs-janus's and
 * Janode's request paths on its background threads, and that CPU landed in the N = 100 measurement (client CPU per
 * request 1.5x raw after 2000 warm-up flows, 1.1x after 10 000; see bench/README.md, "Warm-up").
 */
const WARMUP_FLOWS = 10_000;

async function runFlows(client: BenchClient, flows: number, room: number): Promise<number> {
  let failed = 0;
  await Promise.all(
    Array.from({ length: flows }, async () => {
      try {
        const session = await client.createSession();
        const handle = await client.attachVideoRoom(session);
        if (!(await client.roomExists(handle, room))) throw new Error(`room ${room} does not exist`);
        await client.destroy(session);
      } catch {
        failed++;
      }
    }),
  );
  return failed;
}

/**
 * Case 2: `flows` concurrent flows (create session, attach VideoRoom, `exists`, destroy), all started at once
 * (repeated, one burst after the other, until 4000 flows ran). Requests/s over the wall time, wall time of one
 * burst, client CPU per request, failed flows. With `turns`, the bursts are split into `turns.batches` turns of
 * back-to-back bursts (the other clients' children wait meanwhile), each after an unmeasured burst of 100 flows.
 */
export async function throughput(client: BenchClient, flows: number, room: number, turns?: Turns): Promise<Metrics> {
  for (let done = 0; done < WARMUP_FLOWS; done += Math.min(flows, 1000))
    await runFlows(client, Math.min(flows, 1000), room);
  const rounds = Math.ceil(MIN_FLOWS / flows);
  const perTurn = Math.ceil(rounds / (turns?.batches ?? 1));
  let cpu = 0;
  let wall = 0;
  let failed = 0;
  for (let r = 0; r < rounds; r++) {
    if (turns && r % perTurn === 0) {
      await turns.next();
      // Not measured: one small burst to bring the caches back after the other children's turn (a burst right
      // after an idle pause measures cold caches, not the throughput of the client; see bench/README.md).
      await runFlows(client, Math.min(flows, 100), room);
    }
    const cpu0 = cpuMs();
    const t0 = performance.now();
    failed += await runFlows(client, flows, room);
    wall += performance.now() - t0;
    cpu += cpuMs() - cpu0;
  }
  const wallMs = wall / rounds;
  const requests = flows * REQUESTS_PER_FLOW * rounds;
  return {
    req_per_s: (requests * 1000) / (wallMs * rounds),
    wall_ms: wallMs,
    cpu_us_per_req: (cpu * 1000) / requests,
    failed,
  };
}
