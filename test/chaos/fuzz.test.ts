import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { MESSAGE_MAPPING_METADATA, MESSAGE_METADATA } from '@nestjs/websockets/constants.js';
import fc from 'fast-check';
import { JanusService } from 'nestjs-janus';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioBridgeGateway } from '../../src/audiobridge/audiobridge.gateway.js';
import { EchoTestGateway } from '../../src/echotest/echotest.gateway.js';
import { StreamingGateway } from '../../src/streaming/streaming.gateway.js';
import { TextRoomGateway } from '../../src/textroom/textroom.gateway.js';
import { VideoRoomGateway } from '../../src/videoroom/videoroom.gateway.js';
import { announcedRemoteFeed, request, startApp, type AppUnderTest } from '../support/app-harness.js';
import { figure, size } from '../support/figures.js';
import { rtpMountpointBody } from '../support/janode-client.js';
import { answerFor, staticOffer } from '../support/sdp.js';

/**
 * Input fuzzing: thousands of malformed requests (wrong types, nulls, NUL characters and lone surrogates, numbers
 * out of range, nested garbage, missing fields, arrays for objects, non-object `data`) over every event of every
 * socket.io namespace (VideoRoom, EchoTest, AudioBridge, Streaming, TextRoom), every route of the room, mountpoint
 * and TextRoom administration APIs and the WHIP/WHEP endpoints. Each one must be
 * answered with a documented code: never INTERNAL, never TIMEOUT (Janus dropping a frame it cannot parse), never
 * Janus's own refusal of a field's type or absence; and the app keeps serving afterwards.
 */

const CASE = 'fuzz';
/** Fixed, so that a run can be repeated; `FUZZ_SEED=<n>` tries another corpus. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_112);
/** Spread over the events of the five namespaces (85 events; 28 when there were two namespaces, 3600 messages). */
const SOCKET_MESSAGES = size(6000, 24_000);
/** Spread over the routes of the four REST APIs. */
const REST_REQUESTS = size(1500, 6000);
const WHIP_REQUESTS = size(500, 2000);
/** Requests in flight at once: socket messages (spread over the sockets), HTTP requests. */
const SOCKET_CONCURRENCY = 32;
const HTTP_CONCURRENCY = 8;
/** Longer than the app's Janus request timeout (10 s), so that a TIMEOUT answer is seen as one. */
const ANSWER_DEADLINE_MS = 12_000;

const ROOM_SECRET = 'fuzz-room-secret';
const ADMIN_KEY = 'fuzz-admin-key';
/** A room (or mountpoint) id that none has: destructive requests (destroy, kick, allow, recording) point there. */
const MISSING_ROOM = 987_654_321;

/** The codes the README documents for sockets and HTTP (INTERNAL and TIMEOUT are checked apart). */
const SOCKET_CODES = new Set([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'JANUS_ERROR',
  'BACKEND_FAILURE',
  'SESSION_NOT_AVAILABLE',
  'RATE_LIMITED',
]);
const REST_STATUSES = new Map<number, string[]>([
  [400, ['BAD_REQUEST']],
  [401, ['UNAUTHORIZED']],
  [403, ['FORBIDDEN']],
  [404, ['NOT_FOUND']],
  [409, ['CONFLICT']],
  [413, ['PAYLOAD_TOO_LARGE']],
  [429, ['RATE_LIMITED']],
  [502, ['JANUS_ERROR']],
  [503, ['BACKEND_FAILURE', 'SESSION_NOT_AVAILABLE']],
]);
const WHIP_STATUSES = new Map<number, string[]>([
  [400, ['BAD_REQUEST']],
  [401, ['UNAUTHORIZED']],
  [403, ['FORBIDDEN']],
  [404, ['NOT_FOUND']],
  [405, ['METHOD_NOT_ALLOWED']],
  [409, ['CONFLICT']],
  [412, ['PRECONDITION_FAILED']],
  [413, ['PAYLOAD_TOO_LARGE']],
  [415, ['UNSUPPORTED_MEDIA_TYPE']],
  [422, ['UNPROCESSABLE']],
  [502, ['JANUS_ERROR']],
  [503, ['BACKEND_FAILURE', 'SESSION_NOT_AVAILABLE']],
]);
/** The plugin behind each namespace and each REST API (their error codes overlap). */
type Plugin = 'videoroom' | 'echotest' | 'audiobridge' | 'streaming' | 'textroom';
/**
 * Janus refusing a field for its type or absence: the core's 454/455/456/467 and each plugin's own "missing element"
 * and "invalid element" (VideoRoom's 429/430 also stand for the EchoTest, as before the other namespaces came).
 */
const JANUS_TYPE_REFUSALS: Record<Plugin, ReadonlySet<number>> = {
  videoroom: new Set([429, 430, 454, 455, 456, 467]),
  echotest: new Set([429, 430, 454, 455, 456, 467]),
  audiobridge: new Set([483, 484, 454, 455, 456, 467]),
  streaming: new Set([453, 454, 455, 456, 467]),
  textroom: new Set([413, 414, 454, 455, 456, 467]),
};

/**
 * Whether Janus refused a field's type or absence. The Streaming plugin's own 455 (no such mountpoint: NOT_FOUND)
 * and 456 (cannot create: a port taken) share the core's numbers: the core's say what they are in their reason.
 */
function isTypeRefusal(plugin: Plugin, error: { code?: string; janusCode?: number; message?: string }): boolean {
  const janusCode = error.janusCode;
  if (janusCode === undefined || !JANUS_TYPE_REFUSALS[plugin].has(janusCode)) return false;
  // A room with groups needs each participant's `group` (and a room's groups are Janus's to know): its refusal of
  // a participant without one is about the room, not about the request's shape (BAD_REQUEST, docs/PROTOCOL.md).
  if (plugin === 'audiobridge' && janusCode === 483 && error.message === 'Missing mandatory element (group)') {
    return false;
  }
  if (plugin === 'streaming' && (janusCode === 455 || janusCode === 456)) {
    return /json|mandatory element|element type/i.test(error.message ?? '');
  }
  return true;
}

type Json = Record<string, unknown>;

// ---- what malformed values look like ------------------------------------------------------------------------------

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udbff\udbff',
  '\udc00\ud800',
  '\ud83d\ude00',
  '1234',
  '-1',
  '1e308',
  'true',
  'null',
  'offer',
  'answer',
  'enable',
  'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
  '127.0.0.1',
  '%00',
  '\r\n',
  '../../etc/passwd',
  'x'.repeat(300),
  'é'.repeat(200),
];
const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1,
  1.5,
  -2.5,
  0.1,
  2,
  3,
  127,
  128,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  1e20,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  65_535,
  65_536,
  3601,
  100_000_001,
  Number.NaN,
  Number.POSITIVE_INFINITY,
];
/** Single characters that Janus's JSON parser refuses inside strings, and any other code point. */
const nastyChar = fc.oneof(
  fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const nastyString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: nastyChar, maxLength: 12 }),
  fc.string({ maxLength: 24 }),
);
const nastyNumber = fc.oneof(
  fc.constantFrom(...NASTY_NUMBERS),
  fc.integer(),
  fc.double(),
  fc.maxSafeInteger(),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 70n }).map(Number),
);
const leaf: fc.Arbitrary<unknown> = fc.oneof(fc.constant(null), fc.boolean(), nastyNumber, nastyString);
const KEYS = ['room', 'feed', 'jsep', 'type', 'sdp', 'candidate', 'streams', 'mid', 'port', 'data', '__proto__', ''];
const nested: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), nastyString), tie('value'), { maxKeys: 4 }),
  ),
})).value;
/** A value where something else was expected. */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: leaf, weight: 6 },
  { arbitrary: nested, weight: 3 },
  { arbitrary: fc.constantFrom([], {}, [null], [{}], [[]], { type: 'offer' }), weight: 1 },
  // Larger than SDP_MAX_BYTES, well under WS_MAX_PAYLOAD_BYTES.
  { arbitrary: fc.constant('v=0\r\n' + 'a=x\r\n'.repeat(14_000)), weight: 1 },
);

