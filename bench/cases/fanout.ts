import { writeFileSync } from 'node:fs';
import type { BenchClient, HandleRef, RoomEventKind, SessionRef } from '../lib/clients.js';
import type { Metrics, Recording } from '../lib/jobs.js';
import { cpuMs, pool, waitFor } from '../lib/util.js';

/** Events each participant got, by kind, as the feed ids they name. */
interface Inbox {
  joining: number[];
  leaving: number[];
}

/**
 * Counts, over every unordered pair of participants, the events of one kind between them. With everyone joining
 * before anyone leaves, Janus owes exactly one `joining` per pair (to whichever joined first) and one `leaving`
 * per pair (to whichever left last): 0 for a pair is a lost event, more than 1 a duplicate.
 */
function checkPairs(
  inboxes: Inbox[],
  kind: RoomEventKind,
  indexOfFeed: Map<number, number>,
): { lost: number; duplicated: number } {
  const n = inboxes.length;
  const counts = new Uint8Array((n * (n - 1)) / 2);
  const pairIndex = (a: number, b: number): number => {
    const [i, j] = a < b ? [a, b] : [b, a];
    return (i * (2 * n - i - 1)) / 2 + (j - i - 1);
  };
  let duplicated = 0;
  inboxes.forEach((inbox, recipient) => {
    for (const feed of inbox[kind]) {
      const other = indexOfFeed.get(feed);
      if (other === undefined || other === recipient) {
        duplicated++; // an event about someone not in the run, or about oneself: not owed
        continue;
      }
      const k = pairIndex(recipient, other);
      if (counts[k] < 255) counts[k]++;
    }
  });
  let lost = 0;
  for (const c of counts) {
    if (c === 0) lost++;
    else duplicated += c - 1;
  }
  return { lost, duplicated };
}

/**
 * Case 3: `publishers` VideoRoom participants (no media) of one client join one room with `notify_joining`, then
 * leave. Janus sends `joining` to everyone already in the room and `leaving` to everyone still in it:
 * P(P-1)/2 events of each kind. Events/s delivered to the application, client CPU per event, lost/duplicated.
 */
export async function fanout(
  client: BenchClient,
  publishers: number,
  room: number,
  recordTo?: string,
): Promise<Metrics> {
  const sessions: SessionRef[] = [];
  const handles: HandleRef[] = [];
  const inboxes: Inbox[] = [];
  let received = 0;
  await pool(publishers, 50, async (i) => {
    const session = await client.createSession();
    const handle = await client.attachVideoRoom(session);
    const inbox: Inbox = { joining: [], leaving: [] };
    client.onRoomEvents(handle, (kind, feed) => {
      received++;
      inbox[kind].push(feed);
    });
    sessions[i] = session;
    handles[i] = handle;
    inboxes[i] = inbox;
  });

  // Warm-up (the same for every client): 60 other participants join and leave, so that the JIT has compiled the
  // event path. (A VideoRoom handle that left cannot join again: they are sessions of their own.)
  const warm: Array<{ session: SessionRef; handle: HandleRef }> = [];
  let warmEvents = 0;
  await pool(60, 30, async () => {
    const session = await client.createSession();
    const handle = await client.attachVideoRoom(session);
    client.onRoomEvents(handle, () => warmEvents++);
    warm.push({ session, handle });
  });
  await Promise.all(warm.map(({ handle }, i) => client.joinPublisher(handle, room, `w${i}`)));
  await waitFor(
    () => warmEvents >= (60 * 59) / 2,
    () => warmEvents,
    3000,
  );
  await Promise.all(warm.map(({ handle }) => client.leave(handle)));
  await waitFor(
    () => warmEvents >= 60 * 59,
    () => warmEvents,
    3000,
  );
  await Promise.all(warm.map(({ session }) => client.destroy(session)));

  const frames: string[] = [];
  if (recordTo) {
    client.socket().on('message', (data: Buffer) => {
      const frame = data.toString();
      if (!frame.includes('"transaction"')) frames.push(frame);
    });
  }

  const perKind = (publishers * (publishers - 1)) / 2;
  const cpu0 = cpuMs();
  const t0 = performance.now();
  const feeds = await Promise.all(handles.map((h, i) => client.joinPublisher(h, room, `p${i}`)));
  const joinedAll = await waitFor(
    () => received >= perKind,
    () => received,
    3000,
  );
  await Promise.all(handles.map((h) => client.leave(h)));
  const leftAll = await waitFor(
    () => received >= 2 * perKind,
    () => received,
    3000,
  );
  // A run that lost events waited 3 s for nothing: keep that out of the rate.
  const wallMs = performance.now() - t0 - (joinedAll ? 0 : 3000) - (leftAll ? 0 : 3000);
  const cpu = cpuMs() - cpu0;

  const indexOfFeed = new Map(feeds.map((feed, i) => [feed, i]));
  const joining = checkPairs(inboxes, 'joining', indexOfFeed);
  const leaving = checkPairs(inboxes, 'leaving', indexOfFeed);

  if (recordTo) {
    const recipients = new Set(handles.map((h) => h.id));
    const recording: Recording = {
      recipients: sessions.map((s, i) => [s.id, handles[i].id]),
      // Only the run's participants' events (not a late one of the warm-up room).
      frames: frames.filter((frame) => recipients.has((JSON.parse(frame) as { sender?: number }).sender ?? -1)),
    };
    writeFileSync(recordTo, JSON.stringify(recording));
  }
  await pool(publishers, 100, async (i) => {
    await client.destroy(sessions[i]);
  });

  return {
    events: received,
    events_per_s: (received * 1000) / wallMs,
    wall_ms: wallMs,
    cpu_us_per_event: (cpu * 1000) / received,
    lost: joining.lost + leaving.lost,
    duplicated: joining.duplicated + leaving.duplicated,
  };
}
