import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JanusConnection,
  StreamingPlugin,
  toStreamingEvent,
  type JanusSession,
  type Jsep,
  type StreamingEvent,
  type StreamingHandle,
} from 'nestjs-janus';
import { FakeJanus } from '../../support/fake-janus.js';

const offer: Jsep = { type: 'offer', sdp: 'v=0\r\n' };
const answer: Jsep = { type: 'answer', sdp: 'v=0\r\n' };
const ASYNC_REQUESTS = new Set(['watch', 'start', 'pause', 'configure', 'switch', 'stop']);

/** `{ streaming: 'event', result }` as Janus wraps a viewer's events. */
function ev(result: Record<string, unknown>): Record<string, unknown> {
  return { streaming: 'event', result };
}

/** Streaming plugin data as Janus sends it, and the event each becomes. */
const samples: Array<[string, Record<string, unknown>, StreamingEvent]> = [
  ['preparing', ev({ status: 'preparing' }), { type: 'preparing' }],
  ['updating (ICE restart)', ev({ status: 'updating' }), { type: 'updating' }],
  ['starting', ev({ status: 'starting' }), { type: 'starting' }],
  ['started', ev({ status: 'started' }), { type: 'started' }],
  ['pausing', ev({ status: 'pausing' }), { type: 'pausing' }],
  ['stopping', ev({ status: 'stopping' }), { type: 'stopping' }],
  ['stopped', ev({ status: 'stopped' }), { type: 'stopped' }],
  ['idle (1.3.1)', ev({ status: 'idle' }), { type: 'idle' }],
  ['kicked_all', ev({ status: 'kicked_all' }), { type: 'kicked' }],
  ['switched', ev({ switched: 'ok', id: 9 }), { type: 'switched', id: 9 }],
  ['switched (string id)', ev({ switched: 'ok', id: 'nine' }), { type: 'switched', id: 'nine' }],
  ['configured', ev({ event: 'configured' }), { type: 'configured' }],
  ['simulcast substream', ev({ mid: 'v', substream: 1 }), { type: 'simulcast', mid: 'v', substream: 1 }],
  ['simulcast temporal (no mid)', ev({ temporal: 2 }), { type: 'simulcast', temporal: 2 }],
  ['svc spatial', ev({ mid: 'v', spatial_layer: 1 }), { type: 'svc', mid: 'v', spatial_layer: 1 }],
  ['svc temporal', ev({ temporal_layer: 0 }), { type: 'svc', temporal_layer: 0 }],
  ['edited', { event: 'edited', id: 3, metadata: 'm' }, { type: 'edited', id: 3, metadata: 'm' }],
  ['edited (no metadata)', { event: 'edited', id: 3 }, { type: 'edited', id: 3 }],
  [
    'rtsp-disconnected (1.3.3)',
    { event: 'rtsp-disconnected', id: 3 },
    { type: 'rtsp', event: 'rtsp-disconnected', id: 3 },
  ],
  [
    'rtsp-reconnected (1.3.3)',
    { event: 'rtsp-reconnected', id: 3 },
    { type: 'rtsp', event: 'rtsp-reconnected', id: 3 },
  ],
  [
    'error',
    { streaming: 'event', error_code: 455, error: 'No such mountpoint/stream 3' },
    { type: 'error', error_code: 455, error: 'No such mountpoint/stream 3' },
  ],
  ['unknown status', ev({ status: 'warping' }), { type: 'unknown', data: ev({ status: 'warping' }) }],
  ['unknown', { streaming: 'event', something: 1 }, { type: 'unknown', data: { streaming: 'event', something: 1 } }],
];

describe('toStreamingEvent', () => {
  it.each(samples)('maps %s', (_name, data, event) => {
    expect(toStreamingEvent(data)).toEqual(event);
  });

  it("keeps the offer of preparing / updating; an unknown event's JSEP", () => {
    expect(toStreamingEvent(ev({ status: 'preparing' }), offer)).toEqual({ type: 'preparing', jsep: offer });
    expect(toStreamingEvent(ev({ status: 'updating' }), offer)).toEqual({ type: 'updating', jsep: offer });
    expect(toStreamingEvent({ streaming: 'x' }, offer)).toEqual({
      type: 'unknown',
      data: { streaming: 'x' },
      jsep: offer,
    });
  });
});

