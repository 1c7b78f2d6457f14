import { TextRoomPlugin, JanusConnection, JanusPluginError } from 'nestjs-janus';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startApp, type AppUnderTest } from '../../support/app-harness.js';

/**
 * `/textroom` and `/api/textroom/rooms` against a real Janus: the data channel's negotiation (offer from `setup`),
 * room administration for the admin role only with the server's secret and admin key, validation, rate limits and
 * cleanup. The chat itself (a browser's data channel) is test/e2e/textroom-chat.test.ts.
 */

const SERVER_SECRET = 'textroom-server-secret';

describe('TextRoom gateway (/textroom) and REST API against a real Janus', () => {
  let app: AppUnderTest;
  let admin: Socket;

  const user = async (roles: string[] = []): Promise<Socket> =>
    app.connect('/textroom', { token: await app.token({ roles }) });

  beforeAll(async () => {
    app = await startApp({ env: { TEXTROOM_DEFAULT_SECRET: SERVER_SECRET, RATE_LIMIT_POINTS: '1000' } });
    admin = await user(['admin']);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("setup answers Janus's data-channel offer; the socket's handle goes when it disconnects (Admin API)", async () => {
    const socket = await user();
    const offer = await request<{ jsep: { type: string; sdp: string } }>(socket, 'setup', undefined, 'a1');
    expect(offer).toMatchObject({ _id: 'a1', ok: true, data: { jsep: { type: 'offer' } } });
    expect(offer.data.jsep.sdp).toMatch(/^m=application \d+ UDP\/DTLS\/SCTP webrtc-datachannel/m);
    expect(await app.socketHandles()).toEqual([`socket:/textroom#${socket.id}`]);
    // A second setup replaces the handle.
    expect((await request(socket, 'setup')).ok).toBe(true);
    expect(await app.socketHandles()).toEqual([`socket:/textroom#${socket.id}`]);
    socket.disconnect();
    await expect.poll(() => app.socketHandles(), { timeout: 5000, interval: 50 }).toEqual([]);
  });

  it('answer, trickle, restart and hangup before setup: NOT_FOUND (no handle), never INTERNAL', async () => {
    const socket = await user();
    await request(socket, 'list-rooms'); // a session-less request first: nothing to act on yet
    for (const [event, data] of [
      ['answer', { jsep: { type: 'answer', sdp: 'v=0\r\n' } }],
      ['trickle', { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0' } }],
      ['restart', undefined],
      ['hangup', undefined],
    ] as const) {
      const reply = await request(socket, event, data);
      expect({ event, code: reply.error?.code }).toEqual({
        event,
        code: expect.stringMatching(/^(NOT_FOUND|SESSION_NOT_AVAILABLE)$/),
      });
    }
    socket.disconnect();
  });

  it('bad input is BAD_REQUEST at once; null is an absent field', async () => {
    const socket = await user(['admin']);
    for (const [event, data] of [
      ['answer', {}],
      ['answer', { jsep: null }],
      ['answer', { jsep: { type: 'offer', sdp: 'v=0\r\n' } }],
      ['exists', { room: 'abc' }],
      ['list-participants', { room: -1 }],
      ['announcement', { room: 1234, text: '' }],
      ['announcement', { room: 1234, text: 'a\u0000b' }],
      ['kick', { room: 1234, username: 'x\ud800' }],
      ['create', { description: 5 }],
      ['create', { history: 100_000 }],
      ['allow', { room: 1234, action: 'open-wide' }],
    ] as const) {
      const started = Date.now();
      const reply = await request(socket, event, data);
      expect({ event, data, code: reply.error?.code }).toEqual({ event, data, code: 'BAD_REQUEST' });
      expect(Date.now() - started).toBeLessThan(2000);
    }
    // null = absent: Janus picks the id, the room is public, no PIN.
    const created = await request<{ room: number }>(socket, 'create', {
      room: null,
      description: 'nulls',
      pin: null,
      is_private: null,
      history: null,
    });
    expect(created.ok).toBe(true);
    const listed = await request<{ list: Array<{ room: number; pin_required: boolean }> }>(socket, 'list-rooms');
    expect(listed.data.list).toContainEqual(expect.objectContaining({ room: created.data.room, pin_required: false }));
    expect((await request(socket, 'destroy', { room: created.data.room })).ok).toBe(true);
    socket.disconnect();
  });

  it('administration is for the admin role; rooms get the server secret, never one from a client', async () => {
    const participant = await user();
    for (const [event, data] of [
      ['create', { description: 'x' }],
      ['edit', { room: 1234, new_description: 'x' }],
      ['destroy', { room: 1234 }],
      ['kick', { room: 1234, username: 'someone' }],
      ['allow', { room: 1234, action: 'enable' }],
      ['announcement', { room: 1234, text: 'hi' }],
    ] as const) {
      const reply = await request(participant, event, data);
      expect({ event, code: reply.error?.code }).toEqual({ event, code: 'FORBIDDEN' });
    }
    // Input that breaks a rule is BAD_REQUEST first, whatever the role (docs/PROTOCOL.md).
    expect((await request(participant, 'destroy', { room: 'x' })).error).toMatchObject({ code: 'BAD_REQUEST' });
    // Everyone may look.
    expect((await request(participant, 'exists', { room: 1234 })).data).toEqual({ room: 1234, exists: true });
    expect((await request(participant, 'list-participants', { room: 1234 })).data).toEqual({
      room: 1234,
      participants: [],
    });
    participant.disconnect();

    // An admin's create: the secret the client sent is dropped, the room gets the server's.
    const created = await request<{ room: number; permanent: boolean }>(admin, 'create', {
      description: 'ops room',
      secret: 'chosen-by-client',
      history: 5,
    });
    expect(created).toMatchObject({ ok: true, data: { permanent: false } });
    const room = created.data.room;
    const connection = await JanusConnection.connect({
      servers: [{ url: app.janus.wsUrl, apiSecret: app.janus.apiSecret }],
      logger: false,
    });
    try {
      const session = await connection.createSession();
      const handle = await session.attach(TextRoomPlugin);
      const withClientSecret = await handle.destroy({ room, secret: 'chosen-by-client' }).catch((e: unknown) => e);
      expect(withClientSecret).toBeInstanceOf(JanusPluginError);
      expect(withClientSecret).toMatchObject({ janusCode: 419 });
      await session.destroy();
    } finally {
      await connection.close();
    }

    expect((await request(admin, 'edit', { room, new_description: 'renamed' })).data).toEqual({
      room,
      permanent: false,
    });
    const listed = await request<{ list: Array<{ room: number; description: string; history?: number }> }>(
      admin,
      'list-rooms',
    );
    expect(listed.data.list).toContainEqual(expect.objectContaining({ room, description: 'renamed', history: 5 }));
    expect((await request(admin, 'allow', { room, action: 'add', list: ['t1'] })).data).toEqual({ room, list: ['t1'] });
    expect((await request(admin, 'announcement', { room, text: 'no one hears this' })).data).toEqual({ room });
    const kick = await request(admin, 'kick', { room, username: 'ghost' });
    expect(kick.error).toMatchObject({ code: 'NOT_FOUND', janusCode: 423 });
    expect((await request(admin, 'destroy', { room })).data).toEqual({ room });
    expect((await request(admin, 'destroy', { room })).error).toMatchObject({ code: 'NOT_FOUND', janusCode: 417 });
    expect((await request(admin, 'exists', { room })).data).toEqual({ room, exists: false });
  });

  it('REST /api/textroom/rooms: the same administration, admin role only', async () => {
    const asAdmin = {
      authorization: `Bearer ${await app.token({ roles: ['admin'] })}`,
      'content-type': 'application/json',
    };
    const asUser = { authorization: `Bearer ${await app.token()}` };
    expect((await fetch(`${app.url}/api/textroom/rooms`, { headers: asUser })).status).toBe(403);
    expect((await fetch(`${app.url}/api/textroom/rooms`)).status).toBe(401);

    const created = await fetch(`${app.url}/api/textroom/rooms`, {
      method: 'POST',
      headers: asAdmin,
      body: JSON.stringify({ description: 'rest room' }),
    });
    expect(created.status).toBe(201);
    const { room } = (await created.json()) as { room: number };
    expect(created.headers.get('location')).toBe(`/api/textroom/rooms/${room}`);

    const listed = (await (await fetch(`${app.url}/api/textroom/rooms`, { headers: asAdmin })).json()) as {
      rooms: Array<{ room: number; description: string }>;
    };
    expect(listed.rooms).toContainEqual(expect.objectContaining({ room, description: 'rest room' }));
    const patched = await fetch(`${app.url}/api/textroom/rooms/${room}`, {
      method: 'PATCH',
      headers: asAdmin,
      body: JSON.stringify({ new_description: 'patched', room: 1 }),
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual({ room, permanent: false });
    const participants = await fetch(`${app.url}/api/textroom/rooms/${room}/participants`, { headers: asAdmin });
    expect(await participants.json()).toEqual({ room, participants: [] });
    const announced = await fetch(`${app.url}/api/textroom/rooms/${room}/announcement`, {
      method: 'POST',
      headers: asAdmin,
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(announced.status).toBe(204);
    const empty = await fetch(`${app.url}/api/textroom/rooms/${room}/announcement`, {
      method: 'POST',
      headers: asAdmin,
      body: JSON.stringify({ text: '' }),
    });
    expect(empty.status).toBe(400);
    const kickGhost = await fetch(`${app.url}/api/textroom/rooms/${room}/participants/ghost/kick`, {
      method: 'POST',
      headers: asAdmin,
    });
    expect(kickGhost.status).toBe(404);
    expect(await kickGhost.json()).toMatchObject({ code: 'NOT_FOUND', janusCode: 423 });
    const nulName = await fetch(`${app.url}/api/textroom/rooms/${room}/participants/a%00b/kick`, {
      method: 'POST',
      headers: asAdmin,
    });
    expect(nulName.status).toBe(400);
    const allowed = await fetch(`${app.url}/api/textroom/rooms/${room}/allowed`, {
      method: 'PUT',
      headers: asAdmin,
      body: JSON.stringify({ action: 'add', list: ['a', 'b'] }),
    });
    const { list } = (await allowed.json()) as { list: string[] };
    expect(list.sort()).toEqual(['a', 'b']);
    expect((await fetch(`${app.url}/api/textroom/rooms/${room}`, { method: 'DELETE', headers: asAdmin })).status).toBe(
      204,
    );
    const gone = await fetch(`${app.url}/api/textroom/rooms/${room}`, { method: 'DELETE', headers: asAdmin });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ code: 'NOT_FOUND', janusCode: 417 });
  });

  it('rate limits setups per socket with RATE_LIMITED', async () => {
    const limited = await startApp({ env: { RATE_LIMIT_POINTS: '2', RATE_LIMIT_WINDOW_S: '60' } });
    try {
      const socket = await limited.connect('/textroom', { token: await limited.token() });
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await request(socket, 'setup'));
      expect(results.slice(0, 2).every((r) => r.ok)).toBe(true);
      expect(results[2].error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('setup') });
    } finally {
      await limited.close();
    }
  });
});
