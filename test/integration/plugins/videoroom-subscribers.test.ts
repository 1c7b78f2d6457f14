import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  VideoRoomErrorCode,
  VideoRoomPlugin,
  type VideoRoomHandle,
  type VideoRoomId,
  type VideoRoomRemoteStream,
} from 'nestjs-janus';
import { answerTo } from './support/sdp.js';
import { openFixture, type PluginFixture } from './support/fixture.js';
import { nextOf, randomRoom } from './support/wait.js';

const AV_STREAMS: VideoRoomRemoteStream[] = [
  { type: 'audio', mindex: 0, mid: '0', codec: 'opus' },
  { type: 'video', mindex: 1, mid: '1', codec: 'vp8' },
];

/**
 * Subscriptions on a real Janus. Without a browser no local publisher ever becomes active, so the feeds are
 * remote publishers (announced at once, before any media) and the room's dummy publisher. Janus's offers are
 * answered with a static answer.
 */
describe('VideoRoomPlugin subscribers against a real Janus', () => {
  let fx: PluginFixture;
  let admin: VideoRoomHandle;

  beforeAll(async () => {
    fx = await openFixture();
    admin = await fx.session.attach(VideoRoomPlugin);
  });
  afterAll(async () => {
    await fx?.close();
  });

  /**
   * A room with `count` remote publishers as feeds. Janus 1.1.2 answers add_remote_publisher before the feed is
   * in the room: it can be subscribed to (or removed) once its `publishers` announcement went out, so a
   * participant waits for each one.
   */
  async function roomWithFeeds(count: number): Promise<{ room: number; feeds: VideoRoomId[] }> {
    const room = randomRoom();
    await admin.create({ room, secret: 's' });
    const lobby = await fx.session.attach(VideoRoomPlugin);
    await lobby.joinPublisher({ room, display: 'lobby' });
    const feeds: VideoRoomId[] = [];
    for (let i = 0; i < count; i++) {
      const announced = nextOf(lobby.publishers$, `announcement of feed${i}`);
      const added = await admin.addRemotePublisher({ room, secret: 's', display: `feed${i}`, streams: AV_STREAMS });
      expect((await announced).publishers.map((p) => p.id)).toEqual([added.id]);
      feeds.push(added.id);
    }
    await lobby.detach();
    return { room, feeds };
  }

  it('joinSubscriber → attached + offer; start with the answer; pause; start; leave', async () => {
    const {
      room,
      feeds: [feed],
    } = await roomWithFeeds(1);
    const viewer = await fx.session.attach(VideoRoomPlugin);
    const { data, jsep } = await viewer.joinSubscriber({
      room,
      streams: [{ feed, crossrefid: 'cam-a' }],
      use_msid: true,
    });
    expect(data).toMatchObject({ videoroom: 'attached', room });
    expect(data.streams).toEqual([
      expect.objectContaining({
        type: 'audio',
        mid: '0',
        feed_id: feed,
        feed_mid: '0',
        crossrefid: 'cam-a',
        ready: false,
      }),
      expect.objectContaining({ type: 'video', mid: '1', feed_id: feed, feed_display: 'feed0', codec: 'vp8' }),
    ]);
    expect(jsep?.type).toBe('offer');
    expect(jsep?.sdp).toContain('m=video');

    expect((await viewer.start({ type: 'answer', sdp: answerTo(jsep!.sdp!) })).data).toEqual({
      videoroom: 'event',
      room,
      started: 'ok',
    });
    expect((await viewer.pause()).data).toEqual({ videoroom: 'event', room, paused: 'ok' });
    expect((await viewer.start()).data.started).toBe('ok');
    expect((await viewer.leave()).data).toEqual({ videoroom: 'event', room, left: 'ok' });
    await viewer.detach();
    await admin.destroy({ room, secret: 's' });
  });

  it('configure on a subscription: send, simulcast and SVC layers, multistream, ICE restart offer', async () => {
    const {
      room,
      feeds: [feed],
    } = await roomWithFeeds(1);
    const viewer = await fx.session.attach(VideoRoomPlugin);
    const { jsep } = await viewer.joinSubscriber({ room, streams: [{ feed }] });
    await viewer.start({ type: 'answer', sdp: answerTo(jsep!.sdp!) });

    const ok = { videoroom: 'event', room, configured: 'ok' };
    expect((await viewer.configure({ mid: '0', send: false })).data).toEqual(ok);
    expect((await viewer.configure({ mid: '1', substream: 1, temporal: 0, fallback: 100_000 })).data).toEqual(ok);
    expect((await viewer.configure({ mid: '1', spatial_layer: 1, temporal_layer: 0 })).data).toEqual(ok);
    expect(
      (
        await viewer.configure({
          streams: [
            { mid: '0', send: true },
            { mid: '1', min_delay: 0 },
          ],
        })
      ).data,
    ).toEqual(ok);
    await expect(viewer.configure({ mid: '5', send: false })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.NO_SUCH_FEED,
    });

    const restart = await viewer.configure({ restart: true });
    expect(restart.data).toEqual(ok);
    expect(restart.jsep?.type).toBe('offer');
    expect((await viewer.start({ type: 'answer', sdp: answerTo(restart.jsep!.sdp!) })).data.started).toBe('ok');
    await viewer.detach();
    await admin.destroy({ room, secret: 's' });
  });

  it('switch, unsubscribe, subscribe and update reshape the subscription (with renegotiations)', async () => {
    const {
      room,
      feeds: [first, second],
    } = await roomWithFeeds(2);
    const viewer = await fx.session.attach(VideoRoomPlugin);
    const joined = await viewer.joinSubscriber({ room, streams: [{ feed: first }] });
    await viewer.start({ type: 'answer', sdp: answerTo(joined.jsep!.sdp!) });

    const switched = await viewer.switch({ streams: [{ feed: second, mid: '1', sub_mid: '1' }] });
    expect(switched.data).toMatchObject({ videoroom: 'event', room, switched: 'ok', changes: 1 });
    expect(switched.data.streams.find((s) => s.mid === '1')?.feed_id).toBe(second);
    expect(switched.jsep).toBeUndefined();

    const dropped = await viewer.unsubscribe({ streams: [{ sub_mid: '1' }] });
    expect(dropped.data).toMatchObject({ videoroom: 'updated', room });
    expect(dropped.data.videoroom === 'updated' && dropped.data.streams?.find((s) => s.mid === '1')?.active).toBe(
      false,
    );
    expect(dropped.jsep?.type).toBe('offer');
    await viewer.start({ type: 'answer', sdp: answerTo(dropped.jsep!.sdp!) });

    const added = await viewer.subscribe({ streams: [{ feed: second, mid: '1' }] });
    expect(added.data.videoroom).toBe('updated');
    expect(added.jsep?.type).toBe('offer');
    await viewer.start({ type: 'answer', sdp: answerTo(added.jsep!.sdp!) });

    const both = await viewer.update({ subscribe: [{ feed: first, mid: '1' }], unsubscribe: [{ feed: second }] });
    expect(both.data.videoroom).toBe('updated');
    const videoFeeds =
      both.data.videoroom === 'updated' ? both.data.streams?.filter((s) => s.active).map((s) => s.feed_id) : [];
    expect(videoFeeds).toEqual([first, first]);
    await viewer.start({ type: 'answer', sdp: answerTo(both.jsep!.sdp!) });

    // An update with neither list is refused by Janus (and by the types).
    await expect(viewer.request('update', {} as never)).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.MISSING_ELEMENT,
    });
    await viewer.detach();
    await admin.destroy({ room, secret: 's' });
  });

  it('a subscribed feed that goes away makes Janus send an updated event with a new offer', async () => {
    const {
      room,
      feeds: [feed],
    } = await roomWithFeeds(1);
    const viewer = await fx.session.attach(VideoRoomPlugin);
    const { jsep } = await viewer.joinSubscriber({ room, streams: [{ feed }] });
    await viewer.start({ type: 'answer', sdp: answerTo(jsep!.sdp!) });

    const updated = nextOf(viewer.updated$, 'updated on the subscriber');
    await admin.removeRemotePublisher({ room, secret: 's', id: feed });
    const event = await updated;
    expect(event.type).toBe('updated');
    if (event.type !== 'updated') throw new Error('expected updated');
    expect(event.room).toBe(room);
    expect(event.streams?.every((s) => !s.active)).toBe(true);
    expect(event.jsep?.type).toBe('offer');
    await viewer.detach();
    await admin.destroy({ room, secret: 's' });
  });

  it('legacy single-feed join (deprecated by Janus) and the dummy publisher', async () => {
    const room = randomRoom();
    await admin.create({ room, dummy_publisher: true });
    const dummy = (await admin.listParticipants({ room })).participants.find((p) => p.dummy);
    expect(dummy).toMatchObject({ dummy: true, publisher: true });
    const viewer = await fx.session.attach(VideoRoomPlugin);
    const { data, jsep } = await viewer.joinSubscriber({ room, feed: dummy!.id });
    expect(data).toMatchObject({ videoroom: 'attached', room, id: dummy!.id, warning: 'deprecated_api' });
    expect(jsep?.type).toBe('offer');
    await viewer.detach();

    const missing = await fx.session.attach(VideoRoomPlugin);
    await expect(missing.joinSubscriber({ room, streams: [{ feed: 987654321 }] })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.NO_SUCH_FEED,
    });
    await expect(missing.start()).rejects.toMatchObject({ janusCode: VideoRoomErrorCode.JOIN_FIRST });
    await missing.detach();
    await admin.destroy({ room });
  });
});
