import type { Socket } from 'socket.io-client';
import { VideoRoomService } from 'nestjs-janus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startApp, type AppUnderTest } from '../../support/app-harness.js';
import { answerFor, staticOffer } from '../../support/sdp.js';

/**
 * Every socket's Janus handles live on the app's one shared Janus session (issue 17): what keeps sockets apart is
 * the app, not Janus. Each socket reaches only the handles it attached, whatever ids it names, and when it goes only
 * its own handles go.
 */

const ROOM = 1234;

describe('sockets share a Janus session, never each other’s handles', () => {
  let app: AppUnderTest;
  const user = async (sub: string, namespace = '/videoroom'): Promise<Socket> =>
    app.connect(namespace, { token: await app.token({ sub }) });
  const inRoom = async (): Promise<string[]> =>
    (await app.app.get(VideoRoomService).listParticipants({ room: ROOM })).participants
      .map((p) => p.display ?? '')
      .sort();

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("a socket naming another's feed reaches nothing of it; leaving takes only its own handles", async () => {
    const alice = await user('alice');
    const mallory = await user('mallory');
    const joined = await request<{ feed: number }>(alice, 'join', { room: ROOM, display: 'alice' });
    const feed = joined.data.feed;
    expect((await request(alice, 'publish', { feed, jsep: staticOffer() })).ok).toBe(true);
    expect((await request(mallory, 'join', { room: ROOM, display: 'mallory' })).ok).toBe(true);
    // One Janus session for both, each socket's handle named after it.
    expect(await app.sessions()).toHaveLength(1);
    expect(await app.socketHandles()).toEqual(
      [`socket:/videoroom#${alice.id}`, `socket:/videoroom#${mallory.id}`].sort(),
    );

    const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 9 typ host', sdpMid: '0' };
    for (const [event, data] of [
      ['configure', { feed, audio: false }],
      ['publish', { feed, jsep: staticOffer() }],
      ['unpublish', { feed }],
      ['start', { feed, jsep: answerFor(staticOffer().sdp) }],
      ['pause', { feed }],
      ['trickle', { feed, candidate }],
      ['leave', { feed }],
    ] as const) {
      const reply = await request(mallory, event, data);
      expect({ event, error: reply.error }).toEqual({
        event,
        error: expect.objectContaining({ code: 'NOT_FOUND', message: 'handle-not-available' }),
      });
    }
    // Alice is untouched: still in the room, still publishing, still served.
    expect(await inRoom()).toEqual(['alice', 'mallory']);
    expect((await request(alice, 'configure', { feed, bitrate: 256_000 })).ok).toBe(true);

    mallory.disconnect();
    await expect
      .poll(() => app.socketHandles(), { timeout: 5000, interval: 50 })
      .toEqual([`socket:/videoroom#${alice.id}`]);
    // Janus drops a handle from its session before its plugin has taken the participant out of the room.
    await expect.poll(inRoom, { timeout: 5000, interval: 50 }).toEqual(['alice']);
    expect((await request(alice, 'configure', { feed, bitrate: 128_000 })).ok).toBe(true);
    alice.disconnect();
    await expect.poll(() => app.socketHandles(), { timeout: 5000, interval: 50 }).toEqual([]);
    await expect.poll(inRoom, { timeout: 5000, interval: 50 }).toEqual([]);
  });

  it('across namespaces too: hanging up on /echotest ends only the caller’s own echo', async () => {
    const a = await user('a', '/echotest');
    const b = await user('b', '/echotest');
    expect((await request(a, 'start')).ok).toBe(true);
    expect((await request(a, 'offer', { audio: true, video: true, jsep: staticOffer() })).ok).toBe(true);
    // b has nothing to hang up: its request cannot reach a's handle on the same session.
    expect((await request(b, 'hangup')).error?.code).toMatch(/^(NOT_FOUND|SESSION_NOT_AVAILABLE)$/);
    expect((await request(b, 'start')).ok).toBe(true);
    b.disconnect();
    await expect.poll(() => app.socketHandles(), { timeout: 5000, interval: 50 }).toEqual([`socket:/echotest#${a.id}`]);
    expect((await request(a, 'offer', { audio: true, video: false, jsep: staticOffer() })).ok).toBe(true);
    a.disconnect();
    await expect.poll(() => app.socketHandles(), { timeout: 5000, interval: 50 }).toEqual([]);
  });
});
