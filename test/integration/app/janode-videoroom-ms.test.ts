import type { Socket } from 'socket.io-client';
import { VideoRoomService } from 'nestjs-janus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMOTE_AV, startApp, type AppUnderTest } from '../../support/app-harness.js';
import { emit, on } from '../../support/janode-client.js';
import { answerFor, sdpIdentity, staticOffer } from '../../support/sdp.js';

/**
 * Janode's multistream VideoRoom front-end against `/videoroom`: the requests of
 * `examples/videoroom-ms/html/videoroom-ms-client.js` (Janode v1.8.0, github.com/meetecho/janode at 9473ed6), sent
 * as that script sends them (events without acks, `{ data, _id }`, its exact fields, `null`s included), in the order
 * its handlers send them, and the replies read the way its handlers read them. Its room administration (`create`,
 * `kick`, `allow`, `rtp-fwd-*` with a client-side `secret`) is left out: that is the admin role's, not a
 * participant's. Media is not exchanged (static SDP, no ICE): the browser test of the multistream flow is
 * test/e2e/videoroom-multistream.test.ts.
 */

/** The script's default room (`getURLParameter('room') || 1234`): the demo room of the harness's Janus. */
const ROOM = 1234;

interface Jsep {
  type: string;
  sdp: string;
}
interface SubStream {
  type: string;
  active: boolean;
  mid: string;
  feed_id?: number;
  feed_display?: string;
  feed_mid?: string;
}
interface Publisher {
  feed: number;
  display?: string;
  streams: Array<{ mid: string; type: string }>;
}

/** The script's `subscribeTo(publishers)`: every stream of every publisher, as `{ feed, mid }`. */
function subscribeTo(publishers: Publisher[]): Array<{ feed: number; mid: string }> {
  return publishers.flatMap(({ feed, streams }) => streams.map((s) => ({ feed, mid: s.mid })));
}

