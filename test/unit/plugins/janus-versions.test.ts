import { firstValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EchoTestPlugin,
  JanusConnection,
  toEchoTestEvent,
  toVideoRoomEvent,
  VideoRoomPlugin,
  type EchoTestEvent,
  type JanusSession,
  type Jsep,
  type VideoRoomEvent,
} from 'nestjs-janus';
import { FakeJanus, type FakeRequest } from '../../support/fake-janus.js';

/**
 * What Janus 1.1.4-1.4.1 send and accept beyond 1.1.2. None of it can be run against the real 1.1.2 here, so the
 * frames below are the ones the newer janus_videoroom.c / janus_echotest.c build (per version, as noted), fed to
 * the mappers and to a scripted fake Janus.
 */

const metadata = { role: 'host', seat: 3 };

/** Plugin data as newer Janus versions send it, and the event each one must become (compared strictly). */
const videoRoomSamples: Array<[string, Record<string, unknown>, VideoRoomEvent]> = [
  [
    'leaving (someone) with display and metadata (1.3.0+)',
    { videoroom: 'event', room: 1, display: 'bob', metadata, leaving: 9 },
    { type: 'leaving', room: 1, self: false, id: 9, display: 'bob', metadata },
  ],
  [
    'leaving (someone) with a reason and display (1.3.0+)',
    { videoroom: 'event', room: 1, display: 'bob', leaving: 9, reason: 'kicked' },
    { type: 'leaving', room: 1, self: false, id: 9, reason: 'kicked', display: 'bob' },
  ],
  [
    'unpublished (someone) with display and metadata (1.3.0+)',
    { videoroom: 'event', room: 1, display: 'bob', metadata, unpublished: 9 },
    { type: 'unpublished', room: 1, self: false, id: 9, display: 'bob', metadata },
  ],
  [
    'kicked (someone) with display (1.3.0+)',
    { videoroom: 'event', room: 1, display: 'bob', kicked: 9 },
    { type: 'kicked', room: 1, self: false, id: 9, display: 'bob' },
  ],
  [
    'leaving (someone) as 1.1.2 sends it: no display/metadata keys appear',
    { videoroom: 'event', room: 1, leaving: 9 },
    { type: 'leaving', room: 1, self: false, id: 9 },
  ],
  [
    'metadata replaced (1.3.0+, no room)',
    { videoroom: 'event', id: 3, metadata },
    { type: 'metadata', id: 3, metadata },
  ],
  [
    'display changed, with metadata (1.4.1+)',
    { videoroom: 'event', id: 3, display: 'alice3', metadata },
    { type: 'display', id: 3, display: 'alice3', metadata },
  ],
  [
    'joining with metadata (1.3.0+)',
    { videoroom: 'event', room: 1, joining: { id: 8, display: 'bob', metadata } },
    { type: 'joining', room: 1, joining: { id: 8, display: 'bob', metadata } },
  ],
  [
    'publishers with metadata and underscore profiles',
    {
      videoroom: 'event',
      room: 1,
      publishers: [
        {
          id: 7,
          display: 'a',
          metadata,
          streams: [{ type: 'video', mindex: 1, mid: '1', codec: 'vp9', vp9_profile: '2', svc: true }],
        },
      ],
    },
    {
      type: 'publishers',
      room: 1,
      publishers: [
        {
          id: 7,
          display: 'a',
          metadata,
          streams: [{ type: 'video', mindex: 1, mid: '1', codec: 'vp9', vp9_profile: '2', svc: true }],
        },
      ],
    },
  ],
];

