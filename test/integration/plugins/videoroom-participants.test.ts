import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JanusPluginError, VideoRoomErrorCode, VideoRoomPlugin, type VideoRoomHandle } from 'nestjs-janus';
import { staticOffer } from './support/sdp.js';
import { openFixture, type PluginFixture } from './support/fixture.js';
import { nextOf, randomRoom } from './support/wait.js';

/** Orders strings. */
const byText = (a: string, b: string): number => a.localeCompare(b);

/**
 * Publishers on a real Janus: joins with notify_joining, publishing with a static offer, configure, moderation,
 * kick, leave. No browser: PeerConnections are negotiated but never connect.
 */
describe('VideoRoomPlugin participants against a real Janus', () => {
  let fx: PluginFixture;
  let admin: VideoRoomHandle;

  beforeAll(async () => {
    fx = await openFixture();
    admin = await fx.session.attach(VideoRoomPlugin);
  });
  afterAll(async () => {
    await fx?.close();
  });

  async function roomWith(...displays: string[]): Promise<{ room: number; handles: VideoRoomHandle[] }> {
    const room = randomRoom();
    await admin.create({ room, secret: 'mod', notify_joining: true, publishers: 6 });
    const handles: VideoRoomHandle[] = [];
    for (const display of displays) {
      const handle = await fx.session.attach(VideoRoomPlugin);
      await handle.joinPublisher({ room, display });
      handles.push(handle);
    }
    return { room, handles };
  }

  it('publishers joining a notify_joining room: the others observe joining; joined lists attendees', async () => {
    const room = randomRoom();
    await admin.create({ room, notify_joining: true });
    const alice = await fx.session.attach(VideoRoomPlugin);
    const { data: aliceJoined } = await alice.joinPublisher({ room, display: 'Alice' });
    expect(aliceJoined).toMatchObject({ videoroom: 'joined', room, publishers: [], attendees: [] });
    expect(typeof aliceJoined.id).toBe('number');
    expect(typeof aliceJoined.private_id).toBe('number');

    const bob = await fx.session.attach(VideoRoomPlugin);
    const aliceSeesBob = nextOf(alice.joining$, 'joining (bob) on alice');
    const { data: bobJoined } = await bob.joinPublisher({ room, display: 'Bob', id: 4242 });
    expect(bobJoined.id).toBe(4242);
    expect(bobJoined.attendees).toEqual([{ id: aliceJoined.id, display: 'Alice' }]);
    expect(await aliceSeesBob).toEqual({ type: 'joining', room, joining: { id: 4242, display: 'Bob' } });

    const carol = await fx.session.attach(VideoRoomPlugin);
    const aliceSeesCarol = nextOf(alice.joining$, 'joining (carol) on alice');
    const bobSeesCarol = nextOf(bob.joining$, 'joining (carol) on bob');
    const { data: carolJoined } = await carol.joinPublisher({ room, display: 'Carol' });
    expect((await aliceSeesCarol).joining).toEqual({ id: carolJoined.id, display: 'Carol' });
    expect((await bobSeesCarol).joining).toEqual({ id: carolJoined.id, display: 'Carol' });

    const { participants } = await admin.listParticipants({ room });
    expect(participants.map((p) => p.display ?? '').sort(byText)).toEqual(['Alice', 'Bob', 'Carol']);
    expect(participants.every((p) => p.publisher === false)).toBe(true);

    await expect(bob.joinPublisher({ room, id: 5 })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.ALREADY_JOINED,
    });
    const clash = await fx.session.attach(VideoRoomPlugin);
    await expect(clash.joinPublisher({ room, id: 4242 })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.ID_EXISTS,
    });
    await Promise.all([alice, bob, carol, clash].map((h) => h.detach()));
    await admin.destroy({ room });
  });

  it('publish with a static offer: the reply is configured with streams and an answer', async () => {
    const {
      room,
      handles: [alice],
    } = await roomWith('Alice');
    const { data, jsep } = await alice.publish(
      { audiocodec: 'opus', videocodec: 'vp8', bitrate: 300_000, descriptions: [{ mid: '1', description: 'camera' }] },
      { type: 'offer', sdp: staticOffer('sendonly') },
    );
    expect(data).toMatchObject({ videoroom: 'event', room, configured: 'ok', audio_codec: 'opus', video_codec: 'vp8' });
    expect(data.streams).toEqual([
      expect.objectContaining({ type: 'audio', mindex: 0, mid: '0', codec: 'opus' }),
      expect.objectContaining({ type: 'video', mindex: 1, mid: '1', codec: 'vp8', description: 'camera' }),
    ]);
    expect(jsep?.type).toBe('answer');
    expect(jsep?.sdp).toContain('a=recvonly');
    await alice.detach();
    await admin.destroy({ room, secret: 'mod' });
  });

  it('joinAndConfigure joins and negotiates in one request', async () => {
    const room = randomRoom();
    await admin.create({ room });
    const dave = await fx.session.attach(VideoRoomPlugin);
    const { data, jsep } = await dave.joinAndConfigure(
      { room, display: 'Dave', bitrate: 200_000 },
      { type: 'offer', sdp: staticOffer('sendonly') },
    );
    expect(data).toMatchObject({ videoroom: 'joined', room, publishers: [] });
    expect(data.streams?.map((s) => s.type)).toEqual(['audio', 'video']);
    expect(jsep?.type).toBe('answer');
    await dave.detach();
    await admin.destroy({ room });
  });

  it('configure: display changes reach the others; descriptions re-announce the feed; per-stream send', async () => {
    const {
      room,
      handles: [alice, bob],
    } = await roomWith('Alice', 'Bob');
    await alice.publish({}, { type: 'offer', sdp: staticOffer('sendonly') });

    const renamed = nextOf(bob.displayChanged$, 'display on bob');
    const announced = nextOf(bob.publishers$, 'publishers on bob');
    const reply = await alice.configure({
      display: 'Alice B.',
      bitrate: 100_000,
      keyframe: true,
      descriptions: [{ mid: '0', description: 'mic' }],
    });
    expect(reply.data).toEqual({ videoroom: 'event', room, configured: 'ok' });
    const display = await renamed;
    expect(display).toMatchObject({ type: 'display', display: 'Alice B.' });
    const feed = (await announced).publishers[0];
    expect(feed).toMatchObject({ id: display.id, display: 'Alice B.' });
    expect(feed.streams.find((s) => s.mid === '0')?.description).toBe('mic');

    expect((await alice.configure({ mid: '1', send: false })).data.configured).toBe('ok');
    expect((await alice.configure({ streams: [{ mid: '1', send: true }] })).data.configured).toBe('ok');
    await expect(alice.configure({ streams: [{ mid: '9', send: false }] })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.NO_SUCH_FEED,
    });
    // Renegotiation and ICE restart with a new offer.
    const { jsep } = await alice.configure(
      { update: true, restart: true },
      { type: 'offer', sdp: staticOffer('sendonly') },
    );
    expect(jsep?.type).toBe('answer');
    // No PeerConnection ever comes up without a browser, so Janus does not count it as published.
    const err = await alice.unpublish().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect(err).toMatchObject({ janusCode: VideoRoomErrorCode.NOT_PUBLISHED, request: 'unpublish' });
    await Promise.all([alice.detach(), bob.detach()]);
    await admin.destroy({ room, secret: 'mod' });
  });

  it('moderate: everyone in the room, the muted participant included, observes moderation', async () => {
    const {
      room,
      handles: [alice, bob],
    } = await roomWith('Alice', 'Bob');
    await alice.publish({}, { type: 'offer', sdp: staticOffer('sendonly') });
    const aliceId = (await admin.listParticipants({ room })).participants.find((p) => p.display === 'Alice')!.id;

    const aliceSees = nextOf(alice.moderation$, 'moderation on alice');
    const bobSees = nextOf(bob.moderation$, 'moderation on bob');
    expect(await admin.moderate({ room, secret: 'mod', id: aliceId, mid: '0', mute: true })).toEqual({
      videoroom: 'success',
    });
    const expected = { type: 'moderation', room, id: aliceId, mid: '0', moderation: 'muted' };
    expect(await aliceSees).toEqual(expected);
    expect(await bobSees).toEqual(expected);

    const unmuted = nextOf(bob.moderation$, 'unmute on bob');
    await admin.moderate({ room, secret: 'mod', id: aliceId, mid: '0', mute: false });
    expect((await unmuted).moderation).toBe('unmuted');

    await expect(admin.moderate({ room, secret: 'mod', id: aliceId, mid: '7', mute: true })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.NO_SUCH_FEED,
    });
    await expect(admin.moderate({ room, secret: 'no', id: aliceId, mid: '0', mute: true })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.UNAUTHORIZED,
    });
    await Promise.all([alice.detach(), bob.detach()]);
    await admin.destroy({ room, secret: 'mod' });
  });

  it('kick: the kicked handle observes its own kick, the others observe who; it cannot rejoin', async () => {
    const {
      room,
      handles: [alice, bob, carol],
    } = await roomWith('Alice', 'Bob', 'Carol');
    const bobId = (await admin.listParticipants({ room })).participants.find((p) => p.display === 'Bob')!.id;

    const bobSees = nextOf(bob.kicked$, 'kicked on bob');
    const aliceSees = nextOf(alice.kicked$, 'kicked on alice');
    const carolSees = nextOf(carol.kicked$, 'kicked on carol');
    expect(await admin.kick({ room, secret: 'mod', id: bobId })).toEqual({ videoroom: 'success' });
    expect(await bobSees).toEqual({ type: 'kicked', room, self: true });
    expect(await aliceSees).toEqual({ type: 'kicked', room, self: false, id: bobId });
    expect(await carolSees).toEqual({ type: 'kicked', room, self: false, id: bobId });

    const participants = (await admin.listParticipants({ room })).participants.map((p) => p.display ?? '').sort(byText);
    expect(participants).toEqual(['Alice', 'Carol']);
    await expect(bob.joinPublisher({ room, display: 'Bob again' })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.ALREADY_JOINED,
    });
    await expect(admin.kick({ room, secret: 'mod', id: bobId })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.NO_SUCH_FEED,
    });
    await Promise.all([alice.detach(), bob.detach(), carol.detach()]);
    await admin.destroy({ room, secret: 'mod' });
  });

  it('leave: the reply is leaving ok, the others observe leaving with the id', async () => {
    const {
      room,
      handles: [alice, bob],
    } = await roomWith('Alice', 'Bob');
    const aliceId = (await admin.listParticipants({ room })).participants.find((p) => p.display === 'Alice')!.id;
    const bobSees = nextOf(bob.leaving$, 'leaving on bob');
    const aliceEvents = firstValueFrom(alice.events$.pipe(toArray()));
    expect((await alice.leave()).data).toEqual({ videoroom: 'event', room, leaving: 'ok' });
    expect(await bobSees).toEqual({ type: 'leaving', room, self: false, id: aliceId });
    await Promise.all([alice.detach(), bob.detach()]);
    // The reply resolved alice's request; it is not an event of hers.
    expect(await aliceEvents).toEqual([]);
    await admin.destroy({ room, secret: 'mod' });
  });

  it('destroy: the remaining participants observe destroyed; their handles stay usable', async () => {
    const {
      room,
      handles: [alice, bob],
    } = await roomWith('Alice', 'Bob');
    const seen = [nextOf(alice.roomDestroyed$, 'destroyed on alice'), nextOf(bob.roomDestroyed$, 'destroyed on bob')];
    await admin.destroy({ room, secret: 'mod' });
    expect(await Promise.all(seen)).toEqual([
      { type: 'destroyed', room },
      { type: 'destroyed', room },
    ]);
    expect((await alice.exists({ room })).exists).toBe(false);
    await Promise.all([alice.detach(), bob.detach()]);
  });
});