describe('Streaming on the wire', () => {
  let fake: FakeJanus;
  let connection: JanusConnection;
  let session: JanusSession;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    fake.answerPluginMessages('janus.plugin.streaming', (body, req) => ({
      data: { echoed: body },
      jsep: req.jsep ? answer : undefined,
      async: ASYNC_REQUESTS.has(String(body.request)),
    }));
    connection = await JanusConnection.connect({ servers: [{ url: fake.url }], logger: false });
    session = await connection.createSession();
  });
  afterEach(async () => {
    await connection.close();
    await fake.close();
  });

  const id = 42;
  const media = [{ type: 'video' as const, mid: 'v', port: 0, pt: 96, codec: 'vp8' }];
  const calls: Array<[string, (h: StreamingHandle) => Promise<unknown>, Record<string, unknown>, Jsep?]> = [
    ['list', (h) => h.list(), { request: 'list' }],
    ['list with the admin key', (h) => h.list({ admin_key: 'k' }), { request: 'list', admin_key: 'k' }],
    ['info', (h) => h.info({ id, secret: 's' }), { request: 'info', id, secret: 's' }],
    [
      'create rtp',
      (h) => h.create({ type: 'rtp', id, is_private: false, media }),
      { request: 'create', type: 'rtp', id, is_private: false, media },
    ],
    [
      'create ondemand',
      (h) => h.create({ type: 'ondemand', filename: '/a.opus', audio: true }),
      { request: 'create', type: 'ondemand', filename: '/a.opus', audio: true },
    ],
    [
      'create rtsp',
      (h) => h.create({ type: 'rtsp', url: 'rtsp://127.0.0.1/x', video: true, rtsp_quirk: true }),
      { request: 'create', type: 'rtsp', url: 'rtsp://127.0.0.1/x', video: true, rtsp_quirk: true },
    ],
    ['edit', (h) => h.edit({ id, new_description: 'd' }), { request: 'edit', id, new_description: 'd' }],
    ['destroy', (h) => h.destroy({ id, secret: 's' }), { request: 'destroy', id, secret: 's' }],
    [
      'recording',
      (h) => h.recording({ id, action: 'start', media: [{ mid: 'v', filename: '/tmp/r' }] }),
      { request: 'recording', id, action: 'start', media: [{ mid: 'v', filename: '/tmp/r' }] },
    ],
    ['enable', (h) => h.enable({ id }), { request: 'enable', id }],
    // Without stop_recording, false is sent (Janus 1.1.2-1.4.1 crash stopping a stream that has no recording).
    ['disable', (h) => h.disable({ id }), { request: 'disable', id, stop_recording: false }],
    ['kickAll', (h) => h.kickAll({ id, secret: 's' }), { request: 'kick_all', id, secret: 's' }],
    ['watch', (h) => h.watch({ id, media: ['v'] }), { request: 'watch', id, media: ['v'] }],
    ['watch + offer (WHEP)', (h) => h.watch({ id }, offer), { request: 'watch', id }, offer],
    ['start + answer', (h) => h.start(answer), { request: 'start' }, answer],
    ['start', (h) => h.start(), { request: 'start' }],
    ['pause', (h) => h.pause(), { request: 'pause' }],
    [
      'configure',
      (h) => h.configure({ streams: [{ mid: 'v', send: false }] }),
      { request: 'configure', streams: [{ mid: 'v', send: false }] },
    ],
    ['switch', (h) => h.switch({ id: 43 }), { request: 'switch', id: 43 }],
    ['stop', (h) => h.stop(), { request: 'stop' }],
  ];

  it.each(calls)('%s sends its own request name and body', async (_name, call, body, jsep) => {
    const handle = await session.attach(StreamingPlugin);
    await call(handle);
    const sent = fake.lastMessage();
    expect(sent.handle_id).toBe(handle.id);
    expect(sent.body).toEqual(body);
    expect(sent.jsep).toEqual(jsep);
  });

  it('covers every request of Janus 1.1.2 to 1.4.1', () => {
    const names = [...new Set(calls.map(([, , body]) => String(body.request)))].sort();
    expect(names).toEqual(
      [
        'configure',
        'create',
        'destroy',
        'disable',
        'edit',
        'enable',
        'info',
        'kick_all',
        'list',
        'pause',
        'recording',
        'start',
        'stop',
        'switch',
        'watch',
      ].sort(),
    );
  });

  it('sync requests resolve with the reply data, async ones with { data, jsep? }', async () => {
    const handle = await session.attach(StreamingPlugin);
    expect(await handle.info({ id })).toEqual({ echoed: { request: 'info', id } });
    expect(await handle.watch({ id }, offer)).toEqual({ data: { echoed: { request: 'watch', id } }, jsep: answer });
  });

  it('routes pushed events to events$ and the named streams', async () => {
    const handle = await session.attach(StreamingPlugin);
    const push = (data: Record<string, unknown>): void =>
      fake.sockets[0].send({
        janus: 'event',
        session_id: session.id,
        sender: handle.id,
        plugindata: { plugin: 'janus.plugin.streaming', data },
      });
    const status = firstValueFrom(handle.status$);
    const kicked = firstValueFrom(handle.kicked$);
    const layers = firstValueFrom(handle.layers$);
    const edited = firstValueFrom(handle.edited$);
    push(ev({ status: 'started' }));
    push(ev({ status: 'kicked_all' }));
    push(ev({ mid: 'v', substream: 0 }));
    push({ event: 'edited', id, metadata: 'x' });
    expect(await status).toEqual({ type: 'started' });
    expect(await kicked).toEqual({ type: 'kicked' });
    expect(await layers).toEqual({ type: 'simulcast', mid: 'v', substream: 0 });
    expect(await edited).toEqual({ type: 'edited', id, metadata: 'x' });
  });
});
