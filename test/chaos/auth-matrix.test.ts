import { createHmac } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startApp, TEST_JWT_SECRET, type AppUnderTest } from '../support/app-harness.js';
import { figure } from '../support/figures.js';

const CASE = 'auth-matrix';
const ISSUER = 'https://idp.auth-matrix.test';
const AUDIENCE = 'nestjs-janus-auth-matrix';
/** The app's VIDEOROOM_DEFAULT_SECRET (rooms it creates get it): scanned for like Janus's own secrets. */
const DEFAULT_ROOM_SECRET = 'auth-matrix-default-room-secret-7f3a';
const ROOM = 1234;
const NAMESPACES = ['/echotest', '/videoroom'] as const;

type Json = Record<string, unknown>;
type Ack = Awaited<ReturnType<typeof request>>;
interface ErrorEvent {
  _id?: string | number;
  error: string;
  code: string;
}

const nowS = (): number => Math.floor(Date.now() / 1000);
const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Claims the app accepts (admin role, its iss and aud, exp in 5 min), with `changes` applied (`undefined` drops). */
function claims(changes: Json = {}): Json {
  const all: Json = {
    sub: 'matrix-user',
    roles: ['admin'],
    iss: ISSUER,
    aud: AUDIENCE,
    iat: nowS(),
    exp: nowS() + 300,
  };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete all[name];
    else all[name] = value;
  }
  return all;
}

