import type { BenchClient } from '../lib/clients.js';
import type { Metrics } from '../lib/jobs.js';
import { cpuMs } from '../lib/util.js';

/** Requests per flow: create, attach, exists, destroy. */
const REQUESTS_PER_FLOW = 4;

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
 * Case 2: `flows` concurrent flows (create session, attach VideoRoom, `exists`, destroy), all started at once.
 * Requests/s over the wall time, client CPU per request, failed flows.
 */
export async function throughput(client: BenchClient, flows: number, room: number): Promise<Metrics> {
  await runFlows(client, Math.min(200, flows), room);
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const failed = await runFlows(client, flows, room);
  const wallMs = performance.now() - t0;
  const cpu = cpuMs() - cpu0;
  const requests = flows * REQUESTS_PER_FLOW;
  return {
    req_per_s: (requests * 1000) / wallMs,
    wall_ms: wallMs,
    cpu_us_per_req: (cpu * 1000) / requests,
    failed,
  };
}
