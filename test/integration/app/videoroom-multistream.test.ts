import type { Socket } from 'socket.io-client';
import { VideoRoomService } from 'nestjs-janus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcedRemoteFeed, request, startApp, type AppUnderTest } from '../../support/app-harness.js';
import { answerFor, sdpIdentity, type SdpIdentity } from '../../support/sdp.js';

/**
 * The multistream flow of `/videoroom` (docs/PROTOCOL.md): one subscriber handle per socket and room, its streams
 * added with `subscribe { room, streams }`, removed with `unsubscribe`, both with `update`, each renegotiation
 * answered with `start` without `feed`. Against a real Janus, with VideoRoom remote publishers as the feeds.
 */

const ROOM_SECRET = 'server-side-secret';

interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
}
/** One m-line of a subscription, as Janus describes it. */
interface SubStream {
  type: string;
  mid: string;
  active: boolean;
  feed_id?: number;
  feed_mid?: string;
  feed_display?: string;
}
interface Described {
  room: number;
  streams?: SubStream[];
  jsep?: Jsep;
}

/** Resolves with the `data` of the next `event` on the socket that is pushed (not a reply: no `_id`). */
function pushed<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (payload: { _id?: unknown; data: T }): void => {
      if (payload._id !== undefined) return;
      socket.off(event, listener);
      resolve(payload.data);
    };
    socket.on(event, listener);
  });
}

/** The active m-lines of a subscription as `feed/feed_mid` (e.g. `12/1`), sorted. */
function activeSources(streams: SubStream[] | undefined): string[] {
  return (streams ?? [])
    .filter((s) => s.active)
    .map((s) => `${s.feed_id}/${s.feed_mid}`)
    .sort();
}

