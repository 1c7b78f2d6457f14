import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcedRemoteFeed, request, startApp, type AppUnderTest } from '../../support/app-harness.js';
import { staticOffer } from '../../support/sdp.js';

/**
 * Bad input is answered at once with BAD_REQUEST naming the field: never INTERNAL, never a TIMEOUT (Janus drops a
 * frame it cannot parse without answering), never Janus's own words for a field of the wrong type. And `null` for
 * an optional field means the field is absent, on sockets and over HTTP.
 */

const ROOM_SECRET = 'server-side-secret';
const ADMIN_KEY = 'server-side-admin-key';
const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';

type Json = Record<string, unknown>;
interface ErrorBody {
  code: string;
  message: string;
  janusCode?: number;
}

describe('input validation at the edge (sockets, REST, WHIP/WHEP) against a real Janus', () => {
  let app: AppUnderTest;
  let adminToken: string;
  let admin: Socket;
  const sockets: Socket[] = [];

  async function user(sub: string, roles: string[] = []): Promise<Socket> {
    const socket = await app.connect('/videoroom', { token: await app.token({ sub, roles }) });
    sockets.push(socket);
    return socket;
  }

  async function newRoom(): Promise<number> {
    const created = await request<{ room: number }>(admin, 'create', { description: 'validation', publishers: 6 });
    expect(created.error).toBeUndefined();
    return created.data.room;
  }

  /** A socket that joined `room` as a publisher (no media), and its feed. */
  async function joined(room: number, display: string): Promise<{ socket: Socket; feed: number }> {
    const socket = await user(display);
    const reply = await request<{ feed: number }>(socket, 'join', { room, display });
    expect(reply.error).toBeUndefined();
    return { socket, feed: reply.data.feed };
  }

  /** An HTTP request with a bearer token; a non-string body is sent as JSON. */
  async function call<T = Json>(
    method: string,
    path: string,
    options: { body?: unknown; type?: string; token?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.token ?? adminToken}`,
      ...options.headers,
    };
    let body: string | undefined;
    if (typeof options.body === 'string') {
      body = options.body;
      headers['content-type'] = options.type ?? 'application/sdp';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${app.url}${path}`, { method, headers, body });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').includes('json');
    return { status: response.status, body: (json && text ? JSON.parse(text) : text) as T, headers: response.headers };
  }

  /** Expects the ack of a refused request: BAD_REQUEST, no Janus code, the message naming `field`. */
  function expectBadRequest(reply: { ok: boolean; error?: ErrorBody }, field: string): void {
    expect(reply.ok).toBe(false);
    expect(reply.error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(reply.error?.janusCode).toBeUndefined();
    expect(reply.error?.message).toContain(field);
  }

  beforeAll(async () => {
    app = await startApp({
      janus: { videoRoomAdminKey: ADMIN_KEY },
      env: {
        VIDEOROOM_DEFAULT_SECRET: ROOM_SECRET,
        VIDEOROOM_ADMIN_KEY: ADMIN_KEY,
        RATE_LIMIT_POINTS: '1000',
        RATE_LIMIT_IP_POINTS: '1000',
      },
    });
    adminToken = await app.token({ sub: 'the-admin', roles: ['admin'] });
    admin = await user('the-admin', ['admin']);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app?.close();
  });

  describe('publish needs an offer', () => {
    it('publish without jsep, or with jsep null, is BAD_REQUEST naming jsep (was INTERNAL)', async () => {
      const room = await newRoom();
      const { socket, feed } = await joined(room, 'no-offer');
      expectBadRequest(await request(socket, 'publish', { feed }), 'jsep');
      expectBadRequest(await request(socket, 'publish', { feed, jsep: null }), 'jsep');
      expectBadRequest(await request(socket, 'publish', { feed, bitrate: 1000 }), 'jsep');
      // The optional jsep of configure stays optional.
      const configured = await request(socket, 'configure', { feed, bitrate: 1000 });
      expect(configured.error).toBeUndefined();
      // And a publish with an offer still works.
      const published = await request(socket, 'publish', { feed, jsep: staticOffer() });
      expect(published.error).toBeUndefined();
    });
  });

  describe('NUL characters and lone surrogates are refused at the edge, naming the field', () => {
    for (const [name, bad] of [
      ['a NUL', NUL],
      ['a lone surrogate', LONE_SURROGATE],
    ] as const) {
      it(`socket messages: ${name} in join.display, create.description, trickle candidate.sdpMid`, async () => {
        const room = await newRoom();
        const socket = await user(`strings-${name}`);
        expectBadRequest(await request(socket, 'join', { room, display: bad }), 'display');
        expectBadRequest(await request(admin, 'create', { description: bad }), 'description');
        expectBadRequest(await request(admin, 'allow', { room, action: 'add', list: ['ok', bad] }), 'list.1');
        const { socket: publisher, feed } = await joined(room, `trickler-${name}`);
        expectBadRequest(
          await request(publisher, 'trickle', {
            feed,
            candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: bad },
          }),
          'candidate.sdpMid',
        );
        expectBadRequest(
          await request(publisher, 'publish', { feed, jsep: { type: 'offer', sdp: staticOffer().sdp + bad } }),
          'jsep.sdp',
        );
      });

      it(`REST bodies: ${name} in a room's description and an allowed token is 400 BAD_REQUEST`, async () => {
        const created = await call<ErrorBody>('POST', '/api/rooms', { body: { description: bad } });
        expect(created).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
        expect(created.body.message).toContain('description');
        const room = await newRoom();
        const edited = await call<ErrorBody>('PATCH', `/api/rooms/${room}`, { body: { pin: bad } });
        expect(edited).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
        expect(edited.body.message).toContain('pin');
        const allowed = await call<ErrorBody>('PUT', `/api/rooms/${room}/allowed`, {
          body: { action: 'add', list: [bad] },
        });
        expect(allowed).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
        expect(allowed.body.message).toContain('list.0');
      });
    }

    it('WHIP/WHEP: a NUL in an SDP offer, a trickle fragment or the display query is 400 naming it', async () => {
      const room = await newRoom();
      const sdp = staticOffer().sdp.replaceAll('a=sendrecv', 'a=sendonly');
      const inOffer = await call<ErrorBody>('POST', `/whip/rooms/${room}`, {
        body: sdp.replace('s=-', `s=${NUL}`),
      });
      expect(inOffer).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
      expect(inOffer.body.message).toContain('body');
      const inDisplay = await call<ErrorBody>('POST', `/whip/rooms/${room}?display=a%00b`, { body: sdp });
      expect(inDisplay).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
      expect(inDisplay.body.message).toContain('display');
      const echo = await call<ErrorBody>('POST', '/whip/echotest', { body: `${staticOffer().sdp}a=x:${NUL}\r\n` });
      expect(echo).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });

      const published = await call<string>('POST', `/whip/rooms/${room}`, { body: sdp });
      expect(published.status).toBe(201);
      const location = published.headers.get('location')!;
      try {
        const ufrag = /a=ice-ufrag:(\S+)/.exec(sdp)![1];
        const pwd = /a=ice-pwd:(\S+)/.exec(sdp)![1];
        const frag = [
          `a=ice-ufrag:${ufrag}`,
          `a=ice-pwd:${pwd}`,
          'm=audio 9 UDP/TLS/RTP/SAVPF 0',
          'a=mid:0',
          `a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host ${NUL}`,
          '',
        ].join('\r\n');
        const trickled = await call<ErrorBody>('PATCH', location, {
          body: frag,
          type: 'application/trickle-ice-sdpfrag',
        });
        expect(trickled).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
        expect(trickled.body.message).toContain('body');
      } finally {
        expect((await call('DELETE', location)).status).toBe(200);
      }
    });
    it('WHIP: a display longer than 128 is cut between characters, never inside a surrogate pair', async () => {
      const room = await newRoom();
      const display = `a${'\u{1F600}'.repeat(70)}`;
      const sdp = staticOffer().sdp.replaceAll('a=sendrecv', 'a=sendonly');
      const published = await call<string>('POST', `/whip/rooms/${room}?display=${encodeURIComponent(display)}`, {
        body: sdp,
      });
      expect(published.status).toBe(201);
      try {
        const listed = await call<{ participants: Array<{ display?: string }> }>(
          'GET',
          `/api/rooms/${room}/participants`,
        );
        // 'a' and 63 emoji are 127 UTF-16 units; the 64th emoji would end at unit 129.
        expect(listed.body.participants.map((p) => p.display)).toEqual([`a${'\u{1F600}'.repeat(63)}`]);
      } finally {
        expect((await call('DELETE', published.headers.get('location')!)).status).toBe(200);
      }
    });
  });

  describe('null means absent', () => {
    it("join with token: null (Janode's example front-end) joins, as do display: null and pin: null", async () => {
      const room = await newRoom();
      const socket = await user('janode-style');
      const reply = await request<{ room: number; feed: number }>(socket, 'join', {
        room,
        display: null,
        token: null,
        pin: null,
      });
      expect(reply.error).toBeUndefined();
      expect(reply.data).toMatchObject({ room, feed: expect.any(Number) });
    });

    it('publish with display: null, configure with bitrate: null and streams[].send: null', async () => {
      const room = await newRoom();
      const { socket, feed } = await joined(room, 'configurer');
      const published = await request(socket, 'publish', {
        feed,
        jsep: { ...staticOffer(), trickle: null, e2ee: null },
        bitrate: null,
        display: null,
      });
      expect(published.error).toBeUndefined();
      const configured = await request(socket, 'configure', {
        feed,
        bitrate: null,
        display: null,
        audio: null,
        jsep: null,
        streams: [{ mid: '0', send: null, min_delay: null, max_delay: null }],
      });
      expect(configured.error).toBeUndefined();
    });

    it('subscribe with null layers and pin subscribes', async () => {
      const room = await newRoom();
      const { socket: lobby } = await joined(room, 'lobby');
      const { id } = await announcedRemoteFeed(app, lobby, room, ROOM_SECRET, 'remote');
      const viewer = await user('viewer');
      const subscribed = await request(viewer, 'subscribe', {
        room,
        feed: id,
        sc_substream_layer: null,
        sc_temporal_layers: null,
        pin: null,
      });
      expect(subscribed.error).toBeUndefined();
    });

    it('create with every optional option null creates a room, on the socket and over REST', async () => {
      const options = {
        room: null,
        description: null,
        is_private: null,
        pin: null,
        publishers: null,
        bitrate: null,
        bitrate_cap: null,
        fir_freq: null,
        audiocodec: null,
        videocodec: null,
        notify_joining: null,
        require_pvtid: null,
        audiolevel_event: null,
        permanent: null,
      };
      const created = await request<{ room: number }>(admin, 'create', options);
      expect(created.error).toBeUndefined();
      expect(created.data.room).toEqual(expect.any(Number));
      const posted = await call<{ room: number }>('POST', '/api/rooms', { body: options });
      expect(posted.status).toBe(201);
      const edited = await call('PATCH', `/api/rooms/${posted.body.room}`, {
        body: { description: null, pin: null, lock_record: null, bitrate: null },
      });
      expect(edited.status).toBe(200);
      const destroyed = await request(admin, 'destroy', { room: created.data.room, permanent: null });
      expect(destroyed.error).toBeUndefined();
    });

    it('forwarders with null ports, ssrc, pt and host_family forward (REST and socket)', async () => {
      const room = await newRoom();
      const { socket: lobby } = await joined(room, 'fwd-lobby');
      const { id: feed } = await announcedRemoteFeed(app, lobby, room, ROOM_SECRET, 'forwarded');
      const udp: UdpSocket = createSocket('udp4');
      await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
      try {
        const port = udp.address().port;
        const stream = { mid: '1', port, rtcp_port: null, ssrc: null, pt: null };
        const started = await call<{ forwarders: Json[] }>('POST', `/api/rooms/${room}/forwarders`, {
          body: { feed, host: '127.0.0.1', host_family: null, streams: [stream] },
        });
        expect(started.status).toBe(201);
        expect(started.body.forwarders).toHaveLength(1);
        const viaSocket = await request(admin, 'rtp-fwd-start', {
          room,
          feed,
          host: '127.0.0.1',
          host_family: null,
          streams: [{ ...stream, mid: '0' }],
        });
        expect(viaSocket.error).toBeUndefined();
      } finally {
        udp.close();
      }
    });

    it('a forwarder host must be an IP address of its family (Janus would resolve names itself, or say 430)', async () => {
      const room = await newRoom();
      const { socket: lobby } = await joined(room, 'host-lobby');
      const { id: feed } = await announcedRemoteFeed(app, lobby, room, ROOM_SECRET, 'host-forwarded');
      const streams = [{ mid: '0', port: 9 }];
      for (const [host, host_family] of [
        ['not a host', undefined],
        ['', undefined],
        ['999.1.1.1', undefined],
        ['::1', 'ipv4'],
        ['127.0.0.1', 'ipv6'],
      ] as const) {
        expectBadRequest(await request(admin, 'rtp-fwd-start', { room, feed, host, host_family, streams }), 'host');
        const posted = await call<ErrorBody>('POST', `/api/rooms/${room}/forwarders`, {
          body: { feed, host, host_family, streams },
        });
        expect({ host, status: posted.status, body: posted.body }).toMatchObject({
          host,
          status: 400,
          body: { code: 'BAD_REQUEST', message: expect.stringContaining('host') },
        });
        expect(posted.body.janusCode).toBeUndefined();
      }
      expect((await request(admin, 'rtp-fwd-start', { room, feed, host: '::1', streams })).error).toBeUndefined();
    });

    it('a candidate needs sdpMid or sdpMLineIndex (null for both is neither; Janus would say 456)', async () => {
      const echo = await app.connect('/echotest', { token: adminToken });
      sockets.push(echo);
      expect((await request(echo, 'start')).error).toBeUndefined();
      expect((await request(echo, 'offer', { jsep: staticOffer() })).error).toBeUndefined();
      const candidate = 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host';
      expectBadRequest(await request(echo, 'trickle', { candidate: { candidate } }), 'sdpMid');
      expectBadRequest(
        await request(echo, 'trickle', { candidate: { candidate, sdpMid: null, sdpMLineIndex: null } }),
        'sdpMid',
      );
      expectBadRequest(
        await request(echo, 'trickle', { candidate: { candidate, sdpMid: 5, sdpMLineIndex: 0 } }),
        'sdpMid',
      );
      for (const where of [{ sdpMid: '0' }, { sdpMLineIndex: 0 }, { sdpMid: null, sdpMLineIndex: 0 }]) {
        expect((await request(echo, 'trickle', { candidate: { candidate, ...where } })).error).toBeUndefined();
      }
    });

    it('null for a required field is BAD_REQUEST naming it', async () => {
      const socket = await user('required');
      expectBadRequest(await request(socket, 'join', { room: null }), 'room');
      expectBadRequest(await request(socket, 'subscribe', { room: 1234, feed: null }), 'feed');
      expectBadRequest(await request(socket, 'trickle', { feed: 1, candidate: null }), 'candidate');
      expectBadRequest(await request(admin, 'allow', { room: 1234, action: null }), 'action');
      const moderated = await call<ErrorBody>('POST', '/api/rooms/1234/participants/1/moderate', {
        body: { mid: null, mute: true },
      });
      expect(moderated).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
      expect(moderated.body.message).toContain('mid');
    });

    it('trickle { candidate: { completed: null } } is BAD_REQUEST (a candidate without candidate)', async () => {
      const room = await newRoom();
      const { socket, feed } = await joined(room, 'completer');
      expectBadRequest(await request(socket, 'trickle', { feed, candidate: { completed: null } }), 'candidate');
      const echo = await app.connect('/echotest', { token: adminToken });
      sockets.push(echo);
      expect((await request(echo, 'start')).error).toBeUndefined();
      expectBadRequest(await request(echo, 'trickle', { candidate: { completed: null } }), 'candidate');
      // A real end-of-candidates still goes through.
      expect((await request(socket, 'trickle', { feed, candidate: { completed: true } })).error).toBeUndefined();
    });
  });

  describe('arrays and unparsable bodies where objects are expected', () => {
    it('jsep, candidate and streams elements must be objects, not arrays (Janus would say "missing type")', async () => {
      const room = await newRoom();
      const { socket, feed } = await joined(room, 'arrays');
      expectBadRequest(await request(socket, 'publish', { feed, jsep: [[]] }), 'jsep');
      expectBadRequest(await request(socket, 'configure', { feed, jsep: [] }), 'jsep');
      expectBadRequest(await request(socket, 'configure', { feed, streams: [[]] }), 'streams');
      expectBadRequest(await request(socket, 'trickle', { feed, candidate: [[]] }), 'candidate');
      expectBadRequest(
        await request(admin, 'rtp-fwd-start', { room, feed, host: '127.0.0.1', streams: [[]] }),
        'streams',
      );
      const echo = await app.connect('/echotest', { token: adminToken });
      sockets.push(echo);
      expect((await request(echo, 'start')).error).toBeUndefined();
      expectBadRequest(await request(echo, 'offer', { jsep: [[]] }), 'jsep');
      expectBadRequest(await request(echo, 'trickle', { candidate: [[]] }), 'candidate');
    });

    it('a JSON body that does not parse is 400 { code: BAD_REQUEST, message }, on REST and WHIP routes', async () => {
      for (const path of ['/api/rooms', '/whip/echotest']) {
        const refused = await call<ErrorBody>('POST', path, { body: '{"description":', type: 'application/json' });
        expect({ path, status: refused.status, code: refused.body.code }).toEqual({
          path,
          status: 400,
          code: 'BAD_REQUEST',
        });
        expect(refused.body.message).toEqual(expect.any(String));
      }
    });
  });

  describe('a room with a PIN', () => {
    it('join, subscribe, WHIP and WHEP without the PIN are FORBIDDEN (433), not a Janus "missing pin" (429)', async () => {
      const created = await request<{ room: number }>(admin, 'create', { pin: 'room-pin', publishers: 4 });
      expect(created.error).toBeUndefined();
      const room = created.data.room;
      const lobby = await user('pin-lobby');
      expect((await request(lobby, 'join', { room, display: 'lobby', pin: 'room-pin' })).error).toBeUndefined();
      const { id: feed } = await announcedRemoteFeed(app, lobby, room, ROOM_SECRET, 'pinned');

      const socket = await user('no-pin');
      for (const [event, data] of [
        ['join', { room, display: 'no pin' }],
        ['subscribe', { room, feed }],
        ['join', { room, pin: 'wrong' }],
      ] as const) {
        const refused = await request(socket, event, data);
        expect({ event, error: refused.error }).toMatchObject({ event, error: { code: 'FORBIDDEN', janusCode: 433 } });
      }
      const sdp = staticOffer().sdp;
      const whip = await call<ErrorBody>('POST', `/whip/rooms/${room}`, {
        body: sdp.replaceAll('sendrecv', 'sendonly'),
      });
      expect(whip).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', janusCode: 433 } });
      const whep = await call<ErrorBody>('POST', `/whep/rooms/${room}/feeds/${feed}`, {
        body: sdp.replaceAll('sendrecv', 'recvonly'),
      });
      expect(whep).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', janusCode: 433 } });
      // With the PIN, the socket gets in.
      expect((await request(socket, 'subscribe', { room, feed, pin: 'room-pin' })).error).toBeUndefined();
    });
  });

  describe('numbers out of range', () => {
    it('kick with feed 1e308, or a room above 2^53 - 1, is BAD_REQUEST naming the field', async () => {
      expectBadRequest(await request(admin, 'kick', { room: 1234, feed: 1e308 }), 'feed');
      expectBadRequest(await request(admin, 'kick', { room: 2 ** 53 + 2, feed: 1 }), 'room');
      expectBadRequest(await request(admin, 'destroy', { room: 2 ** 53 + 2 }), 'room');
      expectBadRequest(await request(admin, 'rtp-fwd-list', { room: 2 ** 60 }), 'room');
      expectBadRequest(await request(admin, 'rtp-fwd-stop', { room: 1234, feed: 1e308, stream_id: 1 }), 'feed');
      expectBadRequest(await request(admin, 'rtp-fwd-stop', { room: 1234, feed: 1, stream_id: 2 ** 40 }), 'stream_id');
      const socket = await user('numbers');
      expectBadRequest(await request(socket, 'exists', { room: 1e308 }), 'room');
      expectBadRequest(
        await request(socket, 'trickle', { feed: 1, candidate: { candidate: 'candidate:1', sdpMLineIndex: 1e20 } }),
        'candidate.sdpMLineIndex',
      );
    });

    it('forwarder ports, ssrc and feeds are bounded in REST bodies and paths', async () => {
      const cases: Array<[string, string, unknown, string]> = [
        ['POST', '/api/rooms/1234/forwarders', { feed: 1e308, host: '127.0.0.1' }, 'feed'],
        ['POST', '/api/rooms/1234/forwarders', { feed: 2 ** 53 + 2, host: '127.0.0.1' }, 'feed'],
        [
          'POST',
          '/api/rooms/1234/forwarders',
          { feed: 1, host: '127.0.0.1', streams: [{ mid: '0', port: 9, ssrc: 2 ** 32 }] },
          'streams.0.ssrc',
        ],
        [
          'POST',
          '/api/rooms/1234/forwarders',
          { feed: 1, host: '127.0.0.1', streams: [{ mid: '0', port: 9, rtcp_port: -1 }] },
          'streams.0.rtcp_port',
        ],
        ['POST', '/api/rooms', { room: 2 ** 53 + 2 }, 'room'],
        ['DELETE', `/api/rooms/1234/forwarders/1/${2 ** 40}`, undefined, 'streamId'],
      ];
      for (const [method, path, body, field] of cases) {
        const refused = await call<ErrorBody>(method, path, { body });
        expect({ path, status: refused.status, code: refused.body.code }).toEqual({
          path,
          status: 400,
          code: 'BAD_REQUEST',
        });
        expect(refused.body.janusCode).toBeUndefined();
        expect(refused.body.message).toContain(field);
      }
    });
  });
});
