import { readFileSync } from 'node:fs';
import type { BenchClient, HandleRef, SessionRef } from '../lib/clients.js';
import type { Metrics, Recording, Turns } from '../lib/jobs.js';
import { cpuMs, pool } from '../lib/util.js';

/**
 * Case 3, the client's own ceiling: the recorded fan-out frames are fed to the client's WebSocket as if they had
 * just arrived (`ws.emit('message', buffer, false)`, what `ws` does after reading a frame), so the figure is the
 * client's receive path alone: parse, route to session and handle, deliver to the application's listener. The
 * recipients are real sessions and handles on Janus (the frames are rewritten to their ids); no socket I/O.
 */
export async function replay(
  client: BenchClient,
  recordingFile: string,
  passes: number,
  turns?: Turns,
): Promise<Metrics> {
  const recording = JSON.parse(readFileSync(recordingFile, 'utf8')) as Recording;
  const n = recording.recipients.length;
  const sessions: SessionRef[] = [];
  const handles: HandleRef[] = [];
  let delivered = 0;
  await pool(n, 50, async (i) => {
    const session = await client.createSession();
    const handle = await client.attachVideoRoom(session);
    client.onRoomEvents(handle, () => {
      delivered++;
    });
    sessions[i] = session;
    handles[i] = handle;
  });

  // Rewrite each frame to the recipient of the same rank in this run.
  const rank = new Map(recording.recipients.map(([, handle], i) => [handle, i]));
  const frames = recording.frames.map((frame) => {
    const message = JSON.parse(frame) as { session_id: number; sender: number };
    const i = rank.get(message.sender);
    if (i === undefined) throw new Error(`recorded frame for unknown handle ${message.sender}`);
    message.session_id = sessions[i].id;
    message.sender = handles[i].id;
    return Buffer.from(JSON.stringify(message));
  });

  const ws = client.socket();
  const feed = (count: number): void => {
    for (let i = 0; i < count; i++) ws.emit('message', frames[i], false);
  };
  feed(frames.length); // warm-up pass (the same for every client): JIT-compile the receive path first
  const warm = delivered;

  // With `turns`, each pass is one turn (the other clients' children wait meanwhile).
  let cpu = 0;
  let wallMs = 0;
  for (let p = 0; p < passes; p++) {
    await turns?.next();
    const cpu0 = cpuMs();
    const t0 = performance.now();
    feed(frames.length);
    wallMs += performance.now() - t0;
    cpu += cpuMs() - cpu0;
  }
  const events = delivered - warm;

  await pool(n, 100, async (i) => {
    await client.destroy(sessions[i]);
  });
  return {
    events,
    events_per_s: (events * 1000) / wallMs,
    events_per_cpu_s: (events * 1000) / cpu,
    cpu_us_per_event: (cpu * 1000) / events,
    missed: frames.length * passes - events,
  };
}