describe('VideoRoom multistream subscriptions (/videoroom) against a real Janus', () => {
  let app: AppUnderTest;
  const open: Socket[] = [];

  async function user(): Promise<Socket> {
    const socket = await app.connect('/videoroom', { token: await app.token({ sub: `ms${open.length}` }) });
    open.push(socket);
    return socket;
  }

  async function newRoom(extra: Record<string, unknown> = {}): Promise<number> {
    const admin = await app.connect('/videoroom', { token: await app.token({ sub: 'admin', roles: ['admin'] }) });
    open.push(admin);
    const created = await request<{ room: number }>(admin, 'create', { publishers: 10, ...extra });
    expect(created.ok).toBe(true);
    return created.data.room;
  }

  /** A live feed without a browser (a remote publisher: audio mid 0, video mid 1), announced to `lobby`. */
  async function remoteFeed(lobby: Socket, room: number, display: string): Promise<number> {
    const { id, announced } = await announcedRemoteFeed(app, lobby, room, ROOM_SECRET, display);
    expect(announced).toEqual([id]);
    return id;
  }

  async function removeRemoteFeed(room: number, id: number): Promise<void> {
    await app.app.get(VideoRoomService).removeRemotePublisher({ room, secret: ROOM_SECRET, id });
  }

  /** The plugin's view of the handles of the socket whose publisher is `display` in `room` (Admin API). */
  async function handleTypesOf(display: string, room: number): Promise<string[]> {
    const infos = [];
    for (const session of await app.sessions()) {
      for (const h of await app.admin.listHandles(session)) {
        infos.push(await app.admin.handleInfo(session, h, { plugin_only: true }));
      }
    }
    const owner = infos.find((i) => i.plugin_specific?.display === display && i.plugin_specific.room === room);
    if (!owner?.opaque_id) return [];
    return infos
      .filter((i) => i.opaque_id === owner.opaque_id)
      .map((i) => String(i.plugin_specific?.type))
      .sort();
  }

  /** Answers Janus's offer in `described` with `start` (no `feed`), keeping the PeerConnection's identity. */
  async function start(socket: Socket, described: Described, identity: SdpIdentity, room?: number): Promise<void> {
    expect(described.jsep?.type).toBe('offer');
    const started = await request(socket, 'start', { room, jsep: answerFor(described.jsep!.sdp, identity) });
    expect(started).toMatchObject({ ok: true, data: { room: described.room } });
    expect(started.data).not.toHaveProperty('feed');
  }

  beforeAll(async () => {
    app = await startApp({ env: { VIDEOROOM_DEFAULT_SECRET: ROOM_SECRET, RATE_LIMIT_POINTS: '1000' } });
  });
  afterAll(async () => {
    for (const s of open) s.disconnect();
    await app?.close();
  });

  it('subscribe, subscribe again, unsubscribe, update: one subscriber handle, each change a new offer answered with start', async () => {
    const room = await newRoom();
    const viewer = await user();
    const joined = await request<{ feed: number }>(viewer, 'join', { room, display: 'viewer' });
    expect(joined.ok).toBe(true);
    const b = await remoteFeed(viewer, room, 'b');
    const c = await remoteFeed(viewer, room, 'c');
    const d = await remoteFeed(viewer, room, 'd');
    const pc = sdpIdentity();

    // The first subscribe of the room attaches the subscriber handle: every stream of b, Janus's offer.
    const repliedEvent = new Promise<{ _id?: unknown; data: Described }>((resolve) =>
      viewer.once('subscribed', resolve),
    );
    const first = await request<Described>(viewer, 'subscribe', { room, streams: [{ feed: b }] }, 'sub-1');
    expect(first.ok).toBe(true);
    expect(first.data).toMatchObject({ room, jsep: { type: 'offer' } });
    expect(first.data.streams).toEqual([
      expect.objectContaining({ type: 'audio', mid: '0', active: true, feed_id: b, feed_mid: '0', feed_display: 'b' }),
      expect.objectContaining({ type: 'video', mid: '1', active: true, feed_id: b, feed_mid: '1', feed_display: 'b' }),
    ]);
    // The reply event too (Janode's front-end reads it), with the request's id.
    expect(await repliedEvent).toEqual({ _id: 'sub-1', data: first.data });
    expect(await handleTypesOf('viewer', room)).toEqual(['publisher', 'subscriber']);
    await start(viewer, first.data, pc);

    // A second subscribe in the same room reuses the handle: c's video joins the same PeerConnection.
    const second = await request<Described>(viewer, 'subscribe', { room, streams: [{ feed: c, mid: '1' }] });
    expect(activeSources(second.data.streams)).toEqual([`${b}/0`, `${b}/1`, `${c}/1`].sort());
    expect(await handleTypesOf('viewer', room)).toEqual(['publisher', 'subscriber']);
    await start(viewer, second.data, pc);

    // unsubscribe: b's two m-lines go inactive.
    const unsubscribed = await request<Described>(viewer, 'unsubscribe', { room, streams: [{ feed: b }] });
    expect(unsubscribed.data).toMatchObject({ room, jsep: { type: 'offer' } });
    expect(activeSources(unsubscribed.data.streams)).toEqual([`${c}/1`]);
    await start(viewer, unsubscribed.data, pc);

    // update: c's video out (by the subscription's mid), d's audio in, in one renegotiation (an inactive m-line is
    // reused). No `room`: the socket has one multistream subscription.
    const cMid = unsubscribed.data.streams!.find((s) => s.active && s.feed_id === c)!.mid;
    const updated = await request<Described>(viewer, 'update', {
      subscribe: [{ feed: d, mid: '0' }],
      unsubscribe: [{ sub_mid: cMid }],
    });
    expect(updated.data).toMatchObject({ room, jsep: { type: 'offer' } });
    expect(activeSources(updated.data.streams)).toEqual([`${d}/0`]);
    await start(viewer, updated.data, pc);

    // A request that changes nothing: no offer, no streams.
    const nothing = await request<Described>(viewer, 'unsubscribe', { room, streams: [{ sub_mid: '99' }] });
    expect(nothing.data).toEqual({ room });
    expect(await handleTypesOf('viewer', room)).toEqual(['publisher', 'subscriber']);
  });

  it('configure (per-stream send, ICE restart), pause and start, trickle, switch, a pushed updated, leave', async () => {
    const room = await newRoom();
    const viewer = await user();
    await request(viewer, 'join', { room, display: 'watcher' });
    const b = await remoteFeed(viewer, room, 'b');
    const c = await remoteFeed(viewer, room, 'c');
    let pc = sdpIdentity();
    const subscribed = await request<Described>(viewer, 'subscribe', { room, streams: [{ feed: b }] });
    await start(viewer, subscribed.data, pc, room);

    // configure without feed is the subscription's: Janode's front-end tells it from its publisher's by `feed`.
    const quiet = await request<Described>(viewer, 'configure', { streams: [{ mid: '1', send: false }] });
    expect(quiet).toMatchObject({ ok: true, data: { room } });
    expect(quiet.data).not.toHaveProperty('feed');
    expect(quiet.data.jsep).toBeUndefined();
    const restarted = await request<Described>(viewer, 'configure', { room, restart: true });
    expect(restarted.data).toMatchObject({ room, jsep: { type: 'offer' } });
    expect(restarted.data).not.toHaveProperty('feed');
    // An ICE restart: the browser answers with new ICE credentials.
    pc = { ...pc, ...sdpIdentity(), fingerprint: pc.fingerprint };
    await start(viewer, restarted.data, pc);

    expect(await request(viewer, 'pause', {})).toMatchObject({ ok: true, data: { room } });
    expect(await request(viewer, 'start', {})).toMatchObject({ ok: true, data: { room } });
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0' };
    expect(await request(viewer, 'trickle', { candidate })).toMatchObject({ ok: true, data: {} });
    expect(await request(viewer, 'trickle-complete', {})).toMatchObject({ ok: true, data: {} });

    // switch: the video m-line receives c's video instead of b's, without a new offer.
    const switched = await request<{ room: number; changes: number; streams: SubStream[] }>(viewer, 'switch', {
      streams: [{ feed: c, mid: '1', sub_mid: '1' }],
    });
    expect(switched.data).toMatchObject({ room, changes: 1 });
    expect(activeSources(switched.data.streams)).toEqual([`${b}/0`, `${c}/1`].sort());

    // b goes away: Janus renegotiates by itself, pushed as `updated` (no `_id`) with its offer.
    const pushedUpdate = pushed<Described>(viewer, 'updated');
    await removeRemoteFeed(room, b);
    const update = await pushedUpdate;
    expect(update).toMatchObject({ room, jsep: { type: 'offer' } });
    expect(activeSources(update.streams)).toEqual([`${c}/1`]);
    await start(viewer, update, pc);

    // leave without feed ends the subscription (its handle is detached); the publisher stays.
    const left = await request(viewer, 'leave', {});
    expect(left).toMatchObject({ ok: true, data: { room } });
    expect(left.data).not.toHaveProperty('feed');
    await expect.poll(() => handleTypesOf('watcher', room), { timeout: 5000, interval: 50 }).toEqual(['publisher']);
    expect((await request(viewer, 'start', { jsep: answerFor(update.jsep!.sdp) })).error).toEqual({
      code: 'NOT_FOUND',
      message: 'handle-not-available',
    });
  });

  it("the socket's publisher private_id is passed in a require_pvtid room; concurrent subscribes share one handle", async () => {
    const room = await newRoom({ require_pvtid: true });
    const lobby = await user();
    await request(lobby, 'join', { room, display: 'lobby' });
    const b = await remoteFeed(lobby, room, 'b');
    const c = await remoteFeed(lobby, room, 'c');

    // Without a publisher of its own in the room, Janus refuses the subscription (no private_id).
    const stranger = await user();
    const refused = await request(stranger, 'subscribe', { room, streams: [{ feed: b }] });
    expect(refused.error).toMatchObject({ code: 'FORBIDDEN', janusCode: 433 });

    // With one, the server passes its private_id. Two subscribes at once: the second waits for the first's handle
    // and extends it; Janus has not had the answer to the first offer yet, so the second's offer comes pushed.
    const member = await user();
    await request(member, 'join', { room, display: 'member' });
    const [one, two] = await Promise.all([
      request<Described>(member, 'subscribe', { room, streams: [{ feed: b }] }),
      request<Described>(member, 'subscribe', { room, streams: [{ feed: c }] }),
    ]);
    expect(one.data).toMatchObject({ room, jsep: { type: 'offer' } });
    expect(two).toMatchObject({ ok: true, data: { room } });
    expect(two.data.jsep).toBeUndefined();
    expect(await handleTypesOf('member', room)).toEqual(['publisher', 'subscriber']);
    const later = pushed<Described>(member, 'updated');
    const pc = sdpIdentity();
    await start(member, one.data, pc);
    const offer = await later;
    expect(activeSources(offer.streams)).toEqual([`${b}/0`, `${b}/1`, `${c}/0`, `${c}/1`].sort());
    await start(member, offer, pc);
  });

  it('errors: bad shapes name the field, unknown feed or room is NOT_FOUND, no subscription is handle-not-available', async () => {
    const room = await newRoom();
    const socket = await user();
    await request(socket, 'join', { room, display: 'errors' });
    const b = await remoteFeed(socket, room, 'b');

    const bad = async (event: string, data: unknown, field: string): Promise<void> => {
      const reply = await request(socket, event, data);
      expect({ event, field, error: reply.error }).toMatchObject({
        event,
        field,
        error: { code: 'BAD_REQUEST', message: expect.stringContaining(field) },
      });
    };
    await bad('subscribe', { room, streams: [] }, 'streams');
    await bad('subscribe', { room, streams: [{ feed: 'b' }] }, 'streams.0.feed');
    await bad('subscribe', { room, streams: [{ feed: 2 ** 53 + 2 }] }, 'streams.0.feed');
    await bad('subscribe', { room, streams: [{ feed: b, mid: 'x'.repeat(17) }] }, 'streams.0.mid');
    await bad('subscribe', { room, streams: [{ feed: b, substream: 3 }] }, 'streams.0.substream');
    await bad('subscribe', { room, streams: [[]] }, 'streams');
    await bad('subscribe', { room, streams: Array.from({ length: 65 }, () => ({ feed: b })) }, 'streams');
    await bad('subscribe', { streams: [{ feed: b }] }, 'room');
    await bad('subscribe', { room, feed: b, streams: [{ feed: b }] }, 'feed');
    await bad('unsubscribe', { room, streams: [{ mid: '0' }] }, 'streams.0.feed');
    await bad('unsubscribe', { room }, 'streams');
    await bad('update', { room }, 'subscribe');
    await bad('update', { room, subscribe: [], unsubscribe: [{ feed: b }] }, 'subscribe');
    await bad('switch', { streams: [{ feed: b }] }, 'streams.0.mid');
    await bad('start', { jsep: { type: 'answer' } }, 'jsep.sdp');
    await bad('configure', { streams: [{ mid: '0', max_delay: 5000 }] }, 'streams.0.max_delay');
    await bad('trickle', { candidate: null }, 'candidate');
    await bad('leave', { room: 'r' }, 'room');

    // Nothing to talk to yet: every request about the subscription is handle-not-available.
    for (const [event, data] of [
      ['start', { jsep: { type: 'answer', sdp: 'v=0\r\n' } }],
      ['pause', {}],
      ['configure', { restart: true }],
      ['unsubscribe', { streams: [{ feed: b }] }],
      ['update', { subscribe: [{ feed: b }] }],
      ['switch', { streams: [{ feed: b, mid: '1', sub_mid: '1' }] }],
      ['trickle', { candidate: { completed: true } }],
      ['trickle-complete', {}],
      ['leave', { room }],
    ] as const) {
      const reply = await request(socket, event, data);
      expect({ event, error: reply.error }).toEqual({
        event,
        error: { code: 'NOT_FOUND', message: 'handle-not-available' },
      });
    }
    // A socket without a Janus session at all.
    expect((await request(await user(), 'start', { jsep: answerFor('v=0\r\n') })).error).toMatchObject({
      code: 'SESSION_NOT_AVAILABLE',
    });

    // An unknown feed or room: NOT_FOUND, and no handle is left behind.
    const noFeed = await request(socket, 'subscribe', { room, streams: [{ feed: 424242 }] });
    expect(noFeed.error).toMatchObject({ code: 'NOT_FOUND', janusCode: 428 });
    const noMid = await request(socket, 'subscribe', { room, streams: [{ feed: b, mid: '7' }] });
    expect(noMid.error).toMatchObject({ code: 'NOT_FOUND', janusCode: 428 });
    const noRoom = await request(socket, 'subscribe', { room: 987654321, streams: [{ feed: b }] });
    expect(noRoom.error).toMatchObject({ code: 'NOT_FOUND', janusCode: 426 });
    expect(await handleTypesOf('errors', room)).toEqual(['publisher']);

    // `null` means absent: `feed: null` is the multistream shape.
    const subscribed = await request<Described>(socket, 'subscribe', { room, feed: null, streams: [{ feed: b }] });
    expect(subscribed.data.jsep?.type).toBe('offer');
    const pc = sdpIdentity();
    await start(socket, subscribed.data, pc);
    // Once there is one: an unknown feed is still NOT_FOUND, and the subscription is unharmed.
    const unknown = await request(socket, 'subscribe', { room, streams: [{ feed: 424242 }] });
    expect(unknown.error).toMatchObject({ code: 'NOT_FOUND', janusCode: 428 });
    expect((await request(socket, 'pause', { feed: null })).data).toEqual({ room });

    // A second room: requests without `room` no longer know which subscription they are about.
    const other = await newRoom();
    await request(socket, 'join', { room: other, display: 'errors-2' });
    const x = await remoteFeed(socket, other, 'x');
    const second = await request<Described>(socket, 'subscribe', { room: other, streams: [{ feed: x }] });
    expect(second.data.jsep?.type).toBe('offer');
    await bad('pause', {}, 'room');
    expect((await request(socket, 'pause', { room: other })).data).toEqual({ room: other });
    expect((await request(socket, 'pause', { room })).data).toEqual({ room });
  });

  it('subscribe and update spend the rate limit like join (RATE_LIMITED); a socket that goes leaves nothing behind', async () => {
    const limited = await startApp({
      env: { VIDEOROOM_DEFAULT_SECRET: ROOM_SECRET, RATE_LIMIT_POINTS: '4', RATE_LIMIT_WINDOW_S: '60' },
    });
    try {
      const admin = await limited.connect('/videoroom', { token: await limited.token({ roles: ['admin'] }) });
      const room = (await request<{ room: number }>(admin, 'create', { publishers: 4 })).data.room;
      const socket = await limited.connect('/videoroom', { token: await limited.token({ sub: 'limited' }) });
      expect((await request(socket, 'join', { room, display: 'limited' })).ok).toBe(true);
      const { id: b } = await announcedRemoteFeed(limited, socket, room, ROOM_SECRET, 'b');
      expect((await request(socket, 'subscribe', { room, streams: [{ feed: b, mid: '0' }] })).ok).toBe(true);
      expect((await request(socket, 'update', { room, subscribe: [{ feed: b, mid: '1' }] })).ok).toBe(true);
      expect((await request(socket, 'subscribe', { room, streams: [{ feed: b }] })).ok).toBe(true);
      const refused = await request(socket, 'update', { room, unsubscribe: [{ feed: b }] });
      expect(refused.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('update') });
      const again = await request(socket, 'subscribe', { room, streams: [{ feed: b }] });
      expect(again.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('subscribe') });

      // Its publisher and its one multistream subscription (the refused requests attached nothing).
      expect(await limited.socketHandles()).toEqual([
        `socket:/videoroom#${socket.id}`,
        `socket:/videoroom#${socket.id}`,
      ]);
      socket.disconnect();
      await expect.poll(() => limited.socketHandles(), { timeout: 5000, interval: 50 }).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});
