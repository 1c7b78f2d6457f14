import { JanusConnection, type JanusHandle, type JanusSession } from 'nestjs-janus';
import type { Socket } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandleRelay } from '../../../src/signaling/index.js';
import { FakeJanus } from '../../support/fake-janus.js';

/** What the relay pushed to the socket, in order. */
type Pushed = Array<[string, unknown]>;

function fakeSocket(pushed: Pushed): Socket {
  return {
    emit: (event: string, payload: unknown) => {
      pushed.push([event, payload]);
      return true;
    },
  } as unknown as Socket;
}

describe('HandleRelay: a handle’s WebRTC events as the protocol’s pushed events', () => {
  let fake: FakeJanus;
  let connection: JanusConnection;
  let session: JanusSession;
  let handle: JanusHandle;

  /** Janus sends `frames` for the handle; resolves once the client has routed them (the ack that follows them). */
  async function janusSends(...frames: Array<Record<string, unknown>>): Promise<void> {
    fake.script = (request, socket) => {
      if (request.janus !== 'keepalive') return fake.answer(request, socket);
      for (const frame of frames) socket.send({ session_id: session.id, sender: handle.id, ...frame });
      socket.ack(request);
    };
    await session.keepalive();
    fake.script = undefined;
  }

  beforeAll(async () => {
    fake = await FakeJanus.start();
    connection = await JanusConnection.connect({ servers: [{ url: fake.url }], logger: false });
    session = await connection.createSession();
    handle = await session.attach('janus.plugin.videoroom');
  });
  afterAll(async () => {
    await connection.close();
    await fake.close();
  });

  it('relays webrtcup, media, slowlink, hangup and ice-failed with the extra fields; nothing once unsubscribed', async () => {
    const pushed: Pushed = [];
    const relay = new HandleRelay(fakeSocket(pushed), handle, { feed: 7 });
    await janusSends(
      { janus: 'webrtcup' },
      { janus: 'media', type: 'video', mid: '1', receiving: true, seconds: 1 },
      { janus: 'slowlink', uplink: false, media: 'video', mid: '1', lost: 12 },
      { janus: 'hangup', reason: 'ICE failed' },
      { janus: 'hangup', reason: 'DTLS alert' },
    );
    expect(pushed).toEqual([
      ['webrtcup', { data: { feed: 7 } }],
      ['media', { data: { type: 'video', mid: '1', receiving: true, feed: 7 } }],
      ['slowlink', { data: { uplink: false, media: 'video', mid: '1', lost: 12, feed: 7 } }],
      ['hangup', { data: { reason: 'ICE failed', feed: 7 } }],
      ['ice-failed', { data: { feed: 7 } }],
      ['hangup', { data: { reason: 'DTLS alert', feed: 7 } }],
    ]);

    relay.unsubscribe();
    await janusSends({ janus: 'webrtcup' });
    expect(pushed).toHaveLength(6);
  });

  it('Janus 1.2+: ice-failed goes out when Janus says it, and once (not again with the hangup that follows)', async () => {
    const pushed: Pushed = [];
    const relay = new HandleRelay(fakeSocket(pushed), handle, { feed: 7 });
    await janusSends({ janus: 'ice-failed' }, { janus: 'hangup', reason: 'ICE failed' });
    expect(pushed).toEqual([
      ['ice-failed', { data: { feed: 7 } }],
      ['hangup', { data: { reason: 'ICE failed', feed: 7 } }],
    ]);
    // A new PeerConnection on the same handle can fail again.
    await janusSends({ janus: 'webrtcup' }, { janus: 'ice-failed' });
    expect(pushed.slice(2)).toEqual([
      ['webrtcup', { data: { feed: 7 } }],
      ['ice-failed', { data: { feed: 7 } }],
    ]);
    relay.unsubscribe();
  });

  it('up: true from webrtcup until the next hangup (the Streaming gateway reads it instead of its own subscription)', async () => {
    const relay = new HandleRelay(fakeSocket([]), handle);
    expect(relay.up).toBe(false);
    await janusSends({ janus: 'webrtcup' });
    expect(relay.up).toBe(true);
    await janusSends({ janus: 'hangup', reason: 'DTLS alert' });
    expect(relay.up).toBe(false);
    relay.unsubscribe();
  });

  it('holds Janus’s candidates until releaseCandidates(), then relays them as they come', async () => {
    const pushed: Pushed = [];
    const relay = new HandleRelay(fakeSocket(pushed), handle);
    const candidate = { sdpMid: '0', sdpMLineIndex: 0, candidate: 'candidate:1 1 udp 1 192.0.2.1 9 typ host' };
    await janusSends({ janus: 'trickle', candidate });
    expect(pushed).toEqual([]);

    relay.releaseCandidates();
    expect(pushed).toEqual([['trickle', { data: { candidate } }]]);
    await janusSends({ janus: 'trickle', candidate: { completed: true } });
    expect(pushed).toEqual([
      ['trickle', { data: { candidate } }],
      ['trickle', { data: { completed: true } }],
    ]);
    relay.unsubscribe();
  });

  it('whenEnded: runs once the handle is detached, at once when it already is, and not at all once unsubscribed', async () => {
    const ends: string[] = [];
    const own = await session.attach('janus.plugin.videoroom');
    const relay = new HandleRelay(fakeSocket([]), own);
    relay.whenEnded(() => ends.push('live'));
    const quiet = new HandleRelay(fakeSocket([]), own);
    quiet.whenEnded(() => ends.push('unsubscribed'));
    quiet.unsubscribe();
    await janusSends({ janus: 'webrtcup' });
    expect(ends).toEqual([]);

    await own.detach();
    expect(ends).toEqual(['live']);
    new HandleRelay(fakeSocket([]), own).whenEnded(() => ends.push('late'));
    expect(ends).toEqual(['live', 'late']);
  });
});