// ---- valid requests, and how they are broken ---------------------------------------------------------------------

/** The paths (as key lists) of every value in a template: `['candidate', 'sdpMid']`, `['streams', '0', 'port']`. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
}

type Edit =
  | { op: 'set'; path: string[]; value: unknown }
  | { op: 'delete'; path: string[] }
  | { op: 'inject'; path: string[]; char: string }
  | { op: 'extra'; key: string; value: unknown };

/** Up to three edits of a template's fields (set to a bad value, delete, a bad character in it, an extra field). */
function edits(template: Json): fc.Arbitrary<Edit[]> {
  const paths = pathsOf(template);
  const extra = fc.record({ op: fc.constant('extra' as const), key: nastyString, value: badValue });
  const options: Array<fc.Arbitrary<Edit>> = [extra];
  if (paths.length > 0) {
    const path = fc.constantFrom(...paths);
    options.push(
      fc.record({ op: fc.constant('set' as const), path, value: badValue }),
      fc.record({ op: fc.constant('set' as const), path, value: badValue }),
      fc.record({ op: fc.constant('delete' as const), path }),
      fc.record({ op: fc.constant('inject' as const), path, char: fc.constantFrom('\u0000', '\ud800', '\udfff') }),
    );
  }
  return fc.array(fc.oneof(...options), { minLength: 1, maxLength: 3 });
}

function applyEdits(template: Json, list: Edit[]): Json {
  const data = structuredClone(template);
  for (const edit of list) {
    if (edit.op === 'extra') {
      Object.defineProperty(data, edit.key, { value: edit.value, enumerable: true, writable: true });
      continue;
    }
    let parent: unknown = data;
    for (const key of edit.path.slice(0, -1)) parent = (parent as Json | undefined)?.[key];
    if (typeof parent !== 'object' || parent === null) continue;
    const holder = parent as Json;
    const key = edit.path[edit.path.length - 1];
    if (edit.op === 'delete') delete holder[key];
    else if (edit.op === 'set') holder[key] = edit.value;
    else if (typeof holder[key] === 'string') {
      const text = holder[key];
      const at = text.length >> 1;
      holder[key] = text.slice(0, at) + edit.char + text.slice(at);
    } else holder[key] = edit.char;
  }
  return data;
}

/** A request's `data`: the template broken by edits, or garbage in its place (including no object at all). */
function brokenData(template: Json | undefined): fc.Arbitrary<unknown> {
  const garbage = fc.oneof(
    badValue,
    fc.constant(undefined),
    fc.uint8Array({ maxLength: 8 }).map((bytes) => Buffer.from(bytes)),
  );
  if (!template)
    return fc.oneof(
      garbage,
      edits({}).map((list) => applyEdits({}, list)),
    );
  return fc.oneof(
    { arbitrary: edits(template).map((list) => applyEdits(template, list)), weight: 5 },
    { arbitrary: garbage, weight: 1 },
  );
}

/** SDP text broken line by line: lines dropped, doubled, garbled, cut short, or the whole text replaced. */
function brokenSdp(sdp: string): fc.Arbitrary<string> {
  const lines = sdp.split('\r\n').filter(Boolean);
  const lineEdit = fc.record({
    at: fc.nat(lines.length - 1),
    op: fc.constantFrom('drop', 'double', 'garble', 'cut', 'replace'),
    text: nastyString,
  });
  const edited = fc.array(lineEdit, { minLength: 1, maxLength: 4 }).map((list) => {
    const out = [...lines];
    for (const { at, op, text } of list) {
      const i = Math.min(at, out.length - 1);
      if (i < 0) break;
      if (op === 'drop') out.splice(i, 1);
      else if (op === 'double') out.splice(i, 0, out[i]);
      else if (op === 'garble') out[i] = out[i].slice(0, 2) + text;
      else if (op === 'cut') out[i] = out[i].slice(0, out[i].length >> 1);
      else out[i] = text;
    }
    return `${out.join('\r\n')}\r\n`;
  });
  return fc.oneof({ arbitrary: edited, weight: 4 }, { arbitrary: nastyString, weight: 1 });
}

/** Percent-encodes a query value; lone surrogates cannot be written in UTF-8, so they are left out. */
function encodeQuery(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ''),
  );
}

// ---- the run ------------------------------------------------------------------------------------------------------

/** The events a gateway subscribes to (its @SubscribeMessage handlers). */
function eventsOf(gateway: { prototype: object }): string[] {
  const proto = gateway.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto)
    .map((name) => proto[name])
    .filter((fn) => typeof fn === 'function' && Reflect.getMetadata(MESSAGE_MAPPING_METADATA, fn) === true)
    .map((fn) => Reflect.getMetadata(MESSAGE_METADATA, fn as object) as string);
}

/** Runs `tasks` with at most `limit` in flight. */
async function inBatches<T>(items: T[], limit: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await run(items[index], index);
      }
    }),
  );
}

/** Counts per outcome, and the first few answers that break the rules. */
class Tally {
  readonly counts = new Map<string, number>();
  readonly violations: string[] = [];
  violationCount = 0;
  sent = 0;

  add(outcome: string): void {
    this.sent++;
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }

  violation(what: string): void {
    this.violationCount++;
    if (this.violations.length < 20) this.violations.push(what.length > 600 ? `${what.slice(0, 600)}...` : what);
  }

  count(outcome: string): number {
    return this.counts.get(outcome) ?? 0;
  }
}