/** A JWT put together by hand: any header and payload, an HMAC signature with `secret`, or none. */
function handMade(header: Json, payload: Json, hmac?: { secret: string; hash: 'sha256' | 'sha512' }): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${hmac ? createHmac(hmac.hash, hmac.secret).update(input).digest('base64url') : ''}`;
}

/** A token the app accepts, with `changes` to its claims. */
function good(changes: Json = {}): string {
  return handMade({ alg: 'HS256', typ: 'JWT' }, claims(changes), { secret: TEST_JWT_SECRET, hash: 'sha256' });
}

/** The tokens the app must refuse: each carries the admin role, so only the token itself is at fault. */
async function badTokens(): Promise<Array<{ name: string; token?: string }>> {
  const rsa = await generateKeyPair('RS256');
  return [
    { name: 'missing' },
    { name: 'garbage', token: 'garbage' },
    { name: 'three garbage parts', token: 'abc.def.ghi' },
    { name: 'alg none', token: handMade({ alg: 'none', typ: 'JWT' }, claims()) },
    { name: 'expired', token: good({ exp: nowS() - 60 }) },
    { name: 'no exp', token: good({ exp: undefined }) },
    {
      name: 'signed with another secret',
      token: handMade({ alg: 'HS256' }, claims(), {
        secret: 'another-secret-of-at-least-32-characters',
        hash: 'sha256',
      }),
    },
    { name: 'wrong aud', token: good({ aud: 'another-service' }) },
    { name: 'wrong iss', token: good({ iss: 'https://another-idp.test' }) },
    {
      name: 'HS512 with the app secret',
      token: handMade({ alg: 'HS512' }, claims(), { secret: TEST_JWT_SECRET, hash: 'sha512' }),
    },
    {
      name: 'RS256 (an RSA key; no JWKS configured)',
      token: await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256' }).sign(rsa.privateKey),
    },
    {
      name: 'RS256 header, HMAC with the app secret',
      token: handMade({ alg: 'RS256' }, claims(), { secret: TEST_JWT_SECRET, hash: 'sha256' }),
    },
    // 150 KB of claim is 200 KB once base64url-encoded: under the socket.io message cap (256 KB), so the handshake
    // reaches the app.
    { name: '200 KB (well signed)', token: good({ pad: 'x'.repeat(150 * 1024) }) },
  ];
}

/** `promise`'s value, or undefined once `at` (ms since the epoch) passes: the caller then reports what is missing. */
async function byDeadline<T>(promise: Promise<T>, at: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, at - Date.now()));
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('chaos: auth matrix (tokens, roles, expiry on live sockets, secrets never sent)', () => {
  let app: AppUnderTest;
  /** Everything the test's clients received: socket.io events, acks, connect errors, HTTP statuses/headers/bodies. */
  const received: string[] = [];
  const sockets: Socket[] = [];

  /** Opens a socket.io client and records every event it receives; resolves when connected, rejects if refused. */
  function open(namespace: string, token?: string): Promise<Socket> {
    const socket = io(`${app.url}${namespace}`, {
      auth: token === undefined ? {} : { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    socket.onAny((event: string, ...args: unknown[]) => received.push(JSON.stringify([namespace, event, ...args])));
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      // The connection itself dropped (e.g. a message over the size cap) before the namespace answered. ("forced
      // close" is the client closing it after a connect_error, which then follows.)
      socket.io.on('close', (reason) => {
        if (reason !== 'forced close') reject(new Error(`connection closed (${reason})`));
      });
      socket.once('connect_error', (err: Error & { data?: unknown }) => {
        received.push(JSON.stringify({ namespace, message: err.message, data: err.data }));
        reject(err);
      });
    });
  }

  /** A request with an ack (the ack is recorded). */
  async function ask(socket: Socket, event: string, data?: unknown): Promise<Ack> {
    const ack = await request(socket, event, data);
    received.push(JSON.stringify(ack));
    return ack;
  }

  /** An HTTP request (the status, headers and body are recorded). */
  async function http(
    method: string,
    path: string,
    token?: string,
    body?: Json,
  ): Promise<{ status: number; body: string }> {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    received.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
    return { status: response.status, body: text };
  }

  beforeAll(async () => {
    app = await startApp({
      env: {
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        VIDEOROOM_DEFAULT_SECRET: DEFAULT_ROOM_SECRET,
        RATE_LIMIT_POINTS: '1000',
        RATE_LIMIT_IP_POINTS: '10000',
      },
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await app?.close();
  });

  it('a good token is accepted on both namespaces and over REST (what the refusals are measured against)', async () => {
    const token = good();
    for (const namespace of NAMESPACES) {
      const socket = await open(namespace, token);
      expect(socket.connected).toBe(true);
      socket.disconnect();
    }
    expect((await http('GET', '/api/rooms', token)).status).toBe(200);
    expect((await http('GET', `/api/rooms/${ROOM}`, token)).status).toBe(200);
    expect((await http('GET', '/info')).status).toBe(200);
  });

  it('refuses every bad token on /echotest and /videoroom (connect_error unauthorized) and on REST (401)', async () => {
    const cases = await badTokens();
    const accepted: string[] = [];
    let refused = 0;
    let total = 0;
    for (const { name, token } of cases) {
      for (const namespace of NAMESPACES) {
        total++;
        const outcome = await open(namespace, token).then(
          (socket) => {
            socket.disconnect();
            return 'connected';
          },
          (err: Error) => err.message,
        );
        if (outcome === 'unauthorized') refused++;
        else accepted.push(`${name} on ${namespace}: ${outcome}`);
      }
      total++;
      const rest = await http('GET', '/api/rooms', token);
      // Node's HTTP server refuses a 200 KB header itself (431) before the app sees the request.
      const expected = token !== undefined && token.length > 16 * 1024 ? 431 : 401;
      if (rest.status === expected && (expected === 431 || JSON.parse(rest.body).code === 'UNAUTHORIZED')) refused++;
      else accepted.push(`${name} on REST: ${rest.status} ${rest.body.slice(0, 200)}`);
    }
    figure(CASE, 'bad tokens refused (2 namespaces + REST each)', `${refused}/${total}`);
    expect(accepted).toEqual([]);
    expect(total).toBe(cases.length * 3);
    expect(cases.at(-1)?.token?.length).toBeGreaterThan(200 * 1024);
  });

  it('a participant (no admin role) is refused every admin request: FORBIDDEN on /videoroom, 403 on REST', async () => {
    const participant = good({ sub: 'participant', roles: [] });
    const socket = await open('/videoroom', participant);
    const adminRequests: Array<[string, Json]> = [
      ['create', { description: 'not yours' }],
      ['destroy', { room: ROOM }],
      ['kick', { room: ROOM, feed: 1 }],
      ['allow', { room: ROOM, action: 'enable' }],
      ['rtp-fwd-start', { room: ROOM, feed: 1, host: '127.0.0.1', streams: [{ mid: '0', port: 9 }] }],
      ['rtp-fwd-stop', { room: ROOM, feed: 1, stream_id: 2 }],
      ['rtp-fwd-list', { room: ROOM }],
    ];
    const routes: Array<[string, string, Json?]> = [
      ['GET', '/api/rooms'],
      ['POST', '/api/rooms', { description: 'not yours' }],
      ['GET', `/api/rooms/${ROOM}`],
      ['PATCH', `/api/rooms/${ROOM}`, { description: 'not yours' }],
      ['DELETE', `/api/rooms/${ROOM}`],
      ['GET', `/api/rooms/${ROOM}/participants`],
      ['POST', `/api/rooms/${ROOM}/participants/1/kick`],
      ['POST', `/api/rooms/${ROOM}/participants/1/moderate`, { mid: '0', mute: true }],
      ['PUT', `/api/rooms/${ROOM}/allowed`, { action: 'enable' }],
      ['POST', `/api/rooms/${ROOM}/recording`],
      ['DELETE', `/api/rooms/${ROOM}/recording`],
      ['GET', `/api/rooms/${ROOM}/forwarders`],
      ['POST', `/api/rooms/${ROOM}/forwarders`, { feed: 1, host: '127.0.0.1', streams: [{ mid: '0', port: 9 }] }],
      ['DELETE', `/api/rooms/${ROOM}/forwarders/1/2`],
    ];
    const allowed: string[] = [];
    let refused = 0;
    for (const [event, data] of adminRequests) {
      const ack = await ask(socket, event, data);
      if (!ack.ok && ack.error?.code === 'FORBIDDEN') refused++;
      else allowed.push(`${event}: ${JSON.stringify(ack)}`);
    }
    for (const [method, path, body] of routes) {
      const reply = await http(method, path, participant, body);
      if (reply.status === 403 && JSON.parse(reply.body).code === 'FORBIDDEN') refused++;
      else allowed.push(`${method} ${path}: ${reply.status} ${reply.body.slice(0, 200)}`);
    }
    figure(
      CASE,
      'admin requests refused to a participant (socket + REST)',
      `${refused}/${adminRequests.length + routes.length}`,
    );
    expect(allowed).toEqual([]);
    // The participant's own requests still work, and the room is untouched.
    expect((await ask(socket, 'exists', { room: ROOM })).data).toEqual({ room: ROOM, exists: true });
    expect((await ask(socket, 'join', { room: ROOM, display: 'participant' })).ok).toBe(true);

    // The same requests with the admin role go through (the refusals were about the role): a room's lifecycle.
    const admin = await open('/videoroom', good({ sub: 'matrix-admin' }));
    const created = await ask(admin, 'create', { description: 'matrix room', publishers: 2 });
    expect(created.ok).toBe(true);
    const room = (created.data as { room: number }).room;
    expect((await ask(admin, 'allow', { room, action: 'add', list: ['invite-1'] })).ok).toBe(true);
    expect((await ask(admin, 'rtp-fwd-list', { room })).ok).toBe(true);
    expect((await ask(admin, 'list-participants', { room: ROOM })).ok).toBe(true);
    expect((await ask(admin, 'destroy', { room })).ok).toBe(true);
    socket.disconnect();
    admin.disconnect();
  });

  it('a token that expires mid-connection: requests are refused and the sockets disconnected; REST refuses it; a fresh token reconnects', async () => {
    const exp = nowS() + 2;
    const expiring = good({ sub: 'short-lived', exp });
    const room = await open('/videoroom', expiring);
    const echo = await open('/echotest', expiring);
    const before = await http('GET', '/api/rooms', expiring);
    expect(before.status).toBe(200);

    const told = (socket: Socket, event: string): Promise<ErrorEvent> =>
      new Promise((resolve) => socket.once(event, (payload: ErrorEvent) => resolve(payload)));
    const gone = (socket: Socket): Promise<{ reason: string; at: number }> =>
      new Promise((resolve) => socket.once('disconnect', (reason) => resolve({ reason, at: Date.now() })));
    const roomTold = told(room, 'videoroom-error');
    const echoTold = told(echo, 'echo-error');
    const roomGone = gone(room);
    const echoGone = gone(echo);

    // /videoroom keeps asking, back to back, until the server stops it; /echotest sends nothing. The server acts at
    // exp; past exp + 5 s the test stops and reports what did not come.
    const deadline = exp * 1000 + 5000;
    const served: number[] = [];
    let refusal: Ack | undefined;
    while (room.connected && Date.now() < deadline) {
      const sentAt = Date.now();
      const ack = await ask(room, 'list-rooms').catch(() => undefined); // rejected: disconnected while in flight
      if (!ack) break;
      if (ack.ok) served.push(sentAt);
      else {
        refusal = ack;
        break;
      }
    }
    const [roomEvent, echoEvent, roomEnd, echoEnd] = await Promise.all([
      byDeadline(roomTold, deadline),
      byDeadline(echoTold, deadline),
      byDeadline(roomGone, deadline),
      byDeadline(echoGone, deadline),
    ]);

    // Nothing was served for a request sent after exp; the refusal (if the request beat the timer) and the events
    // say why; the server ended both sockets.
    expect(served.length).toBeGreaterThan(0);
    expect(served.filter((sentAt) => sentAt >= exp * 1000)).toEqual([]);
    // When a request beat the timer, its ack says why too.
    expect(refusal?.error).toSatisfy(
      (error?: { code: string; message: string }) =>
        error === undefined || (error.code === 'UNAUTHORIZED' && /expired/.test(error.message)),
    );
    for (const event of [roomEvent, echoEvent]) {
      expect(event).toMatchObject({ code: 'UNAUTHORIZED', error: expect.stringMatching(/expired.*fresh token/) });
    }
    expect([roomEnd?.reason, echoEnd?.reason]).toEqual(['io server disconnect', 'io server disconnect']);
    figure(CASE, 'expiry: requests served before exp', served.length);
    figure(CASE, 'expiry: refused by', refusal ? 'the request (ack UNAUTHORIZED)' : 'the timer (error event)');
    figure(
      CASE,
      'expiry: idle socket disconnected after exp (ms)',
      echoEnd ? Math.max(0, echoEnd.at - exp * 1000) : 'never',
    );

    // HTTP verifies the token on every request: the one that worked before is refused now.
    const after = await http('GET', '/api/rooms', expiring);
    expect(after.status).toBe(401);
    expect(JSON.parse(after.body)).toMatchObject({ code: 'UNAUTHORIZED' });
    // A fresh token reconnects on both namespaces.
    const fresh = good({ sub: 'short-lived' });
    expect((await ask(await open('/videoroom', fresh), 'list-rooms')).ok).toBe(true);
    expect((await ask(await open('/echotest', fresh), 'start')).ok).toBe(true);
    expect((await http('GET', '/api/rooms', fresh)).status).toBe(200);
  });

  it('no frame or HTTP body the clients received holds a secret (Janus API/admin secrets, room secrets, JWT secret)', () => {
    const secrets: Record<string, string | undefined> = {
      'Janus API secret': app.janus.apiSecret,
      'Janus admin secret': app.janus.adminSecret,
      'room 1234 secret': app.janus.videoRoomSecret,
      'default room secret': DEFAULT_ROOM_SECRET,
      'JWT secret': TEST_JWT_SECRET,
    };
    const scanned = Object.entries(secrets).filter((entry): entry is [string, string] => !!entry[1]);
    const hits = scanned.flatMap(([name, secret]) => received.filter((text) => text.includes(secret)).map(() => name));
    figure(CASE, 'frames and HTTP replies scanned', received.length);
    figure(CASE, 'secret hits', hits.length);
    expect(scanned.length).toBe(5);
    expect(received.length).toBeGreaterThan(100);
    expect(hits).toEqual([]);
  });
});
