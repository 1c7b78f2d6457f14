import type { BenchClient, HandleRef, SessionRef } from '../lib/clients.js';
import type { Metrics } from '../lib/jobs.js';
import { pool, settleHeap } from '../lib/util.js';

/**
 * Case 4: `sessions` live sessions with one EchoTest handle each, held by the application; heap and RSS growth
 * after full GCs, per session+handle.
 */
export async function memory(client: BenchClient, sessions: number): Promise<Metrics> {
  // Warm up the code paths (and the client's tables) so that the baseline holds the code, not the data.
  const warm: SessionRef[] = [];
  await pool(Math.min(200, sessions), 50, async () => {
    const session = await client.createSession();
    await client.attachEchoTest(session);
    warm.push(session);
  });
  await pool(warm.length, 50, async (i) => client.destroy(warm[i]));
  warm.length = 0;

  const before = await settleHeap();
  const held: Array<[SessionRef, HandleRef]> = [];
  await pool(sessions, 100, async () => {
    const session = await client.createSession();
    held.push([session, await client.attachEchoTest(session)]);
  });
  const after = await settleHeap();
  const result = {
    heap_bytes_per_pair: (after.heapUsed - before.heapUsed) / sessions,
    rss_bytes_per_pair: (after.rss - before.rss) / sessions,
    live_pairs: held.length,
  };
  await pool(held.length, 100, async (i) => client.destroy(held[i][0]));
  return result;
}
