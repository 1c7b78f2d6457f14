import { createSocket, type Socket } from 'node:dgram';
import { Injectable, type INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AudioBridgeErrorCode,
  AudioBridgeHandle,
  AudioBridgePlugin,
  AudioBridgeService,
  JanusPluginError,
} from 'nestjs-janus';
import { startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';
import { featureApp, lookupWithForRootAlone } from './support/feature-app.js';
import { openFixture, type PluginFixture } from './support/fixture.js';
import { nextOf, randomRoom } from './support/wait.js';

/** Polls `check` every 20 ms for up to `ms`; whether it came true. */
async function until(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** The AudioBridge plugin against a real Janus 1.1.2 (participants join without a PeerConnection). */
describe('AudioBridgePlugin against a real Janus', () => {
  let fx: PluginFixture;
  let admin: AudioBridgeHandle;

  beforeAll(async () => {
    fx = await openFixture({ plugins: ['audiobridge'] });
    admin = await fx.session.attach(AudioBridgePlugin);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('manages rooms: create, edit, exists, list, allowed, listparticipants, destroy', async () => {
    expect(admin).toBeInstanceOf(AudioBridgeHandle);
    const room = randomRoom();
    expect(await admin.create({ room, description: 'call', secret: 's', sampling_rate: 16000 })).toEqual({
      audiobridge: 'created',
      room,
      permanent: false,
    });
    expect(await admin.exists({ room })).toEqual({ audiobridge: 'success', room, exists: true });
    expect(await admin.edit({ room, secret: 's', new_description: 'renamed' })).toMatchObject({
      audiobridge: 'edited',
      room,
    });
    const { list } = await admin.list();
    expect(list.find((r) => r.room === room)).toMatchObject({
      description: 'renamed',
      sampling_rate: 16000,
      num_participants: 0,
    });
    expect(await admin.allowed({ room, secret: 's', action: 'add', allowed: ['tok'] })).toMatchObject({
      audiobridge: 'success',
      room,
      allowed: ['tok'],
    });
    expect(await admin.allowed({ room, secret: 's', action: 'disable' })).toMatchObject({ room });
    expect(await admin.listParticipants({ room })).toEqual({ audiobridge: 'participants', room, participants: [] });
    expect(await admin.destroy({ room, secret: 's' })).toMatchObject({ audiobridge: 'destroyed', room });
    expect((await admin.exists({ room })).exists).toBe(false);

    const err = await admin.destroy({ room }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect(err).toMatchObject({ janusCode: AudioBridgeErrorCode.NO_SUCH_ROOM });
  });

  it('participants: join without media, joined/participants events, mute by an admin, kick, changeroom, leave', async () => {
    const room = randomRoom();
    const other = randomRoom();
    await admin.create({ room, secret: 's' });
    await admin.create({ room: other });
    const alice = await fx.session.attach(AudioBridgePlugin);
    const bob = await fx.session.attach(AudioBridgePlugin);
    const carol = await fx.session.attach(AudioBridgePlugin);
    try {
      // An asynchronous request: { data, jsep? } (no jsep: no offer was sent).
      const joined = await alice.join({ room, id: 1, display: 'alice' });
      expect(joined).toEqual({
        data: { audiobridge: 'joined', room, id: 1, participants: [] }, // 1.1.2 does not echo the display
      });

      const seen = nextOf(alice.joined$, 'joined');
      const bobJoined = await bob.join({ room, id: 2, display: 'bob' });
      expect(bobJoined.data.participants).toEqual([expect.objectContaining({ id: 1, display: 'alice' })]);
      expect(await seen).toMatchObject({
        type: 'joined',
        room,
        participants: [{ id: 2, display: 'bob', setup: false, muted: false }],
      });
      expect(
        (await admin.listParticipants({ room })).participants.map((p) => Number(p.id)).sort((a, b) => a - b),
      ).toEqual([1, 2]);

      // Mute by an admin: a synchronous request, and a participants event with the new state.
      const muted = nextOf(alice.participants$, 'participants');
      expect(await admin.mute({ room, secret: 's', id: 2 })).toMatchObject({ audiobridge: 'success' });
      expect(await muted).toMatchObject({ type: 'participants', room, participants: [{ id: 2, muted: true }] });
      const unmuted = nextOf(alice.participants$, 'participants');
      await admin.unmute({ room, secret: 's', id: 2 });
      expect(await unmuted).toMatchObject({ participants: [{ id: 2, muted: false }] });

      // The whole room: mute_room and unmute_room each send their own request.
      const roomMuted = nextOf(alice.roomMuted$, 'room-muted');
      await admin.muteRoom({ room, secret: 's' });
      expect(await roomMuted).toEqual({ type: 'room-muted', room, muted: true });
      const roomUnmuted = nextOf(alice.roomMuted$, 'room-muted');
      await admin.unmuteRoom({ room, secret: 's' });
      expect(await roomUnmuted).toEqual({ type: 'room-muted', room, muted: false });

      // configure on the participant itself.
      const configured = await bob.configure({ display: 'robert' });
      expect(configured.data).toMatchObject({ audiobridge: 'event', result: 'ok' });

      // changeroom: the others see leaving.
      const leaving = nextOf(alice.leaving$, 'leaving');
      const changed = await bob.changeRoom({ room: other, id: 2 });
      expect(changed.data).toMatchObject({ audiobridge: 'roomchanged', room: other, id: 2, participants: [] });
      expect(await leaving).toEqual({ type: 'leaving', room, id: 2 });

      // kick
      await carol.join({ room, id: 3 });
      const kicked = nextOf(alice.kicked$, 'kicked');
      const kickedSelf = nextOf(carol.kicked$, 'kicked (self)');
      await admin.kick({ room, secret: 's', id: 3 });
      expect(await kicked).toEqual({ type: 'kicked', room, id: 3 });
      expect(await kickedSelf).toEqual({ type: 'kicked', room, id: 3 });
      // Janus's kick tears the participant down through the core (close_pc, then hangup_media): it leaves the
      // list shortly after the reply, not at once.
      expect(await until(async () => (await admin.listParticipants({ room })).participants.length === 1)).toBe(true);

      // leave
      expect(await alice.leave()).toEqual({ data: { audiobridge: 'left', room, id: 1 } });
      expect((await admin.listParticipants({ room })).participants).toEqual([]);
    } finally {
      await Promise.allSettled([alice.detach(), bob.detach(), carol.detach()]);
      await admin.destroy({ room, secret: 's' }).catch(() => undefined);
      await admin.destroy({ room: other }).catch(() => undefined);
    }
  });

  it('a detach waits until Janus has answered the join, configure and changeroom still in flight', async () => {
    // Janus's AudioBridge sets up the participant's Opus encoder while handling those and frees it when the handle
    // goes, without a lock between the two: a detach overtaking them can crash Janus (a NULL encoder in libopus).
    const room = randomRoom();
    await admin.create({ room });
    const p = await fx.session.attach(AudioBridgePlugin);
    const order: string[] = [];
    const request = fx.session.request.bind(fx.session);
    const spy = vi.spyOn(fx.session, 'request').mockImplementation((kind, ...rest) => {
      if (kind === 'detach') order.push('detach sent');
      return request(kind, ...rest);
    });
    try {
      const answered = (what: string) => (): void => void order.push(`${what} answered`);
      const joining = p.join({ room, id: 21 }).then(answered('join'), answered('join'));
      const configuring = p
        .configure({ muted: true, bitrate: 32000 })
        .then(answered('configure'), answered('configure'));
      await p.detach();
      await Promise.all([joining, configuring]);
      expect(order).toEqual(['join answered', 'configure answered', 'detach sent']);
      expect(p.isDetached).toBe(true);
    } finally {
      spy.mockRestore();
      await p.detach();
      await admin.destroy({ room }).catch(() => undefined);
    }
  });

  it('kick_all tells each participant it was kicked', async () => {
    const room = randomRoom();
    await admin.create({ room });
    const a = await fx.session.attach(AudioBridgePlugin);
    const b = await fx.session.attach(AudioBridgePlugin);
    try {
      await a.join({ room, id: 11 });
      await b.join({ room, id: 12 });
      const kickedA = nextOf(a.kicked$, 'kicked-all (a)');
      const kickedB = nextOf(b.kicked$, 'kicked-all (b)');
      expect(await admin.kickAll({ room })).toMatchObject({ audiobridge: 'success' });
      expect(await kickedA).toEqual({ type: 'kicked-all', room, id: 11 });
      expect(await kickedB).toEqual({ type: 'kicked-all', room, id: 12 });
    } finally {
      await Promise.allSettled([a.detach(), b.detach()]);
      await admin.destroy({ room }).catch(() => undefined);
    }
  });

  it('recording switches, resetdecoder, a missing file; newer requests are refused by 1.1.2 with 482', async () => {
    const room = randomRoom();
    await admin.create({ room, secret: 's' });
    const p = await fx.session.attach(AudioBridgePlugin);
    try {
      expect(
        await admin.enableRecording({ room, secret: 's', record: true, record_dir: fx.janus.configDir }),
      ).toMatchObject({
        audiobridge: 'success',
      });
      expect((await admin.list()).list.find((r) => r.room === room)).toMatchObject({ record: true });
      await admin.enableRecording({ room, secret: 's', record: false });
      expect(await admin.enableMjrs({ room, secret: 's', mjrs: false })).toMatchObject({ audiobridge: 'success' });

      await p.join({ room });
      expect(await p.resetDecoder()).toMatchObject({ audiobridge: 'success' });
      // AudioBridge's own hangup request (asynchronous), on a participant without a PeerConnection.
      expect(await p.hangupRequest()).toEqual({ data: { audiobridge: 'hangingup' } });

      const missing = await admin
        .playFile({ room, secret: 's', filename: '/nonexistent/file.opus' })
        .catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(JanusPluginError);

      for (const call of [
        () => admin.listAnnouncements({ room, secret: 's' }),
        () => admin.suspend({ room, secret: 's', id: 1 }),
        () => admin.stopAllFiles({ room, secret: 's' }),
      ]) {
        const err = await call().catch((e: unknown) => e);
        expect(err).toMatchObject({ janusCode: AudioBridgeErrorCode.INVALID_REQUEST });
      }
    } finally {
      await p.detach();
      await admin.destroy({ room, secret: 's' }).catch(() => undefined);
    }
  });

  it('rtp_forward to a UDP port on 127.0.0.1, listforwarders, stop_rtp_forward', async () => {
    const room = randomRoom();
    await admin.create({ room });
    const udp: Socket = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const port = udp.address().port;
    try {
      const fwd = await admin.rtpForward({ room, host: '127.0.0.1', port, always_on: true });
      expect(fwd).toMatchObject({ audiobridge: 'success', room, port });
      expect(typeof fwd.stream_id).toBe('number');
      const packet = new Promise<Buffer>((resolve) => udp.once('message', resolve));
      expect((await packet).length).toBeGreaterThan(12); // RTP (silence, always_on)
      const { rtp_forwarders } = await admin.listForwarders({ room });
      expect(rtp_forwarders).toEqual([expect.objectContaining({ stream_id: fwd.stream_id, ip: '127.0.0.1', port })]);
      expect(await admin.stopRtpForward({ room, stream_id: fwd.stream_id })).toMatchObject({
        audiobridge: 'success',
        stream_id: fwd.stream_id,
      });
      expect((await admin.listForwarders({ room })).rtp_forwarders).toEqual([]);
    } finally {
      udp.close();
      await admin.destroy({ room });
    }
  });
});

@Injectable()
class Calls {
  constructor(readonly audioBridge: AudioBridgeService) {}
}

describe('AudioBridgeService through JanusModule.forFeature against a real Janus', () => {
  let janus: JanusInstance;
  let app: INestApplicationContext;

  beforeAll(async () => {
    janus = await startJanus({ plugins: ['audiobridge'] });
    app = await featureApp(janus, [AudioBridgeService], [Calls]);
  });
  afterAll(async () => {
    await app?.close();
    await janus?.stop();
  });

  it('is not registered by forRoot alone', async () => {
    expect(await lookupWithForRootAlone(janus, AudioBridgeService)).toMatch(/AudioBridgeService/);
  });

  it('runs room management on its managed handle and attaches participant handles', async () => {
    const { audioBridge } = app.get(Calls);
    const room = randomRoom();
    expect(await audioBridge.create({ room })).toMatchObject({ audiobridge: 'created', room });
    expect((await audioBridge.exists({ room })).exists).toBe(true);
    const participant = await audioBridge.attach();
    expect(participant).toBeInstanceOf(AudioBridgeHandle);
    await participant.join({ room, display: 'p' });
    expect((await audioBridge.listParticipants({ room })).participants).toHaveLength(1);
    await participant.detach();
    expect(await audioBridge.destroy({ room })).toMatchObject({ audiobridge: 'destroyed', room });
  });
});
