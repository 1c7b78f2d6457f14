import { createSocket } from 'node:dgram';
import type { Socket } from 'socket.io-client';
import { VideoRoomService } from 'nestjs-janus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  announcedRemoteFeed,
  next,
  request,
  socketHandleInfosOf,
  startApp,
  type AppUnderTest,
} from '../../support/app-harness.js';
import { answerFor, staticOffer } from '../../support/sdp.js';

type Data = Record<string, unknown>;
const ROOM_SECRET = 'server-side-secret';
interface Joined {
  room: number;
  feed: number;
  display?: string;
  publishers: Array<{ feed: number; display?: string; streams?: unknown[] }>;
}

describe('VideoRoom gateway (/videoroom) against a real Janus', () => {
  let app: AppUnderTest;
  const open: Socket[] = [];

  async function user(roles: string[] = []): Promise<Socket> {
    const socket = await app.connect('/videoroom', { token: await app.token({ sub: `u${open.length}`, roles }) });
    open.push(socket);
    return socket;
  }

  /** Joins `room` and publishes a (static) offer; resolves with the feed. */
  async function publisher(socket: Socket, room: number, display: string): Promise<Joined> {
    const joined = await request<Joined>(socket, 'join', { room, display });
    expect(joined.ok).toBe(true);
    const published = await request<Data>(socket, 'publish', { feed: joined.data.feed, jsep: staticOffer() });
    expect(published.ok).toBe(true);
    return joined.data;
  }

  /** Creates a fresh room as an admin (the app adds the server-side secret). */
  async function newRoom(admin: Socket, extra: Data = {}): Promise<number> {
    const created = await request<{ room: number; permanent: boolean }>(admin, 'create', {
      description: 'test room',
      notify_joining: true,
      publishers: 6,
      ...extra,
    });
    expect(created.ok).toBe(true);
    return created.data.room;
  }

  /**
   * A feed that is active without a PeerConnection: a VideoRoom remote publisher (as when cascading rooms). Janus
   * announces a publisher only once its media is up, which needs a browser; this gives subscribers something to
   * receive in tests without one.
   */
  async function remoteFeed(room: number, display: string): Promise<number> {
    const lobby = await user();
    await request(lobby, 'join', { room, display: `lobby-for-${display}` });
    const { id, announced } = await announcedRemoteFeed(app, lobby, room, ROOM_SECRET, display);
    expect(announced).toEqual([id]);
    return id;
  }

  async function removeRemoteFeed(room: number, id: number): Promise<void> {
    await app.app.get(VideoRoomService).removeRemotePublisher({ room, secret: ROOM_SECRET, id });
  }

  beforeAll(async () => {
    app = await startApp({ env: { VIDEOROOM_DEFAULT_SECRET: ROOM_SECRET, RATE_LIMIT_POINTS: '1000' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('join, publish, feed-joined, feed-list, subscribe/start/pause, configure, list-participants, leave', async () => {
    const admin = await user(['admin']);
    const room = await newRoom(admin);
    const alice = await user();
    const bob = await user();

    const aliceJoined = await publisher(alice, room, 'alice');
    expect(aliceJoined).toMatchObject({ room, display: 'alice', publishers: [] });

    const feedJoined = next<{ data: Data }>(alice, 'feed-joined');
    const bobJoined = await request<Joined>(bob, 'join', { room, display: 'bob' });
    const bobFeed = bobJoined.data.feed;
    expect((await feedJoined).data).toEqual({ room, feed: bobFeed, display: 'bob' });
    const published = await request<{ feed: number; room: number; jsep: { type: string } }>(bob, 'publish', {
      feed: bobFeed,
      jsep: staticOffer(),
    });
    expect(published.data).toMatchObject({ feed: bobFeed, room, jsep: { type: 'answer' } });
    const configured = await request(bob, 'configure', {
      feed: bobFeed,
      bitrate: 256000,
      display: 'robert',
      audio: false,
    });
    expect(configured.data).toMatchObject({ feed: bobFeed, room });

    // A feed goes live: Alice is told (feed-list) and subscribes: an offer from Janus, answered with start.
    const feedList = next<{ data: { room: number; publishers: Joined['publishers'] } }>(alice, 'feed-list');
    const carol = await remoteFeed(room, 'carol');
    expect((await feedList).data).toMatchObject({ room, publishers: [{ feed: carol, display: 'carol' }] });
    const subscribed = await request<{
      room: number;
      feed: number;
      display: string;
      jsep: { type: string; sdp: string };
    }>(alice, 'subscribe', { room, feed: carol });
    expect(subscribed.data).toMatchObject({ room, feed: carol, display: 'carol', jsep: { type: 'offer' } });
    const started = await request(alice, 'start', { feed: carol, jsep: answerFor(subscribed.data.jsep.sdp) });
    expect(started.data).toEqual({ feed: carol, room });
    expect((await request(alice, 'pause', { feed: carol })).data).toEqual({ feed: carol, room });
    expect((await request(alice, 'configure', { feed: carol, sc_substream_layer: 1 })).data).toMatchObject({
      feed: carol,
      room,
    });

    const participants = await request<{ room: number; participants: Array<{ feed: number; display: string }> }>(
      alice,
      'list-participants',
      { room },
    );
    expect(participants.data.participants.find((p) => p.feed === bobFeed)?.display).toBe('robert');
    expect(participants.data.participants.map((p) => p.feed)).toContain(aliceJoined.feed);

    // Carol goes away: Alice is told, and her subscription to Carol ends with it.
    const leaving = next<{ data: Data }>(alice, 'leaving');
    await removeRemoteFeed(room, carol);
    expect((await leaving).data).toEqual({ room, feed: carol });
    await expect
      .poll(async () => (await request(alice, 'pause', { feed: carol })).error?.message)
      .toBe('handle-not-available');

    const left = await request(bob, 'leave', { feed: bobFeed });
    expect(left.data).toEqual({ feed: bobFeed, room });
  });

  it('switch moves a subscription to another feed; trickle is accepted; unpublish is acknowledged', async () => {
    const admin = await user(['admin']);
    const room = await newRoom(admin);
    const a = await user();
    const fb = await remoteFeed(room, 'b');
    const fc = await remoteFeed(room, 'c');

    const sub = await request<{ jsep: { sdp: string } }>(a, 'subscribe', { room, feed: fb });
    await request(a, 'start', { feed: fb, jsep: answerFor(sub.data.jsep.sdp) });
    const trickled = await request(a, 'trickle', {
      feed: fb,
      candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    });
    expect(trickled.ok).toBe(true);
    expect((await request(a, 'trickle-complete', { feed: fb })).ok).toBe(true);

    const switched = await request(a, 'switch', { from_feed: fb, to_feed: fc });
    expect(switched.data).toEqual({ from_feed: fb, to_feed: fc, room, display: 'c' });
    // The subscription is now keyed by the new feed.
    expect((await request(a, 'pause', { feed: fc })).ok).toBe(true);
    expect((await request(a, 'pause', { feed: fb })).error?.message).toBe('handle-not-available');

    // Janus ends the switched subscription's handle (Admin API `detach_handle`): the socket forgets it under its new
    // feed, so another subscription of the socket can be switched to that feed.
    const [handle] = (await socketHandleInfosOf(app.admin)).filter((h) => h.opaque_id?.endsWith(`#${a.id}`));
    await app.admin.detachHandle(handle.session_id, handle.handle_id);
    await expect
      .poll(async () => (await request(a, 'pause', { feed: fc })).error?.message)
      .toBe('handle-not-available');
    const again = await request<{ jsep: { sdp: string } }>(a, 'subscribe', { room, feed: fb });
    await request(a, 'start', { feed: fb, jsep: answerFor(again.data.jsep.sdp) });
    expect((await request(a, 'switch', { from_feed: fb, to_feed: fc })).data).toMatchObject({ to_feed: fc });

    const self = await publisher(await user(), room, 'self');
    expect(self.feed).toBeGreaterThan(0);
  });

  it('rooms: list-rooms, exists; administration needs the admin role (FORBIDDEN) and never takes a client secret', async () => {
    const plain = await user();
    const admin = await user(['admin']);
    const rooms = await request<{ list: Array<{ room: number }> }>(plain, 'list-rooms');
    expect(rooms.data.list.map((r) => r.room)).toContain(1234);
    expect((await request(plain, 'exists', { room: 1234 })).data).toEqual({ room: 1234, exists: true });
    expect((await request(plain, 'exists', { room: 999999 })).data).toEqual({ room: 999999, exists: false });

    for (const [event, data] of [
      ['create', {}],
      ['destroy', { room: 1234 }],
      ['kick', { room: 1234, feed: 1 }],
      ['allow', { room: 1234, action: 'enable' }],
      ['rtp-fwd-list', { room: 1234 }],
    ] as const) {
      const denied = await request(plain, event, data);
      expect({ event, error: denied.error }).toMatchObject({ event, error: { code: 'FORBIDDEN' } });
    }

    // A client-sent secret is dropped: the room gets the server's secret, so destroying it with the server's works.
    const room = await newRoom(admin, { secret: 'client-chosen' });
    const destroyed = await request(admin, 'destroy', { room, secret: 'client-chosen' });
    expect(destroyed.data).toEqual({ room });
    expect((await request(admin, 'exists', { room })).data).toEqual({ room, exists: false });
  });

  it('admin: kick (the kicked socket is told), allow with tokens, destroy (participants are told), RTP forwarding', async () => {
    const admin = await user(['admin']);
    const room = await newRoom(admin);
    const victim = await user();
    const witness = await user();
    const victimFeed = (await publisher(victim, room, 'victim')).feed;
    await publisher(witness, room, 'witness');

    const kickedPush = next<{ data: Data }>(victim, 'kicked');
    const witnessSees = next<{ data: Data }>(witness, 'kicked');
    expect((await request(admin, 'kick', { room, feed: victimFeed })).data).toEqual({ room, feed: victimFeed });
    expect((await kickedPush).data).toEqual({ room, feed: victimFeed });
    expect((await witnessSees).data).toEqual({ room, feed: victimFeed });

    const allowed = await request<{ room: number; list: string[] }>(admin, 'allow', {
      room,
      action: 'add',
      list: ['t1', 't2'],
    });
    expect(allowed.data.list).toEqual(expect.arrayContaining(['t1', 't2']));
    await request(admin, 'allow', { room, action: 'enable' });
    const noToken = await request(await user(), 'join', { room, display: 'x' });
    expect(noToken.error).toMatchObject({ code: 'FORBIDDEN', janusCode: 433 });
    const withToken = await request(await user(), 'join', { room, display: 'y', token: 't1' });
    expect(withToken.ok).toBe(true);

    // Forward the witness's audio to a UDP port of ours.
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    try {
      const witnessFeed = (
        await request<{ participants: Array<{ feed: number; display: string }> }>(admin, 'list-participants', { room })
      ).data.participants.find((p) => p.display === 'witness')!.feed;
      const started = await request<{ forwarders: Array<{ stream_id: number; port: number }> }>(
        admin,
        'rtp-fwd-start',
        {
          room,
          feed: witnessFeed,
          host: '127.0.0.1',
          streams: [{ mid: '0', port: udp.address().port }],
        },
      );
      expect(started.ok).toBe(true);
      const streamId = started.data.forwarders[0].stream_id;
      const listed = await request<{ publishers: Array<{ feed: number }> }>(admin, 'rtp-fwd-list', { room });
      expect(listed.data.publishers.map((p) => p.feed)).toContain(witnessFeed);
      const stopped = await request(admin, 'rtp-fwd-stop', { room, feed: witnessFeed, stream_id: streamId });
      expect(stopped.data).toEqual({ room, feed: witnessFeed, stream_id: streamId });
    } finally {
      udp.close();
    }

    const destroyedPush = next<{ data: Data }>(witness, 'destroyed');
    await request(admin, 'destroy', { room });
    expect((await destroyedPush).data).toEqual({ room });
  });

  it("admin with the field names of Janode's example front-end: create's max_publishers/talking_events, rtp-fwd-stop's stream", async () => {
    const admin = await user(['admin']);
    // What its _create() sends (its secret is ignored: room secrets stay on the server).
    const created = await request<{ room: number }>(admin, 'create', {
      description: 'janode-style',
      max_publishers: 2,
      audiocodec: 'opus',
      videocodec: 'vp8',
      talking_events: true,
      talking_level_threshold: 25,
      talking_packets_threshold: 100,
      permanent: false,
    });
    expect(created.ok).toBe(true);
    const room = created.data.room;
    const rooms = await app.app.get(VideoRoomService).list({});
    expect(rooms.list.find((r) => r.room === room)).toMatchObject({ max_publishers: 2, audiolevel_event: true });

    const feed = await remoteFeed(room, 'forwarded');
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    try {
      const started = await request<{ forwarders: Array<{ stream_id: number }> }>(admin, 'rtp-fwd-start', {
        room,
        feed,
        host: '127.0.0.1',
        streams: [{ mid: '0', port: udp.address().port }],
      });
      const streamId = started.data.forwarders[0].stream_id;
      // What its _stopForward() sends: the forwarder as `stream`.
      const stopped = await request(admin, 'rtp-fwd-stop', { room, stream: streamId, feed, secret: 'adminpwd' });
      expect(stopped.data).toEqual({ room, feed, stream_id: streamId });
      const listed = await request<{ publishers: Array<{ feed: number; forwarders: unknown[] }> }>(
        admin,
        'rtp-fwd-list',
        { room },
      );
      expect(listed.data.publishers.find((p) => p.feed === feed)?.forwarders ?? []).toEqual([]);
    } finally {
      udp.close();
    }
    // Neither name given: the field is named.
    const neither = await request(admin, 'rtp-fwd-stop', { room, feed });
    expect(neither.error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(neither.error?.message).toContain('stream_id');
  });

  it('errors: BAD_REQUEST names the field, NOT_FOUND for a missing room (janusCode 426), handle-not-available', async () => {
    const socket = await user();
    const errorEvent = next<Data>(socket, 'videoroom-error');
    const bad = await request(socket, 'join', { room: 'lobby' }, 'r1');
    expect(bad).toMatchObject({
      _id: 'r1',
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('room') },
    });
    expect(await errorEvent).toMatchObject({ _id: 'r1', code: 'BAD_REQUEST', request: { room: 'lobby' } });

    const missing = await request(socket, 'join', { room: 987654321, display: 'x' });
    expect(missing.error).toMatchObject({ code: 'NOT_FOUND', janusCode: 426 });

    const noHandle = await request(socket, 'configure', { feed: 42 });
    expect(noHandle.error).toMatchObject({ code: 'NOT_FOUND', message: 'handle-not-available' });
    // Errors never escape as socket.io's `exception` event.
    let exceptions = 0;
    socket.on('exception', () => exceptions++);
    await request(socket, 'start', { feed: 'x' });
    expect(exceptions).toBe(0);
  });

  it('rate limits joins per socket with RATE_LIMITED', async () => {
    const limited = await startApp({ env: { RATE_LIMIT_POINTS: '2', RATE_LIMIT_WINDOW_S: '60' } });
    try {
      const socket = await limited.connect('/videoroom', { token: await limited.token() });
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await request(socket, 'join', { room: 1234, display: `d${i}` }));
      expect(results.slice(0, 2).every((r) => r.ok)).toBe(true);
      expect(results[2].error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('join') });
    } finally {
      await limited.close();
    }
  });

  it('sockets that vanish mid-join or mid-call leave nothing on Janus', async () => {
    const quick = await Promise.all(Array.from({ length: 4 }, () => user()));
    for (const s of quick) {
      s.emit('join', { _id: 1, data: { room: 1234, display: 'gone' } });
      s.disconnect();
    }
    const admin = await user(['admin']);
    const room = await newRoom(admin);
    await publisher(await user(), room, 'full');
    const feed = await remoteFeed(room, 'remote');
    const watcher = await user();
    const sub = await request<{ jsep: { sdp: string } }>(watcher, 'subscribe', { room, feed });
    await request(watcher, 'start', { feed, jsep: answerFor(sub.data.jsep.sdp) });
    for (const s of open) s.disconnect();
    // No socket's handle stays; the app's shared session (room management, the sockets' handles) is the only one.
    await expect.poll(() => app.socketHandles(), { timeout: 5000, interval: 50 }).toEqual([]);
    expect(await app.sessions()).toHaveLength(1);
    // Janus lets the participants of detached handles leave: only the remote feed (no socket) stays.
    const participantIds = async (): Promise<number[]> => {
      const reply = await app.admin.messagePlugin('janus.plugin.videoroom', { request: 'listparticipants', room });
      return (reply as { participants: Array<{ id: number }> }).participants.map((p) => p.id);
    };
    await expect.poll(participantIds, { timeout: 5000, interval: 50 }).toEqual([feed]);
  });
});
