import { createSocket } from 'node:dgram';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppUnderTest } from '../../support/app-harness.js';
import { emit, on, type AudioJoined, type AudioPeer } from '../../support/janode-client.js';
import { staticOffer } from '../../support/sdp.js';

/**
 * Janode's AudioBridge front-end against `/audiobridge`: the requests of
 * `examples/audiobridge/html/audiobridge-client.js` (Janode v1.8.0, github.com/meetecho/janode), sent as that script
 * sends them (events without acks, `{ data, _id }`, its exact fields, `null`s included), and the replies read the way
 * its handlers read them. Media is not exchanged (static SDP, no ICE): the browser test is test/e2e/audiobridge.test.ts.
 */

/** The script's default room (`getURLParameter('room') || 1234`): the demo room of the harness's Janus. */
const ROOM = 1234;
const ERROR_EVENT = 'audiobridge-error';

type Peer = AudioPeer;
type Joined = AudioJoined;

/** The script's `join()` with its defaults: every field it sends, its `null`s included. */
function join(socket: Socket, display: string, room = ROOM): number {
  return emit(socket, 'join', {
    room,
    display,
    muted: false,
    suspended: false,
    token: null,
    rtp_participant: null,
    group: null,
  });
}

describe("Janode's audiobridge front-end (examples/audiobridge) against /audiobridge", () => {
  let app: AppUnderTest;
  /** Every `audiobridge-error` the script would have logged, by socket. */
  const errors: unknown[] = [];

  /** `socket = io({ ... })`: here the namespace (and, for its admin functions, a token), the only changes. */
  async function open(token?: string): Promise<Socket> {
    const socket = await app.connect('/audiobridge', token ? { token } : undefined);
    socket.on('audiobridge-error', (e: unknown) => errors.push(e));
    return socket;
  }

  beforeAll(async () => {
    // Janode's example has no JWT: it runs with authentication off, as `npm run demo` does.
    app = await startApp({ env: { AUTH_REQUIRED: 'false' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('join, peer-joined, configure with the offer, trickle, configure, peer-configured, lists, hangup, leave', async () => {
    const socket = await open();
    const other = await open();

    // 'connect' -> join(): `joined` with data.feed, data.room, data.participants[].{feed, display}.
    const joinId = join(socket, 'John_Doe_1234');
    const joined = await on<Joined>(socket, 'joined', { _id: joinId });
    expect(joined.data).toMatchObject({ room: ROOM, feed: expect.any(Number), display: 'John_Doe_1234' });
    expect(joined.data.participants).toEqual([]);
    const myFeed = joined.data.feed;

    // Someone else joins: `peer-joined` with data.feed and data.display; it gets the script in data.participants.
    const peerJoined = on<Peer>(socket, 'peer-joined');
    const otherJoined = await on<Joined>(other, 'joined', { _id: join(other, 'Jane_Doe_5678') });
    const otherFeed = otherJoined.data.feed;
    expect(otherJoined.data.participants).toEqual([
      { feed: myFeed, display: 'John_Doe_1234', muted: false, setup: false },
    ]);
    expect((await peerJoined).data).toEqual({
      room: ROOM,
      feed: otherFeed,
      display: 'Jane_Doe_5678',
      muted: false,
      setup: false,
    });

    // 'joined' -> doOffer() -> configure({ jsep: offer }): `configured` with the same _id, data.jsep the answer.
    const offerId = emit(socket, 'configure', { jsep: staticOffer({ video: false }) });
    const configured = await on<{ feed: number; room: number; jsep?: { type: string; sdp: string } }>(
      socket,
      'configured',
      { _id: offerId },
    );
    expect(configured.data).toMatchObject({ feed: myFeed, room: ROOM, jsep: { type: 'answer' } });
    expect(configured.data.jsep?.sdp).toContain('opus');
    // pc.onicecandidate -> trickle({ candidate }), then trickle-complete with `{}` (no replies).
    emit(socket, 'trickle', {
      candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    });
    emit(socket, 'trickle-complete', {});

    // configure({ display, muted }): `configured` echoes them with data.feed and data.display; the other gets
    // `peer-configured` with the participant's new state.
    const peerConfigured = on<Peer>(other, 'peer-configured', { feed: myFeed });
    const renameId = emit(socket, 'configure', { display: 'Johnny', muted: true });
    const renamed = await on<Record<string, unknown>>(socket, 'configured', { _id: renameId });
    expect(renamed.data).toMatchObject({ feed: myFeed, room: ROOM, display: 'Johnny', muted: true });
    expect((await peerConfigured).data).toMatchObject({ feed: myFeed, display: 'Johnny', muted: true });

    // _listParticipants(), _exists(), _listRooms().
    const listId = emit(socket, 'list-participants', { room: ROOM });
    const listed = await on<{ room: number; participants: Peer[] }>(socket, 'participants-list', { _id: listId });
    expect(listed.data.room).toBe(ROOM);
    expect(listed.data.participants).toEqual(
      expect.arrayContaining([
        { feed: myFeed, display: 'Johnny', muted: true, setup: false },
        { feed: otherFeed, display: 'Jane_Doe_5678', muted: false, setup: false },
      ]),
    );
    const existsId = emit(socket, 'exists', { room: ROOM });
    expect((await on(socket, 'exists', { _id: existsId })).data).toEqual({ room: ROOM, exists: true });
    const roomsId = emit(socket, 'list-rooms');
    const rooms = await on<{ list: Array<{ room: number; description: string }> }>(socket, 'rooms-list', {
      _id: roomsId,
    });
    expect(rooms.data.list).toContainEqual(expect.objectContaining({ room: ROOM, description: 'Demo Room' }));

    // The other leaves (_leave({ feed })): it gets `leaving`, the script `peer-leaving` with data.feed.
    const peerLeaving = on<{ feed: number }>(socket, 'peer-leaving');
    const otherLeaveId = emit(other, 'leave', { feed: otherFeed });
    expect((await on(other, 'leaving', { _id: otherLeaveId })).data).toEqual({ room: ROOM, feed: otherFeed });
    expect((await peerLeaving).data).toEqual({ room: ROOM, feed: otherFeed });

    // A request Janus refuses: `audiobridge-error` with `error` (a string), the request's `_id` and `request`.
    const failingId = join(other, 'nowhere', 424242);
    const refused = await on<unknown>(other, 'audiobridge-error', { _id: failingId });
    expect(refused).toMatchObject({ _id: failingId, error: expect.any(String), code: 'NOT_FOUND', janusCode: 485 });
    expect(refused).toMatchObject({ request: { room: 424242, display: 'nowhere' } });
    errors.splice(errors.indexOf(refused), 1);

    // Janus's own hangup request of the script's server: `hangingup`, then Janus's `hangup` once the PeerConnection
    // is gone, which takes the participant out of the room (AudioBridge ties membership to the PeerConnection).
    const closed = on<{ reason: string }>(socket, 'hangup');
    const hangupId = emit(socket, 'hangup', {});
    expect((await on(socket, 'hangingup', { _id: hangupId })).data).toEqual({ room: ROOM, feed: myFeed });
    expect((await closed).data.reason).toEqual(expect.any(String));

    // The script's `leave` after that still answers `leaving` (Janus has nothing left to remove): no error.
    const leaveId = emit(socket, 'leave', { feed: myFeed });
    const left = await Promise.race([on(socket, 'leaving', leaveId), on(socket, ERROR_EVENT, leaveId)]);
    expect(left).toEqual({ _id: leaveId, data: { room: ROOM, feed: myFeed } });

    // Nothing the script sent was refused (its trickles have no reply to wait for: this is where they would fail).
    expect(errors).toEqual([]);
    socket.disconnect();
    other.disconnect();
  });

  it('its management functions, from a socket with the admin role: the client-side secret is ignored', async () => {
    const admin = await open(await app.token({ roles: ['admin'] }));
    const member = await open();
    const secret = 'adminpwd'; // what the script sends; room secrets stay on the server

    // _create() with its defaults.
    const createId = emit(admin, 'create', {
      description: 'janode-style',
      permanent: false,
      allow_rtp: true,
      bitrate: 0,
      expected_loss: 0,
      talking_events: false,
      talking_level_threshold: 25,
      talking_packets_threshold: 100,
      pin: null,
      secret: null,
    });
    const created = await on<{ room: number; permanent: boolean }>(admin, 'created', { _id: createId });
    expect(created.data).toEqual({ room: expect.any(Number), permanent: false });
    const room = created.data.room;

    const memberFeed = (await on<Joined>(member, 'joined', { _id: join(member, 'member', room) })).data.feed;

    // _mutePeer() / _unmutePeer(): `peer-muted` / `peer-unmuted` to the admin; the member is told (`configured`).
    const mutedSelf = on<Peer>(member, 'configured', { feed: memberFeed });
    const muteId = emit(admin, 'mute-peer', { room, feed: memberFeed, secret });
    expect((await on(admin, 'peer-muted', { _id: muteId })).data).toEqual({ room, feed: memberFeed });
    expect((await mutedSelf).data).toMatchObject({ room, feed: memberFeed, muted: true });
    const unmuteId = emit(admin, 'unmute-peer', { room, feed: memberFeed, secret });
    expect((await on(admin, 'peer-unmuted', { _id: unmuteId })).data).toEqual({ room, feed: memberFeed });

    // _muteRoom() / _unmuteRoom(): `room-muted` / `room-unmuted`; participants get `room-muted-update`.
    const roomMutedUpdate = on<{ room: number; muted: boolean }>(member, 'room-muted-update');
    const muteRoomId = emit(admin, 'mute-room', { room, secret });
    expect((await on(admin, 'room-muted', { _id: muteRoomId })).data).toEqual({ room });
    expect((await roomMutedUpdate).data).toEqual({ room, muted: true });
    const roomUnmutedUpdate = on<{ room: number; muted: boolean }>(member, 'room-muted-update');
    const unmuteRoomId = emit(admin, 'unmute-room', { room, secret });
    expect((await on(admin, 'room-unmuted', { _id: unmuteRoomId })).data).toEqual({ room });
    expect((await roomUnmutedUpdate).data).toEqual({ room, muted: false });

    // _enableRecording(), _allow().
    const recId = emit(admin, 'enable-recording', { room, secret, record: false });
    expect((await on(admin, 'recording-status', { _id: recId })).data).toEqual({ room, record: false });
    const allowId = emit(admin, 'allow', { room, secret, action: 'add', list: ['invite'] });
    expect((await on(admin, 'allowed', { _id: allowId })).data).toEqual({ room, list: ['invite'] });

    // _startForward() (to an IP address), _listForward(), _stopForward().
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    try {
      const port = udp.address().port;
      const startId = emit(admin, 'rtp-fwd-start', { room, host: '127.0.0.1', audio_port: port, group: null, secret });
      const started = await on<{ room: number; forwarder: { audio_stream: number; host: string; audio_port: number } }>(
        admin,
        'rtp-fwd-started',
        { _id: startId },
      );
      expect(started.data).toEqual({
        room,
        forwarder: { audio_stream: expect.any(Number), host: '127.0.0.1', audio_port: port },
      });
      const stream = started.data.forwarder.audio_stream;
      const listId = emit(admin, 'rtp-fwd-list', { room, secret });
      const listed = await on<{ forwarders: Array<{ audio_stream: number; host: string; audio_port: number }> }>(
        admin,
        'rtp-fwd-list',
        { _id: listId },
      );
      expect(listed.data.forwarders).toEqual([
        expect.objectContaining({ audio_stream: stream, host: '127.0.0.1', audio_port: port }),
      ]);
      const stopId = emit(admin, 'rtp-fwd-stop', { room, stream, secret });
      expect((await on(admin, 'rtp-fwd-stopped', { _id: stopId })).data).toEqual({
        room,
        forwarder: { audio_stream: stream },
      });
    } finally {
      udp.close();
    }

    // _suspend(): Janus 1.1.2 has no suspend (1.2.1+): its refusal comes back as audiobridge-error, at once.
    const suspendId = emit(admin, 'suspend-peer', { room, feed: memberFeed, stop_record: false, secret });
    const refused = await on<unknown>(admin, 'audiobridge-error', { _id: suspendId });
    expect(refused).toMatchObject({ _id: suspendId, code: 'JANUS_ERROR', janusCode: 482 });
    errors.splice(errors.indexOf(refused), 1);

    // _kick(): `peer-kicked` to the admin, `kicked` to the member.
    const kicked = on<{ room: number; feed: number }>(member, 'kicked');
    const kickId = emit(admin, 'kick', { room, feed: memberFeed, secret });
    expect((await on(admin, 'peer-kicked', { _id: kickId })).data).toEqual({ room, feed: memberFeed });
    expect((await kicked).data).toEqual({ room, feed: memberFeed });

    // _destroy(): `destroyed`.
    const destroyId = emit(admin, 'destroy', { room, permanent: false, secret });
    expect((await on(admin, 'destroyed', { _id: destroyId })).data).toEqual({ room, permanent: false });
    const existsId = emit(admin, 'exists', { room });
    expect((await on(admin, 'exists', { _id: existsId })).data).toEqual({ room, exists: false });

    expect(errors).toEqual([]);
    admin.disconnect();
    member.disconnect();
  });
});