/** A request as text, for a failure message (strings with odd characters escaped by JSON). */
function show(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The data of a request the setup needs; throws with the error when it was refused. */
function succeeded<T>(reply: { ok: boolean; data: T; error?: { code: string; message: string } }): T {
  if (!reply.ok) throw new Error(`setup request refused: ${reply.error?.code} ${reply.error?.message}`);
  return reply.data;
}

describe('chaos: input fuzzing of the sockets, the REST API and WHIP/WHEP', () => {
  let app: AppUnderTest;
  let adminToken: string;
  let room: number;
  let remoteFeed: number;
  let restRoom: number;
  let restFeed: number;
  let lobby: Socket;
  /** AudioBridge: the sockets' room, a room to `changeroom` to, the REST fuzz's room; a participant in each. */
  let audioRoom: number;
  let audioRoom2: number;
  let restAudioRoom: number;
  let audioFeed: number;
  let restAudioFeed: number;
  let audioLobbies: Socket[];
  /** Streaming: the mountpoint the sockets watch, one the admin events change, the REST fuzz's (rtp, no media sent). */
  let mountpoint: number;
  let spareMountpoint: number;
  let restMountpoint: number;
  /** TextRoom: the admin events' room, the REST fuzz's. */
  let textRoom: number;
  let restTextRoom: number;
  let baselineSessions: number[];
  const tally = { socket: new Tally(), rest: new Tally(), whip: new Tally() };
  let typeRefusals = 0;

  beforeAll(async () => {
    app = await startApp({
      janus: { videoRoomAdminKey: ADMIN_KEY },
      env: {
        VIDEOROOM_DEFAULT_SECRET: ROOM_SECRET,
        VIDEOROOM_ADMIN_KEY: ADMIN_KEY,
        AUDIOBRIDGE_DEFAULT_SECRET: ROOM_SECRET,
        STREAMING_DEFAULT_SECRET: ROOM_SECRET,
        TEXTROOM_DEFAULT_SECRET: ROOM_SECRET,
        // The limiter would answer most of the storm with RATE_LIMITED: the fuzz is about what comes after it.
        RATE_LIMIT_POINTS: '1000000',
        RATE_LIMIT_IP_POINTS: '1000000',
        LOG_LEVEL: 'fatal',
      },
    });
    adminToken = await app.token({ sub: 'fuzzer', roles: ['admin'] });
    await app.app.get(JanusService).sharedSession();
    baselineSessions = await app.sessions();
    // A room with a live remote feed, for requests that would pass validation to get somewhere.
    lobby = await app.connect('/videoroom', { token: await app.token({ sub: 'lobby' }) });
    const admin = await app.connect('/videoroom', { token: adminToken });
    room = succeeded(await request<{ room: number }>(admin, 'create', { description: 'fuzz', publishers: 100 })).room;
    // The REST fuzz edits its own room (a PIN, a publisher limit...), so that the others keep theirs.
    restRoom = succeeded(
      await request<{ room: number }>(admin, 'create', { description: 'fuzz rest', publishers: 100 }),
    ).room;
    admin.disconnect();
    succeeded(await request(lobby, 'join', { room, display: 'lobby' }));
    remoteFeed = (await announcedRemoteFeed(app, lobby, room, ROOM_SECRET, 'remote')).id;
    succeeded(await request(lobby, 'join', { room: restRoom, display: 'lobby' }));
    restFeed = (await announcedRemoteFeed(app, lobby, restRoom, ROOM_SECRET, 'rest remote')).id;

    // AudioBridge rooms (with groups, for the `group` fields) and a participant in each of the sockets' and the REST
    // fuzz's rooms, on sockets of their own that the fuzz leaves alone. No recording: no `record` anywhere.
    const audioAdmin = await app.connect('/audiobridge', { token: adminToken });
    const audioRoomOf = async (description: string, groups?: string[]): Promise<number> =>
      succeeded(await request<{ room: number }>(audioAdmin, 'create', { description, groups })).room;
    audioRoom = await audioRoomOf('fuzz', ['fuzz', 'other']);
    // Groups in the `changeroom` room too: Janus before 1.2.4 kept its AudioBridge rooms lock when a `changeroom` into
    // a room with groups lacked a valid `group` (483/494), and then hung as a whole (FUZZ_SEED=2 found it); the app
    // moves with leave + join there (src/audiobridge/change-room.ts).
    audioRoom2 = await audioRoomOf('fuzz changeroom', ['fuzz', 'other']);
    restAudioRoom = await audioRoomOf('fuzz rest', ['fuzz', 'other']);
    audioAdmin.disconnect();
    audioLobbies = await Promise.all([1, 2].map(async () => app.connect('/audiobridge', { token: adminToken })));
    const audioJoin = async (socket: Socket, to: number): Promise<number> =>
      succeeded(await request<{ feed: number }>(socket, 'join', { room: to, display: 'lobby', group: 'fuzz' })).feed;
    audioFeed = await audioJoin(audioLobbies[0], audioRoom);
    restAudioFeed = await audioJoin(audioLobbies[1], restAudioRoom);

    // Streaming: RTP mountpoints created through the REST API (ports Janus picks; nothing is ever sent to them).
    const mountpointOf = async (name: string): Promise<number> => {
      const created = await http('POST', '/api/streaming/mountpoints', rtpMountpointBody(name), {
        authorization: `Bearer ${adminToken}`,
        'content-type': 'application/json',
      });
      expect({ status: created.status, body: created.text }).toMatchObject({ status: 201 });
      return (JSON.parse(created.text) as { id: number }).id;
    };
    mountpoint = await mountpointOf('fuzz');
    spareMountpoint = await mountpointOf('fuzz spare');
    restMountpoint = await mountpointOf('fuzz rest');

    // TextRoom rooms: nobody ever joins them (joins go over the data channel, which never opens here).
    const textAdmin = await app.connect('/textroom', { token: adminToken });
    textRoom = succeeded(await request<{ room: number }>(textAdmin, 'create', { description: 'fuzz' })).room;
    restTextRoom = succeeded(await request<{ room: number }>(textAdmin, 'create', { description: 'fuzz rest' })).room;
    textAdmin.disconnect();
  });

  afterAll(async () => {
    figure(CASE, 'seed', SEED);
    for (const [name, t] of Object.entries(tally)) {
      figure(CASE, `${name} requests`, t.sent);
      const codes = [...t.counts].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code}=${n}`);
      figure(CASE, `${name} answers`, codes.join(' '));
    }
    await app?.close();
  });

  it('every malformed socket message gets a documented error code at once', async () => {
    const namespaces = {
      '/videoroom': eventsOf(VideoRoomGateway),
      '/echotest': eventsOf(EchoTestGateway),
      '/audiobridge': eventsOf(AudioBridgeGateway),
      '/streaming': eventsOf(StreamingGateway),
      '/textroom': eventsOf(TextRoomGateway),
    };
    const connected = (ns: string, count: number): Promise<Socket[]> =>
      Promise.all(Array.from({ length: count }, () => app.connect(ns, { token: adminToken })));
    const sockets = {
      '/videoroom': await connected('/videoroom', 3),
      '/echotest': await connected('/echotest', 2),
      '/audiobridge': await connected('/audiobridge', 2),
      '/streaming': await connected('/streaming', 2),
      '/textroom': await connected('/textroom', 2),
    };
    // Handles for requests that pass validation: a publisher feed on the first socket, EchoTest handles.
    const own = await request<{ feed: number }>(sockets['/videoroom'][0], 'join', { room, display: 'fuzzer' });
    expect(own.error).toBeUndefined();
    const feed = own.data.feed;
    // Negotiated (no ICE): Janus checks trickled candidates and renegotiations against a real PeerConnection.
    expect((await request(sockets['/videoroom'][0], 'publish', { feed, jsep: staticOffer() })).error).toBeUndefined();
    for (const s of sockets['/echotest']) {
      expect((await request(s, 'start')).error).toBeUndefined();
      expect((await request(s, 'offer', { jsep: staticOffer() })).error).toBeUndefined();
    }
    const offer = staticOffer();
    // An AudioBridge participant on each socket, negotiated with the offer the templates renegotiate with.
    const audioJoined = await Promise.all(
      sockets['/audiobridge'].map(async (s) => {
        const joined = succeeded(await request<{ feed: number }>(s, 'join', { room: audioRoom, group: 'fuzz' }));
        expect((await request(s, 'configure', { jsep: offer })).error).toBeUndefined();
        return joined.feed;
      }),
    );
    // A Streaming viewer on each socket (Janus's offer answered), and the answer the templates send again.
    let streamingOffer = '';
    for (const s of sockets['/streaming']) {
      streamingOffer = succeeded(await request<{ jsep: { sdp: string } }>(s, 'watch', { id: mountpoint })).jsep.sdp;
      expect((await request(s, 'start', { jsep: answerFor(streamingOffer) })).error).toBeUndefined();
    }
    // A TextRoom handle on each socket (`setup`), its data channel's offer answered.
    let textOffer = '';
    for (const s of sockets['/textroom']) {
      textOffer = succeeded(await request<{ jsep: { sdp: string } }>(s, 'setup')).jsep.sdp;
      expect((await request(s, 'answer', { jsep: answerFor(textOffer) })).error).toBeUndefined();
    }

    const candidate = {
      candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: 'abcd',
    };
    const stream = { mid: '0', port: 9, rtcp_port: 10, ssrc: 1, pt: 96 };
    /** A valid `data` for each event (undefined: the event takes none). */
    const templates: Record<string, Record<string, Json | undefined>> = {
      '/videoroom': {
        join: { room, display: 'fuzz', token: 'token', pin: 'pin' },
        configure: {
          feed,
          jsep: offer,
          audio: true,
          video: true,
          data: true,
          bitrate: 1000,
          restart: false,
          display: 'fuzz',
          sc_substream_layer: 0,
          sc_temporal_layers: 0,
          streams: [{ mid: '0', send: true, min_delay: 0, max_delay: 0 }],
        },
        publish: { feed, jsep: offer, bitrate: 1000, display: 'fuzz', audio: true, video: true },
        unpublish: { feed },
        subscribe: { room, feed: remoteFeed, sc_substream_layer: 0, sc_temporal_layers: 0, pin: 'pin' },
        start: { feed: remoteFeed, jsep: answerFor(offer.sdp) },
        pause: { feed: remoteFeed },
        switch: { from_feed: remoteFeed, to_feed: feed, audio: true, video: true, data: true },
        // Multistream subscriptions (docs/PROTOCOL.md): one subscriber PeerConnection for a room's streams.
        unsubscribe: { room, streams: [{ feed: remoteFeed, mid: '0', sub_mid: '0' }] },
        update: { room, subscribe: [{ feed: remoteFeed, mid: '0' }], unsubscribe: [{ feed: remoteFeed, mid: '1' }] },
        leave: { feed: remoteFeed },
        trickle: { feed, candidate },
        'trickle-complete': { feed },
        'list-participants': { room },
        'list-rooms': undefined,
        exists: { room },
        create: {
          description: 'fuzz',
          is_private: false,
          pin: 'pin',
          publishers: 3,
          bitrate: 1000,
          bitrate_cap: false,
          fir_freq: 10,
          audiocodec: 'opus',
          videocodec: 'vp8,h264',
          notify_joining: false,
          require_pvtid: false,
          audiolevel_event: false,
        },
        destroy: { room: MISSING_ROOM, permanent: false },
        kick: { room: MISSING_ROOM, feed },
        allow: { room: MISSING_ROOM, action: 'add', list: ['a', 'b'] },
        'rtp-fwd-start': { room, feed: remoteFeed, host: '127.0.0.1', host_family: 'ipv4', streams: [stream] },
        'rtp-fwd-stop': { room, feed: remoteFeed, stream_id: 1 },
        'rtp-fwd-list': { room },
      },
      '/echotest': {
        start: undefined,
        // No `record`: a valid request that asked for it would write recordings on the Janus host.
        offer: { audio: true, video: true, bitrate: 1000, jsep: offer },
        trickle: { candidate },
        'trickle-complete': undefined,
        hangup: undefined,
      },
      '/audiobridge': {
        // No `record` (nor `rtp_participant`) in any: a valid request that asked for it would write on the Janus host.
        join: {
          room: audioRoom,
          display: 'fuzz',
          muted: false,
          pin: 'pin',
          token: 'token',
          quality: 4,
          volume: 100,
          bitrate: 0,
          expected_loss: 0,
          spatial_position: 50,
          group: 'fuzz',
          suspended: false,
          pause_events: false,
          codec: 'opus',
        },
        configure: {
          jsep: offer,
          display: 'fuzz',
          muted: false,
          quality: 4,
          volume: 100,
          bitrate: 0,
          expected_loss: 0,
          spatial_position: 50,
          group: 'fuzz',
        },
        changeroom: { room: audioRoom2, display: 'fuzz', muted: false, pin: 'pin', token: 'token', group: 'fuzz' },
        hangup: undefined,
        leave: { feed: audioJoined[0] },
        trickle: { candidate },
        'trickle-complete': undefined,
        'list-participants': { room: audioRoom },
        'list-rooms': undefined,
        exists: { room: audioRoom },
        create: {
          description: 'fuzz',
          is_private: false,
          pin: 'pin',
          sampling_rate: 16_000,
          spatial_audio: false,
          bitrate: 0,
          expected_loss: 0,
          allow_rtp: false,
          talking_events: false,
          talking_level_threshold: 25,
          talking_packets_threshold: 100,
          groups: ['a', 'b'],
        },
        destroy: { room: MISSING_ROOM, permanent: false },
        kick: { room: MISSING_ROOM, feed: audioFeed },
        allow: { room: MISSING_ROOM, action: 'add', list: ['a', 'b'] },
        'enable-recording': { room: MISSING_ROOM, record: false },
        'mute-peer': { room: audioRoom, feed: audioFeed },
        'unmute-peer': { room: audioRoom, feed: audioFeed },
        'mute-room': { room: audioRoom },
        'unmute-room': { room: audioRoom },
        'suspend-peer': { room: audioRoom, feed: audioFeed, stop_record: false, pause_events: false },
        'resume-peer': { room: audioRoom, feed: audioFeed },
        'rtp-fwd-start': {
          room: audioRoom,
          host: '127.0.0.1',
          host_family: 'ipv4',
          audio_port: 9,
          group: 'fuzz',
          ssrc: 1,
          ptype: 100,
          codec: 'opus',
          always: false,
        },
        'rtp-fwd-stop': { room: audioRoom, stream: 1 },
        'rtp-fwd-list': { room: audioRoom },
      },
      '/streaming': {
        watch: { id: mountpoint, pin: 'pin', restart: false, audio: true, video: true, data: false, media: ['a', 'v'] },
        start: { jsep: answerFor(streamingOffer) },
        pause: undefined,
        stop: undefined,
        configure: {
          audio: true,
          video: true,
          mid: 'v',
          send: true,
          substream: 0,
          temporal: 0,
          spatial_layer: 0,
          temporal_layer: 0,
          min_delay: 0,
          max_delay: 0,
          fallback: 0,
        },
        switch: { id: spareMountpoint },
        trickle: { candidate },
        'trickle-complete': undefined,
        list: undefined,
        info: { id: mountpoint },
        // Janode's shape; no `permanent` here or in `edit` (Janus would write its config file).
        create: {
          name: 'fuzz',
          description: 'fuzz',
          metadata: 'fuzz',
          pin: 'pin',
          is_private: false,
          audio: { port: 0, rtcpport: 0, pt: 111, rtpmap: 'opus/48000/2', skew: false },
          video: { port: 0, pt: 100, rtpmap: 'VP8/90000', fmtp: 'max-fs=12288', buffer: false },
          collision: 0,
          threads: 0,
          e2ee: false,
        },
        destroy: { id: MISSING_ROOM, permanent: false },
        // The admin events change the spare mountpoint, so that the sockets keep watching theirs.
        edit: { id: spareMountpoint, description: 'fuzz', metadata: 'fuzz', is_private: false, edited_event: true },
        enable: { id: spareMountpoint },
        disable: { id: spareMountpoint, stop_recording: false },
        // Recording only where there is no mountpoint (it would write on the Janus host).
        'start-rec': { id: MISSING_ROOM },
        'stop-rec': { id: spareMountpoint },
        'kick-all': { id: spareMountpoint },
      },
      '/textroom': {
        setup: undefined,
        answer: { jsep: answerFor(textOffer) },
        restart: undefined,
        trickle: { candidate },
        'trickle-complete': undefined,
        hangup: undefined,
        'list-rooms': undefined,
        exists: { room: textRoom },
        'list-participants': { room: textRoom },
        create: { description: 'fuzz', is_private: false, pin: 'pin', history: 3, allowed: ['a', 'b'] },
        edit: { room: textRoom, new_description: 'fuzz', new_pin: 'pin', new_is_private: false },
        destroy: { room: MISSING_ROOM, permanent: false },
        // Nobody is in the room (joins go over the data channel).
        kick: { room: textRoom, username: 'nobody' },
        allow: { room: MISSING_ROOM, action: 'add', list: ['a', 'b'] },
        announcement: { room: textRoom, text: 'fuzz' },
      },
    };
    // Every event of every namespace has a template (a new event needs one here).
    for (const [ns, events] of Object.entries(namespaces)) {
      expect(events.length).toBeGreaterThan(0);
      expect(Object.keys(templates[ns]).sort()).toEqual([...events].sort());
    }

    const all = Object.entries(templates).flatMap(([ns, events]) =>
      Object.entries(events).map(([event, template]) => ({ ns: ns as keyof typeof sockets, event, template })),
    );
    const message = fc.oneof(
      ...all.map(({ ns, event, template }) =>
        fc.record({
          ns: fc.constant(ns),
          event: fc.constant(event),
          data: brokenData(template),
          // Mostly a numeric _id; sometimes a bad one, sometimes no envelope object at all.
          envelope: fc.oneof(
            { arbitrary: fc.constant('normal' as const), weight: 8 },
            { arbitrary: fc.constant('bad-id' as const), weight: 1 },
            { arbitrary: fc.constant('not-an-object' as const), weight: 1 },
          ),
          odd: badValue,
          socket: fc.nat(2),
        }),
      ),
    );
    const corpus = fc.sample(message, { seed: SEED, numRuns: SOCKET_MESSAGES });
    const t = tally.socket;
    /** The answers of each namespace, for the figures. */
    const perNamespace = new Map(Object.keys(sockets).map((ns) => [ns, new Tally()]));
    const started = performance.now();
    await inBatches(corpus, SOCKET_CONCURRENCY, async (m, i) => {
      const pool = sockets[m.ns];
      const socket = pool[m.socket % pool.length];
      const envelope =
        m.envelope === 'normal'
          ? { _id: i, data: m.data }
          : m.envelope === 'bad-id'
            ? { _id: m.odd, data: m.data }
            : m.odd;
      const what = `${m.ns} ${m.event} ${show(envelope)}`;
      const nsTally = perNamespace.get(m.ns)!;
      let reply: { ok: boolean; error?: { code: string; message?: string; janusCode?: number } };
      try {
        reply = await socket.timeout(ANSWER_DEADLINE_MS).emitWithAck(m.event, envelope);
      } catch {
        t.add('NO_ANSWER');
        nsTally.add('NO_ANSWER');
        t.violation(`no answer: ${what}`);
        return;
      }
      if (reply.ok) {
        t.add('OK');
        nsTally.add('OK');
        return;
      }
      const code = reply.error?.code ?? 'NO_CODE';
      t.add(code);
      nsTally.add(code);
      if (!SOCKET_CODES.has(code)) t.violation(`${code}: ${what} -> ${show(reply.error)}`);
      if (reply.error && isTypeRefusal(m.ns.slice(1) as Plugin, reply.error)) {
        typeRefusals++;
        t.violation(`Janus refused a type (${reply.error.janusCode}): ${what} -> ${show(reply.error)}`);
      }
    });
    figure(CASE, 'socket seconds', ((performance.now() - started) / 1000).toFixed(1));
    figure(CASE, 'socket INTERNAL', t.count('INTERNAL'));
    figure(CASE, 'socket TIMEOUT', t.count('TIMEOUT') + t.count('NO_ANSWER'));
    for (const [ns, nt] of perNamespace) {
      const codes = [...nt.counts].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code}=${n}`);
      figure(CASE, `socket ${ns} (${namespaces[ns as keyof typeof namespaces].length} events)`, codes.join(' '));
    }

    expect(t.violations, `${t.violationCount} socket answers broke the rules`).toEqual([]);
    expect(t.sent).toBe(SOCKET_MESSAGES);
    // Each namespace still serves its sockets.
    const after = await request<{ exists: boolean }>(sockets['/videoroom'][1], 'exists', { room });
    expect(after.data).toMatchObject({ exists: true });
    expect((await request(sockets['/echotest'][1], 'start')).error).toBeUndefined();
    const audioAfter = await request(sockets['/audiobridge'][1], 'join', { room: audioRoom, group: 'fuzz' });
    expect(audioAfter.error).toBeUndefined();
    const streamingAfter = await request(sockets['/streaming'][1], 'watch', { id: mountpoint });
    expect(streamingAfter.error).toBeUndefined();
    expect((await request(sockets['/textroom'][1], 'setup')).error).toBeUndefined();
    for (const list of Object.values(sockets)) for (const s of list) s.disconnect();
  });

  /** An HTTP request; `body` is sent as is when a string, as JSON otherwise. */
  async function http(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<{ status: number; code?: string; message?: string; janusCode?: number; text: string; location?: string }> {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_DEADLINE_MS),
    });
    const text = await response.text();
    let parsed: { code?: unknown; message?: unknown; janusCode?: unknown } = {};
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        parsed = {};
      }
    }
    return {
      status: response.status,
      code: typeof parsed.code === 'string' ? parsed.code : undefined,
      message: typeof parsed.message === 'string' ? parsed.message : undefined,
      janusCode: typeof parsed.janusCode === 'number' ? parsed.janusCode : undefined,
      text,
      location: response.headers.get('location') ?? undefined,
    };
  }

  /** Checks an HTTP answer against the documented statuses and codes (`plugin`: the one behind the route). */
  function judge(
    t: Tally,
    statuses: Map<number, string[]>,
    what: string,
    answer: Awaited<ReturnType<typeof http>>,
    plugin: Plugin,
  ) {
    if (answer.status < 300) {
      t.add(String(answer.status));
      return;
    }
    t.add(`${answer.status} ${answer.code ?? '-'}`);
    const codes = statuses.get(answer.status);
    if (!codes || !answer.code || !codes.includes(answer.code)) {
      t.violation(`${answer.status} ${answer.code ?? answer.text.slice(0, 80)}: ${what}`);
    }
    if (isTypeRefusal(plugin, answer)) {
      typeRefusals++;
      t.violation(`Janus refused a type (${answer.janusCode}): ${what}`);
    }
  }

  it('every malformed REST request gets a documented status and code', async () => {
    const badId = fc.oneof(
      fc.constantFrom(
        '0',
        '-1',
        '1.5',
        '1e3',
        '9007199254740992',
        '99999999999999999999',
        'abc',
        '%00',
        '%F0%9F%98%80',
      ),
      fc.constantFrom('1%00', '%ED%A0%80', ' 1', '0x10', '١٢', 'null', String(MISSING_ROOM)),
      fc.string({ maxLength: 8 }).map(encodeQuery),
    );
    const roomParam = fc.oneof(fc.constant(String(restRoom)), fc.constant(String(MISSING_ROOM)), badId);
    const feedParam = fc.oneof(fc.constant(String(restFeed)), badId);
    const forward = { feed: restFeed, host: '127.0.0.1', host_family: 'ipv4', streams: [{ mid: '1', port: 9 }] };
    const missing = fc.oneof(fc.constant(String(MISSING_ROOM)), badId);
    const permanentQuery = fc.oneof(nastyString, fc.constant('true')).map((q) => `?permanent=${encodeQuery(q)}`);
    /** Each route: how its path is made, and a valid body (undefined: none); the VideoRoom's unless told. */
    const videoRoutes: Array<{ method: string; path: fc.Arbitrary<string>; body?: Json }> = [
      { method: 'GET', path: fc.constant('/api/rooms') },
      {
        method: 'POST',
        path: fc.constant('/api/rooms'),
        body: { description: 'fuzz', publishers: 3, bitrate: 1000, fir_freq: 10, videocodec: 'vp8', is_private: true },
      },
      { method: 'GET', path: roomParam.map((r) => `/api/rooms/${r}`) },
      {
        method: 'PATCH',
        path: roomParam.map((r) => `/api/rooms/${r}`),
        body: { description: 'fuzz', pin: 'pin', is_private: false, publishers: 4, lock_record: false },
      },
      {
        method: 'DELETE',
        path: fc
          .tuple(fc.oneof(fc.constant(String(MISSING_ROOM)), badId), fc.oneof(nastyString, fc.constant('true')))
          .map(([r, q]) => `/api/rooms/${r}?permanent=${encodeQuery(q)}`),
      },
      { method: 'GET', path: roomParam.map((r) => `/api/rooms/${r}/participants`) },
      {
        method: 'POST',
        path: fc
          .tuple(fc.oneof(fc.constant(String(MISSING_ROOM)), badId), feedParam)
          .map(([r, f]) => `/api/rooms/${r}/participants/${f}/kick`),
      },
      {
        method: 'POST',
        path: fc.tuple(roomParam, feedParam).map(([r, f]) => `/api/rooms/${r}/participants/${f}/moderate`),
        body: { mid: '0', mute: false },
      },
      {
        method: 'PUT',
        path: fc.oneof(fc.constant(String(MISSING_ROOM)), badId).map((r) => `/api/rooms/${r}/allowed`),
        body: { action: 'add', list: ['a'] },
      },
      // Recording only where there is no room: a valid request would write recordings on the Janus host.
      {
        method: 'POST',
        path: fc.oneof(fc.constant(String(MISSING_ROOM)), badId).map((r) => `/api/rooms/${r}/recording`),
      },
      {
        method: 'DELETE',
        path: fc.oneof(fc.constant(String(MISSING_ROOM)), badId).map((r) => `/api/rooms/${r}/recording`),
      },
      { method: 'GET', path: roomParam.map((r) => `/api/rooms/${r}/forwarders`) },
      { method: 'POST', path: roomParam.map((r) => `/api/rooms/${r}/forwarders`), body: forward },
      {
        method: 'DELETE',
        path: fc
          .tuple(roomParam, feedParam, fc.oneof(badId, fc.constantFrom('0', '4294967295', '4294967296')))
          .map(([r, f, s]) => `/api/rooms/${r}/forwarders/${f}/${s}`),
      },
    ];

    // AudioBridge: its own room with a participant; destroy, kick, the allowed list and recording where there is none.
    const abBase = '/api/audiobridge/rooms';
    const abRoom = fc.oneof(fc.constant(String(restAudioRoom)), fc.constant(String(MISSING_ROOM)), badId);
    const abFeed = fc.oneof(fc.constant(String(restAudioFeed)), badId);
    const abPeer = fc.tuple(abRoom, abFeed).map(([r, f]) => `${abBase}/${r}/participants/${f}`);
    const audioRoutes: Array<{ method: string; path: fc.Arbitrary<string>; body?: Json }> = [
      { method: 'GET', path: fc.constant(abBase) },
      {
        method: 'POST',
        path: fc.constant(abBase),
        // No `record` (it would write on the Janus host), no `permanent` (Janus's config file).
        body: {
          description: 'fuzz',
          is_private: true,
          pin: 'pin',
          sampling_rate: 16_000,
          spatial_audio: true,
          bitrate: 0,
          expected_loss: 0,
          allow_rtp: false,
          talking_events: true,
          talking_level_threshold: 25,
          talking_packets_threshold: 100,
          groups: ['a'],
        },
      },
      { method: 'GET', path: abRoom.map((r) => `${abBase}/${r}`) },
      {
        method: 'PATCH',
        path: abRoom.map((r) => `${abBase}/${r}`),
        body: { description: 'fuzz', pin: 'pin', is_private: false },
      },
      { method: 'DELETE', path: fc.tuple(missing, permanentQuery).map(([r, q]) => `${abBase}/${r}${q}`) },
      {
        method: 'PUT',
        path: missing.map((r) => `${abBase}/${r}/allowed`),
        body: { action: 'add', list: ['a'] },
      },
      { method: 'POST', path: missing.map((r) => `${abBase}/${r}/recording`), body: { filename: 'fuzz' } },
      { method: 'DELETE', path: missing.map((r) => `${abBase}/${r}/recording`) },
      { method: 'POST', path: abRoom.map((r) => `${abBase}/${r}/mute`) },
      { method: 'DELETE', path: abRoom.map((r) => `${abBase}/${r}/mute`) },
      { method: 'GET', path: abRoom.map((r) => `${abBase}/${r}/participants`) },
      {
        method: 'POST',
        path: fc.tuple(missing, abFeed).map(([r, f]) => `${abBase}/${r}/participants/${f}/kick`),
      },
      { method: 'POST', path: abPeer.map((p) => `${p}/mute`) },
      { method: 'DELETE', path: abPeer.map((p) => `${p}/mute`) },
      { method: 'POST', path: abPeer.map((p) => `${p}/suspend`), body: { stop_record: false, pause_events: false } },
      // Resume without `record`: a valid one asking for it would record the participant.
      { method: 'DELETE', path: abPeer.map((p) => `${p}/suspend`), body: { filename: 'fuzz' } },
      { method: 'GET', path: abRoom.map((r) => `${abBase}/${r}/forwarders`) },
      {
        method: 'POST',
        path: abRoom.map((r) => `${abBase}/${r}/forwarders`),
        body: { host: '127.0.0.1', host_family: 'ipv4', audio_port: 9, ssrc: 1, ptype: 100, codec: 'opus' },
      },
      {
        method: 'DELETE',
        path: fc
          .tuple(abRoom, fc.oneof(badId, fc.constantFrom('0', '4294967295', '4294967296')))
          .map(([r, s]) => `${abBase}/${r}/forwarders/${s}`),
      },
    ];

    // Streaming: its own mountpoint (rtp, nothing sent to it); destroy and recording where there is none.
    const mpBase = '/api/streaming/mountpoints';
    const mpParam = fc.oneof(fc.constant(String(restMountpoint)), fc.constant(String(MISSING_ROOM)), badId);
    const streamingRoutes: Array<{ method: string; path: fc.Arbitrary<string>; body?: Json }> = [
      { method: 'GET', path: fc.constant(mpBase) },
      {
        method: 'POST',
        path: fc.constant(mpBase),
        body: {
          type: 'rtp',
          name: 'fuzz',
          description: 'fuzz',
          metadata: 'fuzz',
          pin: 'pin',
          is_private: true,
          media: [
            { type: 'audio', mid: 'a', port: 0, rtcpport: 0, pt: 111, codec: 'opus', label: 'a', skew: false },
            { type: 'video', mid: 'v', port: 0, pt: 100, rtpmap: 'VP8/90000', fmtp: 'max-fs=12288', bufferkf: true },
            { type: 'data', mid: 'd', port: 0, buffermsg: false },
          ],
          collision: 0,
          threads: 0,
          e2ee: false,
          playoutdelay_ext: false,
        },
      },
      { method: 'GET', path: mpParam.map((m) => `${mpBase}/${m}`) },
      {
        method: 'PATCH',
        path: mpParam.map((m) => `${mpBase}/${m}`),
        body: { description: 'fuzz', metadata: 'fuzz', pin: 'pin', is_private: false, edited_event: false },
      },
      { method: 'DELETE', path: fc.tuple(missing, permanentQuery).map(([m, q]) => `${mpBase}/${m}${q}`) },
      { method: 'POST', path: mpParam.map((m) => `${mpBase}/${m}/enable`) },
      { method: 'POST', path: mpParam.map((m) => `${mpBase}/${m}/disable`), body: { stop_recording: false } },
      { method: 'POST', path: missing.map((m) => `${mpBase}/${m}/recording`) },
      { method: 'DELETE', path: mpParam.map((m) => `${mpBase}/${m}/recording`) },
      { method: 'POST', path: mpParam.map((m) => `${mpBase}/${m}/kick-all`) },
    ];

    // TextRoom: its own room (nobody in it); destroy and the allowed list where there is none.
    const trBase = '/api/textroom/rooms';
    const trRoom = fc.oneof(fc.constant(String(restTextRoom)), fc.constant(String(MISSING_ROOM)), badId);
    const username = fc.oneof(fc.constant('nobody'), nastyString.map(encodeQuery), badId);
    const textRoutes: Array<{ method: string; path: fc.Arbitrary<string>; body?: Json }> = [
      { method: 'GET', path: fc.constant(trBase) },
      {
        method: 'POST',
        path: fc.constant(trBase),
        body: { description: 'fuzz', is_private: true, pin: 'pin', history: 3, allowed: ['a'] },
      },
      {
        method: 'PATCH',
        path: trRoom.map((r) => `${trBase}/${r}`),
        body: { new_description: 'fuzz', new_pin: 'pin', new_is_private: false },
      },
      { method: 'DELETE', path: fc.tuple(missing, permanentQuery).map(([r, q]) => `${trBase}/${r}${q}`) },
      { method: 'GET', path: trRoom.map((r) => `${trBase}/${r}/participants`) },
      {
        method: 'POST',
        path: fc.tuple(trRoom, username).map(([r, u]) => `${trBase}/${r}/participants/${u}/kick`),
      },
      { method: 'POST', path: trRoom.map((r) => `${trBase}/${r}/announcement`), body: { text: 'fuzz' } },
      { method: 'PUT', path: missing.map((r) => `${trBase}/${r}/allowed`), body: { action: 'add', list: ['a'] } },
    ];
    const routes = [
      ...videoRoutes.map((route) => ({ ...route, plugin: 'videoroom' as Plugin })),
      ...audioRoutes.map((route) => ({ ...route, plugin: 'audiobridge' as Plugin })),
      ...streamingRoutes.map((route) => ({ ...route, plugin: 'streaming' as Plugin })),
      ...textRoutes.map((route) => ({ ...route, plugin: 'textroom' as Plugin })),
    ];
    const rawBodies = fc.oneof(
      fc.constantFrom('{', '{"room":', '[1,', 'nul', '{"a":1}x', '"text"', '42', 'null', '\u0000', '{"x":"\\ud800"}'),
      nastyString,
    );
    const call = fc.oneof(
      ...routes.map((route) =>
        fc.record({
          method: fc.constant(route.method),
          plugin: fc.constant(route.plugin),
          path: route.path,
          body: route.body
            ? fc.oneof(
                { arbitrary: brokenData(route.body), weight: 8 },
                { arbitrary: rawBodies, weight: 1 },
                { arbitrary: fc.constant(route.body), weight: 1 },
              )
            : route.method === 'GET'
              ? fc.constant(undefined)
              : fc.oneof(
                  { arbitrary: fc.constant(undefined), weight: 3 },
                  { arbitrary: brokenData(undefined), weight: 1 },
                ),
          type: fc.oneof(
            { arbitrary: fc.constant('application/json'), weight: 8 },
            {
              arbitrary: fc.constantFrom('text/plain', 'application/sdp', 'application/json; charset=utf-16'),
              weight: 1,
            },
          ),
        }),
      ),
    );
    const corpus = fc.sample(call, { seed: SEED + 1, numRuns: REST_REQUESTS });
    const t = tally.rest;
    /** The answers of each REST API, for the figures. */
    const perApi = new Map(['videoroom', 'audiobridge', 'streaming', 'textroom'].map((p) => [p, new Tally()]));
    const started = performance.now();
    await inBatches(corpus, HTTP_CONCURRENCY, async (c) => {
      const headers: Record<string, string> = { authorization: `Bearer ${adminToken}` };
      if (c.body !== undefined) headers['content-type'] = c.type;
      const what = `${c.method} ${c.path} ${show(c.body)}`;
      let answer;
      try {
        answer = await http(c.method, c.path, c.body, headers);
      } catch (err) {
        t.add('NO_ANSWER');
        t.violation(`no answer (${String(err)}): ${what}`);
        return;
      }
      judge(t, REST_STATUSES, what, answer, c.plugin);
      perApi.get(c.plugin)!.add(answer.status < 300 ? String(answer.status) : `${answer.status} ${answer.code ?? '-'}`);
      // A room or mountpoint the fuzz created by chance goes again.
      if (answer.status === 201 && c.method === 'POST' && answer.location) {
        await http('DELETE', answer.location, undefined, { authorization: `Bearer ${adminToken}` });
      }
    });
    figure(CASE, 'rest seconds', ((performance.now() - started) / 1000).toFixed(1));
    figure(CASE, 'rest 500', t.count('500 INTERNAL') + t.count('500 -'));
    figure(CASE, 'rest 504', t.count('504 TIMEOUT') + t.count('NO_ANSWER'));
    for (const [plugin, pt] of perApi) {
      const codes = [...pt.counts].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code}=${n}`);
      const count = routes.filter((route) => route.plugin === plugin).length;
      figure(CASE, `rest ${plugin} (${count} routes)`, codes.join(' '));
    }
    expect(t.violations, `${t.violationCount} REST answers broke the rules`).toEqual([]);
    expect(t.sent).toBe(REST_REQUESTS);
  });

  it('every malformed WHIP/WHEP request gets a documented status and code', async () => {
    const sendOffer = staticOffer().sdp.replaceAll('a=sendrecv', 'a=sendonly');
    const recvOffer = staticOffer().sdp.replaceAll('a=sendrecv', 'a=recvonly');
    const echoOffer = staticOffer().sdp;
    const auth = { authorization: `Bearer ${adminToken}` };
    // A live resource to PATCH.
    const live = await http('POST', `/whip/rooms/${room}`, sendOffer, { ...auth, 'content-type': 'application/sdp' });
    expect({ status: live.status, body: live.text }).toMatchObject({ status: 201 });
    const resource = live.location!;
    const ufrag = /a=ice-ufrag:(\S+)/.exec(sendOffer)![1];
    const pwd = /a=ice-pwd:(\S+)/.exec(sendOffer)![1];
    const frag = [
      `a=ice-ufrag:${ufrag}`,
      `a=ice-pwd:${pwd}`,
      'm=audio 9 UDP/TLS/RTP/SAVPF 0',
      'a=mid:0',
      'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
      'a=end-of-candidates',
      '',
    ].join('\r\n');

    const badId = fc.constantFrom('0', '-1', '1.5', '9007199254740993', 'abc', '%00', String(MISSING_ROOM));
    const roomParam = fc.oneof({ arbitrary: fc.constant(String(room)), weight: 3 }, { arbitrary: badId, weight: 1 });
    const display = fc.oneof(
      fc.constant(''),
      fc.constantFrom('?display=a%00b', '?display=%F0%9F%98%80', `?display=${'%F0%9F%98%80'.repeat(130)}`),
      fc.constantFrom('?display=%ED%A0%80', '?display=%', '?display=a&display=b', '?display[x]=1'),
      nastyString.map((s) => `?display=${encodeQuery(s)}`),
    );
    const sdpType = fc.oneof(
      { arbitrary: fc.constant('application/sdp'), weight: 8 },
      {
        arbitrary: fc.constantFrom('application/json', 'text/plain', 'application/SDP; charset=utf-8', ''),
        weight: 1,
      },
    );
    const posts = [
      { path: fc.tuple(roomParam, display).map(([r, d]) => `/whip/rooms/${r}${d}`), sdp: sendOffer },
      { path: fc.constant('/whip/echotest'), sdp: echoOffer },
      {
        path: fc
          .tuple(roomParam, fc.oneof(fc.constant(String(remoteFeed)), badId))
          .map(([r, f]) => `/whep/rooms/${r}/feeds/${f}`),
        sdp: recvOffer,
      },
      { path: roomParam.map((r) => `/whep/rooms/${r}`), sdp: recvOffer },
    ];
    const whipCall = fc.oneof(
      ...posts.map(({ path, sdp }) =>
        fc.record({
          method: fc.constant('POST'),
          path,
          body: brokenSdp(sdp),
          type: sdpType,
          ifMatch: fc.constant(undefined),
        }),
      ),
      fc.record({
        method: fc.constant('PATCH'),
        path: fc.oneof(
          { arbitrary: fc.constant(resource), weight: 4 },
          { arbitrary: fc.constant('/whip/resources/x'), weight: 1 },
        ),
        body: brokenSdp(frag),
        type: fc.oneof(
          { arbitrary: fc.constant('application/trickle-ice-sdpfrag'), weight: 8 },
          { arbitrary: fc.constant('application/sdp'), weight: 1 },
        ),
        ifMatch: fc.oneof(fc.constant(undefined), fc.constantFrom('*', '"x"', ''), nastyString),
      }),
    );
    const corpus = fc.sample(whipCall, { seed: SEED + 2, numRuns: WHIP_REQUESTS });
    const t = tally.whip;
    let created = 0;
    const started = performance.now();
    await inBatches(corpus, HTTP_CONCURRENCY, async (r) => {
      const headers: Record<string, string> = { ...auth };
      if (r.type) headers['content-type'] = r.type;
      // fetch refuses header values it cannot send (NUL, CR/LF, non-Latin-1): those never leave the client.
      if (r.ifMatch !== undefined && /^[\t\x20-\x7e]*$/.test(r.ifMatch)) headers['if-match'] = r.ifMatch;
      const what = `${r.method} ${r.path} (${r.type}) ${show(r.body)}`;
      let answer;
      try {
        answer = await http(r.method, r.path, r.body, headers);
      } catch (err) {
        t.add('NO_ANSWER');
        t.violation(`no answer (${String(err)}): ${what}`);
        return;
      }
      judge(t, WHIP_STATUSES, what, answer, r.path.startsWith('/whip/echotest') ? 'echotest' : 'videoroom');
      if (answer.status === 201 && answer.location) {
        created++;
        await http('DELETE', answer.location, undefined, auth);
      }
    });
    figure(CASE, 'whip seconds', ((performance.now() - started) / 1000).toFixed(1));
    figure(CASE, 'whip resources created and deleted', created);
    figure(CASE, 'whip 500', t.count('500 INTERNAL') + t.count('500 -'));
    figure(CASE, 'whip 504', t.count('504 TIMEOUT') + t.count('NO_ANSWER'));
    expect(t.violations, `${t.violationCount} WHIP/WHEP answers broke the rules`).toEqual([]);
    expect(t.sent).toBe(WHIP_REQUESTS);
    expect((await http('DELETE', resource, undefined, auth)).status).toBe(200);
  });

  it('after the storm: totals, no Janus type refusal, valid requests succeed, no session left behind', async () => {
    const total = tally.socket.sent + tally.rest.sent + tally.whip.sent;
    const internal = Object.values(tally).reduce(
      (n, t) => n + t.count('INTERNAL') + t.count('500 INTERNAL') + t.count('500 -'),
      0,
    );
    const timeouts = Object.values(tally).reduce(
      (n, t) => n + t.count('TIMEOUT') + t.count('504 TIMEOUT') + t.count('NO_ANSWER'),
      0,
    );
    figure(CASE, 'messages sent', total);
    figure(CASE, 'INTERNAL', internal);
    figure(CASE, 'TIMEOUT', timeouts);
    figure(CASE, 'Janus type refusals', typeRefusals);
    expect(total).toBeGreaterThanOrEqual(5000);
    expect({ internal, timeouts, typeRefusals }).toEqual({ internal: 0, timeouts: 0, typeRefusals: 0 });

    // The app still serves: a join, an EchoTest offer, an AudioBridge join, a Streaming watch, a TextRoom setup, the
    // REST APIs, a WHIP publish.
    const socket = await app.connect('/videoroom', { token: await app.token({ sub: 'after' }) });
    const joined = await request<{ feed: number }>(socket, 'join', { room, display: 'after the storm' });
    expect(joined.error).toBeUndefined();
    const echo = await app.connect('/echotest', { token: adminToken });
    expect((await request(echo, 'start')).error).toBeUndefined();
    const answered = await request<{ jsep: { type: string } }>(echo, 'offer', { jsep: staticOffer() });
    expect(answered.data.jsep.type).toBe('answer');
    const audio = await app.connect('/audiobridge', { token: await app.token({ sub: 'after' }) });
    const audioJoined = await request<{ room: number }>(audio, 'join', { room: audioRoom, group: 'fuzz' });
    expect(audioJoined.data).toMatchObject({ room: audioRoom });
    const viewer = await app.connect('/streaming', { token: await app.token({ sub: 'after' }) });
    const watched = await request<{ jsep: { type: string } }>(viewer, 'watch', { id: mountpoint });
    expect(watched.data.jsep.type).toBe('offer');
    const text = await app.connect('/textroom', { token: await app.token({ sub: 'after' }) });
    const setUp = await request<{ jsep: { type: string } }>(text, 'setup');
    expect(setUp.data.jsep.type).toBe('offer');
    for (const path of ['/api/rooms', '/api/audiobridge/rooms', '/api/streaming/mountpoints', '/api/textroom/rooms']) {
      const listed = await http('GET', path, undefined, { authorization: `Bearer ${adminToken}` });
      expect({ path, status: listed.status }).toEqual({ path, status: 200 });
    }
    const published = await http('POST', `/whip/rooms/${room}`, staticOffer().sdp.replaceAll('sendrecv', 'sendonly'), {
      authorization: `Bearer ${adminToken}`,
      'content-type': 'application/sdp',
    });
    expect(published.status).toBe(201);
    expect(
      (await http('DELETE', published.location!, undefined, { authorization: `Bearer ${adminToken}` })).status,
    ).toBe(200);
    for (const s of [socket, echo, audio, viewer, text, lobby, ...audioLobbies]) s.disconnect();
    // Every fuzz socket's handle and every WHIP resource's session is gone on Janus.
    await expect.poll(() => app.socketHandles(), { timeout: 10_000, interval: 100 }).toEqual([]);
    await expect.poll(() => app.sessions(), { timeout: 10_000, interval: 100 }).toEqual(baselineSessions);
  });
});
