import { firstValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  definePlugin,
  EchoTestPlugin,
  JanusConnection,
  JanusHandleDetachedError,
  JanusPluginError,
  JanusPluginHandle,
  JanusTimeoutError,
  VideoRoomPlugin,
  type JanusSession,
  type Jsep,
  type VideoRoomHandle,
} from 'nestjs-janus';
import { FakeJanus } from '../../support/fake-janus.js';

const offer: Jsep = { type: 'offer', sdp: 'v=0\r\n' };
/** The VideoRoom requests Janus answers asynchronously. */
const ASYNC_REQUESTS = new Set([
  'join',
  'joinandconfigure',
  'configure',
  'publish',
  'unpublish',
  'start',
  'pause',
  'switch',
  'subscribe',
  'unsubscribe',
  'update',
  'leave',
]);

/** How Janus answers a message: the VideoRoom participant requests and the EchoTest's one request asynchronously. */
function isAsync(body: Record<string, unknown>): boolean {
  if (typeof body.request === 'string') return ASYNC_REQUESTS.has(body.request);
  return body.verb === undefined; // EchoTest: no request name
}
const answer: Jsep = { type: 'answer', sdp: 'v=0\r\n' };

/** What the plugin wrappers put on the wire, and how they map what comes back, against a scripted fake Janus. */
describe('plugin wrappers on the wire', () => {
  let fake: FakeJanus;
  let connection: JanusConnection;
  let session: JanusSession;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    // Every plugin message succeeds with a reply naming the request it got (and an answer when it carried a JSEP),
    // answered as Janus does: at once (`success`), or for the asynchronous ones an `ack`, then an `event`.
    fake.answerPluginMessages('janus.plugin.x', (body, req) => ({
      data: { echoed: body },
      jsep: req.jsep ? answer : undefined,
      async: isAsync(body),
    }));
    connection = await JanusConnection.connect({ servers: [{ url: fake.url }], logger: false });
    session = await connection.createSession();
  });
  afterEach(async () => {
    await connection.close();
    await fake.close();
  });

  /** Sends a plugin event to `handle` as Janus would. */
  function pushEvent(handleId: number, data: Record<string, unknown>, jsep?: Jsep): void {
    fake.sockets[0].send({
      janus: 'event',
      session_id: session.id,
      sender: handleId,
      plugindata: { plugin: 'janus.plugin.x', data },
      ...(jsep ? { jsep } : {}),
    });
  }

  const room = 1234;
  const videoRoomCalls: Array<[string, (h: VideoRoomHandle) => Promise<unknown>, Record<string, unknown>, Jsep?]> = [
    [
      'joinPublisher',
      (h) => h.joinPublisher({ room, display: 'a' }),
      { request: 'join', ptype: 'publisher', room, display: 'a' },
    ],
    [
      'joinAndConfigure',
      (h) => h.joinAndConfigure({ room, display: 'a', bitrate: 1 }, offer),
      { request: 'joinandconfigure', ptype: 'publisher', room, display: 'a', bitrate: 1 },
      offer,
    ],
    ['configure', (h) => h.configure({ keyframe: true }), { request: 'configure', keyframe: true }],
    ['configure + jsep', (h) => h.configure({ update: true }, offer), { request: 'configure', update: true }, offer],
    ['publish', (h) => h.publish({ display: 'p' }, offer), { request: 'publish', display: 'p' }, offer],
    ['unpublish', (h) => h.unpublish(), { request: 'unpublish' }],
    [
      'joinSubscriber',
      (h) => h.joinSubscriber({ room, streams: [{ feed: 7, mid: '1' }] }),
      { request: 'join', ptype: 'subscriber', room, streams: [{ feed: 7, mid: '1' }] },
    ],
    ['subscribe', (h) => h.subscribe({ streams: [{ feed: 7 }] }), { request: 'subscribe', streams: [{ feed: 7 }] }],
    [
      'unsubscribe',
      (h) => h.unsubscribe({ streams: [{ sub_mid: '0' }] }),
      { request: 'unsubscribe', streams: [{ sub_mid: '0' }] },
    ],
    ['update', (h) => h.update({ unsubscribe: [{ feed: 7 }] }), { request: 'update', unsubscribe: [{ feed: 7 }] }],
    ['start + answer', (h) => h.start(answer), { request: 'start' }, answer],
    ['start', (h) => h.start(), { request: 'start' }],
    ['pause', (h) => h.pause(), { request: 'pause' }],
    [
      'switch',
      (h) => h.switch({ streams: [{ feed: 8, mid: '1', sub_mid: '1' }] }),
      { request: 'switch', streams: [{ feed: 8, mid: '1', sub_mid: '1' }] },
    ],
    ['leave', (h) => h.leave(), { request: 'leave' }],
    ['create', (h) => h.create({ room, publishers: 2 }), { request: 'create', room, publishers: 2 }],
    ['edit', (h) => h.edit({ room, new_pin: 'p' }), { request: 'edit', room, new_pin: 'p' }],
    ['destroy', (h) => h.destroy({ room, secret: 's' }), { request: 'destroy', room, secret: 's' }],
    ['exists', (h) => h.exists({ room }), { request: 'exists', room }],
    ['list', (h) => h.list(), { request: 'list' }],
    ['listParticipants', (h) => h.listParticipants({ room }), { request: 'listparticipants', room }],
    ['kick', (h) => h.kick({ room, id: 3 }), { request: 'kick', room, id: 3 }],
    [
      'moderate',
      (h) => h.moderate({ room, id: 3, mid: '0', mute: true }),
      { request: 'moderate', room, id: 3, mid: '0', mute: true },
    ],
    [
      'allowed',
      (h) => h.allowed({ room, action: 'add', allowed: ['t'] }),
      { request: 'allowed', room, action: 'add', allowed: ['t'] },
    ],
    [
      'enableRecording',
      (h) => h.enableRecording({ room, record: true }),
      { request: 'enable_recording', room, record: true },
    ],
    [
      'rtpForward',
      (h) => h.rtpForward({ room, publisher_id: 3, host: 'h', streams: [{ mid: '0', port: 5000 }] }),
      { request: 'rtp_forward', room, publisher_id: 3, host: 'h', streams: [{ mid: '0', port: 5000 }] },
    ],
    [
      'stopRtpForward',
      (h) => h.stopRtpForward({ room, publisher_id: 3, stream_id: 9 }),
      { request: 'stop_rtp_forward', room, publisher_id: 3, stream_id: 9 },
    ],
    ['listForwarders', (h) => h.listForwarders({ room }), { request: 'listforwarders', room }],
    [
      'addRemotePublisher',
      (h) => h.addRemotePublisher({ room, streams: [{ type: 'audio', mindex: 0, mid: '0', codec: 'opus' }] }),
      { request: 'add_remote_publisher', room, streams: [{ type: 'audio', mindex: 0, mid: '0', codec: 'opus' }] },
    ],
    [
      'updateRemotePublisher',
      (h) => h.updateRemotePublisher({ room, id: 5, display: 'd', streams: [] }),
      { request: 'update_remote_publisher', room, id: 5, display: 'd', streams: [] },
    ],
    [
      'removeRemotePublisher',
      (h) => h.removeRemotePublisher({ room, id: 5 }),
      { request: 'remove_remote_publisher', room, id: 5 },
    ],
    [
      'publishRemotely',
      (h) => h.publishRemotely({ room, publisher_id: 3, remote_id: 'r', host: 'h', port: 1, rtcp_port: 2 }),
      { request: 'publish_remotely', room, publisher_id: 3, remote_id: 'r', host: 'h', port: 1, rtcp_port: 2 },
    ],
    [
      'unpublishRemotely',
      (h) => h.unpublishRemotely({ room, publisher_id: 3, remote_id: 'r' }),
      { request: 'unpublish_remotely', room, publisher_id: 3, remote_id: 'r' },
    ],
    ['listRemotes', (h) => h.listRemotes({ room, publisher_id: 3 }), { request: 'listremotes', room, publisher_id: 3 }],
  ];

  it.each(videoRoomCalls)('VideoRoom %s sends its own request name and body', async (_name, call, body, jsep) => {
    const handle = await session.attach(VideoRoomPlugin);
    await call(handle);
    const sent = fake.lastMessage();
    expect(sent.handle_id).toBe(handle.id);
    expect(sent.body).toEqual(body);
    expect(sent.jsep).toEqual(jsep);
  });

  it('every VideoRoom request name of Janus 1.1.2 has a method', () => {
    const names = new Set(videoRoomCalls.map(([, , body]) => body.request));
    expect([...names].sort((a, b) => String(a).localeCompare(String(b)))).toEqual(
      [
        'add_remote_publisher',
        'allowed',
        'configure',
        'create',
        'destroy',
        'edit',
        'enable_recording',
        'exists',
        'join',
        'joinandconfigure',
        'kick',
        'leave',
        'list',
        'listforwarders',
        'listparticipants',
        'listremotes',
        'moderate',
        'pause',
        'publish',
        'publish_remotely',
        'remove_remote_publisher',
        'rtp_forward',
        'start',
        'stop_rtp_forward',
        'subscribe',
        'switch',
        'unpublish',
        'unpublish_remotely',
        'unsubscribe',
        'update',
        'update_remote_publisher',
      ].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('synchronous VideoRoom methods resolve with the data, asynchronous ones with { data, jsep }', async () => {
    const handle = await session.attach(VideoRoomPlugin);
    expect(await handle.exists({ room })).toEqual({ echoed: { request: 'exists', room } });
    expect(await handle.publish({}, offer)).toEqual({ data: { echoed: { request: 'publish' } }, jsep: answer });
  });

  it('EchoTest sends its settings without a request name, with the JSEP when given', async () => {
    const echo = await session.attach(EchoTestPlugin);
    const reply = await echo.configure({ audio: true, bitrate: 64_000 }, offer);
    const sent = fake.lastMessage();
    expect(sent.body).toEqual({ audio: true, bitrate: 64_000 });
    expect(sent.jsep).toEqual(offer);
    expect(reply.jsep).toEqual(answer);
    await echo.configure({ video: false });
    expect(fake.lastMessage().body).toEqual({ video: false });
    expect(fake.lastMessage().jsep).toBeUndefined();
  });

  it('a plugin error_code rejects with JanusPluginError naming the plugin and the request', async () => {
    const handle = await session.attach(VideoRoomPlugin);
    fake.script = (req, socket) => {
      if (req.janus !== 'message') return fake.answer(req, socket);
      socket.success(req, {
        sender: req.handle_id,
        plugindata: {
          plugin: 'janus.plugin.videoroom',
          data: { videoroom: 'event', error_code: 426, error: 'No such room (9)' },
        },
      });
    };
    const err = await handle.listParticipants({ room: 9 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect(err).toMatchObject({ janusCode: 426, plugin: 'janus.plugin.videoroom', request: 'listparticipants' });
  });

  it('VideoRoom events reach events$ and the named streams, typed, and complete on detach', async () => {
    const handle = await session.attach(VideoRoomPlugin);
    const all = firstValueFrom(handle.events$.pipe(toArray()));
    const joining = firstValueFrom(handle.joining$.pipe(toArray()));
    const talking = firstValueFrom(handle.talking$.pipe(toArray()));
    const updates = firstValueFrom(handle.updated$.pipe(toArray()));
    expect(handle.talking$).toBe(handle.talking$);

    pushEvent(handle.id, { videoroom: 'event', room, joining: { id: 1, display: 'x' } });
    pushEvent(handle.id, { videoroom: 'talking', room, id: 1, mid: '0' });
    pushEvent(handle.id, { videoroom: 'stopped-talking', room, id: 1, mid: '0' });
    pushEvent(handle.id, { videoroom: 'updated', room, streams: [] }, offer);
    pushEvent(handle.id, { videoroom: 'event', room, kicked: 2 });
    await handle.exists({ room }); // the events above arrived before this reply
    await handle.detach();

    expect((await all).map((e) => e.type)).toEqual(['joining', 'talking', 'stopped-talking', 'updated', 'kicked']);
    expect(await joining).toEqual([{ type: 'joining', room, joining: { id: 1, display: 'x' } }]);
    expect((await talking).map((e) => e.type)).toEqual(['talking', 'stopped-talking']);
    expect(await updates).toEqual([{ type: 'updated', room, streams: [], jsep: offer }]);
  });

  it('EchoTest events: done$ emits only result "done"', async () => {
    const echo = await session.attach(EchoTestPlugin);
    const done = firstValueFrom(echo.done$.pipe(toArray()));
    const results = firstValueFrom(echo.result$.pipe(toArray()));
    pushEvent(echo.id, { echotest: 'event', result: 'ok' });
    pushEvent(echo.id, { echotest: 'event', videocodec: 'vp8', substream: 1 });
    pushEvent(echo.id, { echotest: 'event', result: 'done' });
    await echo.configure({ audio: true });
    await echo.detach();
    expect(await done).toEqual([{ type: 'result', result: 'done' }]);
    expect((await results).map((e) => e.result)).toEqual(['ok', 'done']);
  });

  it('definePlugin: the definition names the plugin, maps events and may encode requests its own way', async () => {
    type Requests = {
      ping: { body: { n: number }; reply: { echoed: { n: number; verb: string } } };
    };
    type Event = { type: 'pong'; n: number } | { type: 'other' };
    const Pinger = definePlugin<Requests, Event>({
      pluginName: 'janus.plugin.pinger',
      toEvent: (data) => (typeof data.n === 'number' ? { type: 'pong', n: data.n } : { type: 'other' }),
      encodeRequest: (name, body) => ({ verb: name, ...body }),
    });
    expect(Pinger.pluginName).toBe('janus.plugin.pinger');
    const pinger = await session.attach(Pinger);
    expect(pinger).toBeInstanceOf(JanusPluginHandle);
    expect(fake.requests.find((r) => r.janus === 'attach' && r.plugin === 'janus.plugin.pinger')).toBeDefined();

    const reply = await pinger.request('ping', { n: 3 });
    expect(fake.lastMessage().body).toEqual({ verb: 'ping', n: 3 });
    expect(reply.echoed.n).toBe(3);

    const events = firstValueFrom(pinger.events$.pipe(toArray()));
    pushEvent(pinger.id, { n: 4 });
    pushEvent(pinger.id, { something: 'else' });
    await pinger.request('ping', { n: 5 });
    await pinger.detach();
    expect(await events).toEqual([{ type: 'pong', n: 4 }, { type: 'other' }]);
  });

  it('a plugin handle has the core guarantees: timeouts reject with JanusTimeoutError, detached handles reject', async () => {
    const Silent = definePlugin<{ ping: { body: object; reply: unknown } }>({ pluginName: 'janus.plugin.silent' });
    const silent = await session.attach(Silent);
    fake.script = (req, socket) => (req.janus === 'message' ? undefined : fake.answer(req, socket));
    const err = await silent.request('ping', {}, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusTimeoutError);
    expect(err).toMatchObject({ timeoutMs: 50, request: 'message' });
    expect(connection.pendingRequestCount).toBe(0);
    await silent.detach();
    await expect(silent.request('ping', {})).rejects.toBeInstanceOf(JanusHandleDetachedError);
  });

  it('definePlugin without toEvent emits every event as unknown, with its data and jsep, and sends request: name', async () => {
    const Plain = definePlugin<{ hello: { body: { to: string }; reply: unknown } }>({
      pluginName: 'janus.plugin.plain',
    });
    const plain = await session.attach(Plain);
    await plain.request('hello', { to: 'you' });
    expect(fake.lastMessage().body).toEqual({ to: 'you', request: 'hello' });
    const event = firstValueFrom(plain.events$);
    pushEvent(plain.id, { hi: 1 }, offer);
    expect(await event).toEqual({ type: 'unknown', data: { hi: 1 }, jsep: offer });
  });

  it('the request map rejects wrong names and bodies at compile time (tsc checks the @ts-expect-error lines)', async () => {
    const handle = await session.attach(VideoRoomPlugin);
    // @ts-expect-error: no such VideoRoom request (the class of bug where muteRoom sent unmute_room)
    await handle.request('unmute_room', {});
    expect(fake.lastMessage().body).toEqual({ request: 'unmute_room' });
    // @ts-expect-error: `room` is mandatory for exists
    await handle.exists({});
    // @ts-expect-error: `rooms` is not a field of exists
    await handle.request('exists', { room, rooms: 1 });
    // @ts-expect-error: update needs subscribe or unsubscribe
    await handle.update({});
    // @ts-expect-error: a subscriber joins with streams or with the legacy feed, not both
    await handle.joinSubscriber({ room, feed: 1, streams: [{ feed: 1 }] });
    // @ts-expect-error: moderate needs `mute`
    await handle.moderate({ room, id: 1, mid: '0' });
    expect(fake.requests.filter((r) => r.janus === 'message')).toHaveLength(6);
  });
});