describe("Janode's videoroom-ms front-end (examples/videoroom-ms) against /videoroom", () => {
  let app: AppUnderTest;
  let socket: Socket;
  /** Every `videoroom-error` the script would have logged. */
  const errors: unknown[] = [];

  /** A live feed without a browser: a VideoRoom remote publisher (audio mid 0, video mid 1). */
  async function addRemote(display: string): Promise<number> {
    const secret = app.janus.videoRoomSecret;
    const reply = await app.app
      .get(VideoRoomService)
      .addRemotePublisher({ room: ROOM, secret, display, streams: REMOTE_AV });
    return Number(reply.id);
  }

  beforeAll(async () => {
    // Janode's example has no JWT: it runs with authentication off, as `npm run demo` does.
    app = await startApp({ env: { AUTH_REQUIRED: 'false' } });
  });
  afterAll(async () => {
    socket?.disconnect();
    await app?.close();
  });

  it('join, publish with configure, subscribe to joined.publishers and feed-list, start, unsubscribe, restart, pause, switch, updated, leave', async () => {
    const room = ROOM;
    // A feed that is live before the script joins, so that it comes in `joined.publishers` (Janus answers
    // add_remote_publisher before the feed is in the room: wait until a participant is told).
    const lobby = await app.connect('/videoroom');
    emit(lobby, 'join', { room, display: 'lobby' });
    await on(lobby, 'joined');
    const announced = on(lobby, 'feed-list');
    await addRemote('early');
    await announced;
    lobby.disconnect();

    // `socket = io({ ... })`: here the namespace, the only change the script needs.
    socket = await app.connect('/videoroom');
    socket.on('videoroom-error', (e: unknown) => errors.push(e));

    // join({ room, display, token = null })
    const joinId = emit(socket, 'join', { room, display: 'John_Doe_1234', token: null });
    const joined = await on<{ room: number; feed: number; display: string; publishers: Publisher[] }>(
      socket,
      'joined',
      joinId,
    );
    expect(joined.data).toMatchObject({ room, display: 'John_Doe_1234', feed: expect.any(Number) });
    const myFeed = joined.data.feed;
    const early = joined.data.publishers.find((p) => p.display === 'early')!;
    expect(early.streams.map((s) => s.mid)).toEqual(['0', '1']);

    // 'joined' -> _publish(): configure({ feed, jsep: offer }); 'configured' with `feed` goes to the publisher's pc.
    const publishId = emit(socket, 'configure', { feed: myFeed, jsep: staticOffer() });
    const published = await on<{ feed?: number; jsep?: Jsep }>(socket, 'configured', publishId);
    expect(published.data).toMatchObject({ feed: myFeed, jsep: { type: 'answer' } });
    // The publisher's candidates: trickle({ feed, candidate }), then trickle-complete with `feed`.
    emit(socket, 'trickle', {
      feed: myFeed,
      candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    });
    emit(socket, 'trickle-complete', { feed: myFeed });

    // 'joined' -> subscribeTo(data.publishers): subscribe({ room, streams: [{ feed, mid }] }).
    const pc = sdpIdentity();
    const subscribeId = emit(socket, 'subscribe', { room, streams: subscribeTo([early]) });
    const subscribed = await on<{ streams: SubStream[]; jsep?: Jsep }>(socket, 'subscribed', subscribeId);
    // updateSubscriptions(data.streams) keys them by `mid` and shows `feed_display|feed_id|feed_mid|mid`.
    expect(subscribed.data.streams).toEqual([
      expect.objectContaining({ type: 'audio', active: true, mid: '0', feed_id: early.feed, feed_mid: '0' }),
      expect.objectContaining({ type: 'video', active: true, mid: '1', feed_id: early.feed, feed_mid: '1' }),
    ]);
    expect(subscribed.data.streams[1].feed_display).toBe('early');
    // 'subscribed' -> doAnswer(data.jsep) -> start({ jsep: answer }), no feed.
    expect(subscribed.data.jsep?.type).toBe('offer');
    const startId = emit(socket, 'start', { jsep: answerFor(subscribed.data.jsep!.sdp, pc) });
    await on(socket, 'started', startId);
    // The subscriber's candidates: trickle({ candidate }) without feed, then trickle-complete with `{}`.
    emit(socket, 'trickle', {
      candidate: { candidate: 'candidate:2 1 udp 2122260223 127.0.0.1 50002 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    });
    emit(socket, 'trickle-complete', {});

    // A new feed: 'feed-list' -> subscribeTo(data.publishers, data.room) on the same subscription.
    const listed = on<{ room: number; publishers: Publisher[] }>(socket, 'feed-list');
    const late = await addRemote('late');
    const feedList = await listed;
    expect(feedList.data.room).toBe(room);
    const moreId = emit(socket, 'subscribe', {
      room: feedList.data.room,
      streams: subscribeTo(feedList.data.publishers),
    });
    const more = await on<{ streams: SubStream[]; jsep?: Jsep }>(socket, 'subscribed', moreId);
    expect(more.data.streams.filter((s) => s.active).map((s) => s.feed_id)).toEqual([
      early.feed,
      early.feed,
      late,
      late,
    ]);
    emit(socket, 'start', { jsep: answerFor(more.data.jsep!.sdp, pc) });
    await on(socket, 'started');

    // _unsubscribe({ streams, room }) -> 'unsubscribed' with data.streams and data.jsep -> start.
    const unsubscribeId = emit(socket, 'unsubscribe', { room, streams: [{ feed: early.feed }] });
    const unsubscribed = await on<{ streams: SubStream[]; jsep?: Jsep }>(socket, 'unsubscribed', unsubscribeId);
    expect(unsubscribed.data.streams.filter((s) => s.active).map((s) => s.feed_id)).toEqual([late, late]);
    emit(socket, 'start', { jsep: answerFor(unsubscribed.data.jsep!.sdp, pc) });
    await on(socket, 'started');

    // _restartSubscriber(): configure({ restart: true }); 'configured' without `feed` goes to the subscriber's pc,
    // and its offer is answered with start.
    const restartId = emit(socket, 'configure', { restart: true });
    const restarted = await on<{ feed?: number; jsep?: Jsep }>(socket, 'configured', restartId);
    expect(restarted.data.feed).toBeUndefined();
    expect(restarted.data.jsep?.type).toBe('offer');
    const restartedPc = { ...sdpIdentity(), fingerprint: pc.fingerprint };
    emit(socket, 'start', { jsep: answerFor(restarted.data.jsep!.sdp, restartedPc) });
    await on(socket, 'started');

    // _pause() sends `{}`.
    const pauseId = emit(socket, 'pause', {});
    await on(socket, 'paused', pauseId);

    // _switch({ streams }) -> 'switched' -> updateSubscriptions(data.streams).
    const lateVideo = unsubscribed.data.streams.find((s) => s.active && s.type === 'video')!;
    const switchId = emit(socket, 'switch', { streams: [{ feed: early.feed, mid: '1', sub_mid: lateVideo.mid }] });
    const switched = await on<{ streams: SubStream[] }>(socket, 'switched', switchId);
    expect(switched.data.streams.find((s) => s.mid === lateVideo.mid)).toMatchObject({ feed_id: early.feed });

    // The early feed goes away: 'leaving' with data.feed, and Janus's 'updated' with data.streams and an offer,
    // answered with start.
    const leaving = on<{ feed: number }>(socket, 'leaving');
    const updated = on<{ streams: SubStream[]; jsep?: Jsep }>(socket, 'updated');
    await app.app
      .get(VideoRoomService)
      .removeRemotePublisher({ room, secret: app.janus.videoRoomSecret, id: early.feed });
    expect((await leaving).data.feed).toBe(early.feed);
    const update = await updated;
    expect(update._id).toBeUndefined();
    expect(update.data.streams.filter((s) => s.active).map((s) => s.feed_id)).toEqual([late]);
    emit(socket, 'start', { jsep: answerFor(update.data.jsep!.sdp, restartedPc) });
    await on(socket, 'started');

    // _listParticipants(), _exists(), _listRooms().
    const listId = emit(socket, 'list-participants', { room });
    const participants = await on<{ participants: Array<{ feed: number }> }>(socket, 'participants-list', listId);
    expect(participants.data.participants.map((p) => p.feed)).toContain(myFeed);
    expect((await on<{ exists: boolean }>(socket, 'exists', emit(socket, 'exists', { room }))).data.exists).toBe(true);
    const roomsId = emit(socket, 'list-rooms');
    expect((await on<{ list: unknown[] }>(socket, 'rooms-list', roomsId)).data.list).toBeInstanceOf(Array);

    // A request Janus refuses: 'videoroom-error' with `error` (a string) and the request's `_id`.
    const failingId = emit(socket, 'subscribe', { room, streams: [{ feed: 424242, mid: '0' }] });
    const refused = await on<unknown>(socket, 'videoroom-error', failingId);
    expect(refused).toMatchObject({ _id: failingId, error: expect.any(String), request: { room } });
    errors.splice(errors.indexOf(refused), 1);

    // _leave({ feed }): the reply carries the script's own feed. (Its _unpublish() needs a publisher whose media
    // is up: without ICE here, Janus answers 435 "not published".)
    const leaveId = emit(socket, 'leave', { feed: myFeed });
    expect((await on<{ feed: number }>(socket, 'leaving', leaveId)).data.feed).toBe(myFeed);

    // Nothing the script sent was refused (its trickles have no reply to wait for: this is where they would fail).
    expect(errors).toEqual([]);
  });
});