describe('toVideoRoomEvent: frames of Janus 1.3.0-1.4.1', () => {
  it.each(videoRoomSamples)('maps %s', (_name, data, expected) => {
    expect(toVideoRoomEvent(data)).toStrictEqual(expected);
  });

  it('keeps feed_metadata and the simulcast state of an updated subscription (1.4.1+)', () => {
    const offer: Jsep = { type: 'offer', sdp: 'v=0\r\n' };
    const streams = [
      {
        type: 'video',
        active: true,
        mindex: 0,
        mid: '0',
        ready: false,
        send: true,
        feed_id: 7,
        feed_metadata: metadata,
        simulcast: { substream: 0, 'substream-target': 2, 'temporal-layer': 0, 'temporal-layer-target': 2 },
      },
    ];
    const event = toVideoRoomEvent({ videoroom: 'updated', room: 1, streams }, offer);
    expect(event).toStrictEqual({ type: 'updated', room: 1, streams, jsep: offer });
    expect(event?.type === 'updated' && event.streams?.[0]?.feed_metadata).toEqual(metadata);
  });
});

describe('toEchoTestEvent: frames of Janus 1.1.4-1.4.1', () => {
  const samples: Array<[string, Record<string, unknown>, EchoTestEvent]> = [
    [
      'SVC spatial layer change (1.1.4-1.3.1: one event per layer)',
      { echotest: 'event', videocodec: 'vp9', spatial_layer: 1 },
      { type: 'svc', videocodec: 'vp9', spatial_layer: 1 },
    ],
    [
      'SVC temporal layer change (1.1.4-1.3.1)',
      { echotest: 'event', videocodec: 'av1', temporal_layer: 0 },
      { type: 'svc', videocodec: 'av1', temporal_layer: 0 },
    ],
    [
      'SVC change with the announced layers (1.3.2+)',
      {
        echotest: 'event',
        videocodec: 'vp9',
        spatial_layer: 2,
        temporal_layer: 1,
        tot_spatial_layers: 3,
        tot_temporal_layers: 3,
      },
      {
        type: 'svc',
        videocodec: 'vp9',
        spatial_layer: 2,
        temporal_layer: 1,
        tot_spatial_layers: 3,
        tot_temporal_layers: 3,
      },
    ],
    [
      'simulcast change, both values and the announced layers in one (1.3.2+)',
      { echotest: 'event', videocodec: 'vp8', substream: 1, temporal: 2, tot_temporal_layers: 3 },
      { type: 'simulcast', videocodec: 'vp8', substream: 1, temporal: 2, tot_temporal_layers: 3 },
    ],
  ];
  it.each(samples)('maps %s', (_name, data, expected) => {
    expect(toEchoTestEvent(data)).toStrictEqual(expected);
  });
});

describe('newer request fields on the wire and newer events on the streams', () => {
  let fake: FakeJanus;
  let connection: JanusConnection;
  let session: JanusSession;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    // A Janus 1.4.1 info reply (the 1.2.x additions included).
    fake.info = { version: 1401, version_string: '1.4.1', 'ice-consent-freshness': true, 'hangup-on-failed': false };
    fake.script = (req, socket) => {
      if (req.janus !== 'message') return fake.answer(req, socket);
      socket.success(req, { sender: req.handle_id, plugindata: { plugin: 'janus.plugin.x', data: { ok: true } } });
    };
    connection = await JanusConnection.connect({ servers: [{ url: fake.url }], logger: false });
    session = await connection.createSession();
  });
  afterEach(async () => {
    await connection.close();
    await fake.close();
  });

  function lastBody(): FakeRequest['body'] {
    const message = fake.requests.filter((r) => r.janus === 'message').at(-1);
    if (!message) throw new Error('no message sent');
    return message.body;
  }

  it('server_info fields of Janus 1.2.x are typed and kept', () => {
    const info = connection.serverInfo;
    const freshness: boolean | undefined = info?.['ice-consent-freshness'];
    const hangupOnFailed: boolean | undefined = info?.['hangup-on-failed'];
    expect([info?.version_string, freshness, hangupOnFailed]).toEqual(['1.4.1', true, false]);
  });

  it('VideoRoom request fields of 1.1.4-1.3.2 reach Janus unchanged', async () => {
    const room = 1234;
    const handle = await session.attach(VideoRoomPlugin);
    const srtp = { srtp_suite: 80 as const, srtp_crypto: 'a2V5' };

    await handle.create({ room, threads: 2, dummy_publisher: true, dummy_e2ee: true });
    expect(lastBody()).toEqual({ request: 'create', room, threads: 2, dummy_publisher: true, dummy_e2ee: true });

    await handle.joinPublisher({ room, display: 'a', metadata });
    expect(lastBody()).toEqual({ request: 'join', ptype: 'publisher', room, display: 'a', metadata });

    await handle.configure({ metadata: { role: 'guest' } });
    expect(lastBody()).toEqual({ request: 'configure', metadata: { role: 'guest' } });

    await handle.switch({ streams: [{ feed: 8, mid: '1', sub_mid: '1', substream: 0, temporal_layer: 1 }] });
    expect(lastBody()).toEqual({
      request: 'switch',
      streams: [{ feed: 8, mid: '1', sub_mid: '1', substream: 0, temporal_layer: 1 }],
    });

    const streams = [{ type: 'video' as const, mindex: 1, mid: '1', codec: 'h264', h264_profile: '42e01f' }];
    await handle.addRemotePublisher({ room, display: 'r', metadata, streams, ...srtp });
    expect(lastBody()).toEqual({ request: 'add_remote_publisher', room, display: 'r', metadata, streams, ...srtp });

    await handle.publishRemotely({ room, publisher_id: 3, remote_id: 'r', host: '10.0.0.2', port: 1, ...srtp });
    expect(lastBody()).toEqual({
      request: 'publish_remotely',
      room,
      publisher_id: 3,
      remote_id: 'r',
      host: '10.0.0.2',
      port: 1,
      ...srtp,
    });

    // @ts-expect-error: metadata is a JSON object, not a string
    await handle.joinPublisher({ room, metadata: 'host' });
    // @ts-expect-error: SRTP tag lengths are 32 or 80
    await handle.publishRemotely({ room, publisher_id: 3, remote_id: 'r', host: 'h', port: 1, srtp_suite: 64 });
  });

  it('EchoTest SVC settings (1.1.4+) reach Janus unchanged', async () => {
    const echo = await session.attach(EchoTestPlugin);
    await echo.configure({ spatial_layer: 1, temporal_layer: 2 });
    expect(lastBody()).toEqual({ spatial_layer: 1, temporal_layer: 2 });
  });

  it('a 1.3.0 metadata event and a 1.1.4 EchoTest SVC event arrive typed on events$; a malformed one as unknown', async () => {
    const room = await session.attach(VideoRoomPlugin);
    const echo = await session.attach(EchoTestPlugin);
    const roomEvents = firstValueFrom(room.events$.pipe(toArray()));
    const echoEvents = firstValueFrom(echo.events$.pipe(toArray()));
    const push = (sender: number, data: Record<string, unknown>): void =>
      fake.sockets[0].send({
        janus: 'event',
        session_id: session.id,
        sender,
        plugindata: { plugin: 'janus.plugin.x', data },
      });

    push(room.id, { videoroom: 'event', id: 3, metadata });
    push(room.id, { videoroom: 'event', id: 3, metadata: ['not', 'an', 'object'] });
    push(echo.id, { echotest: 'event', videocodec: 'vp9', spatial_layer: 2 });
    await room.exists({ room: 1 }); // both events were delivered before this reply
    await room.detach();
    await echo.detach();

    const [metadataEvent, malformed] = await roomEvents;
    const [svcEvent] = await echoEvents;
    expect(malformed).toMatchObject({ type: 'unknown', data: { id: 3, metadata: ['not', 'an', 'object'] } });
    // Narrowing on the new union members compiles: the fields are typed.
    expect(metadataEvent?.type === 'metadata' ? metadataEvent.metadata : undefined).toEqual(metadata);
    expect(svcEvent?.type === 'svc' ? svcEvent.spatial_layer : undefined).toBe(2);
  });
});
