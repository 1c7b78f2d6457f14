import { JanusService, VideoRoomService } from 'nestjs-janus';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REMOTE_AV, startApp, type AppUnderTest } from '../../support/app-harness.js';
import { staticOffer } from '../../support/sdp.js';
import { turnCredential } from '../../../src/ice/ice-servers.service.js';
import { WhipResources } from '../../../src/whip/index.js';

const ROOM = 1234; // the harness's demo room
const ROOM_TOKEN = 'static-token-of-room-1234';
const OTHER_ROOM_TOKEN = 'static-token-of-room-4321';
const SDP = 'application/sdp';
const FRAG = 'application/trickle-ice-sdpfrag';

/** A static offer (no candidates) with every m-line in `direction`, and its ICE credentials. */
function offer(direction: 'sendonly' | 'recvonly' | 'sendrecv' = 'sendonly'): {
  sdp: string;
  ufrag: string;
  pwd: string;
} {
  const sdp = staticOffer().sdp.replaceAll('a=sendrecv', `a=${direction}`);
  return { sdp, ufrag: /a=ice-ufrag:(\S+)/.exec(sdp)![1], pwd: /a=ice-pwd:(\S+)/.exec(sdp)![1] };
}

/** Host candidates on loopback addresses (Janus checks them; nothing answers there). */
function candidate(n: number): string {
  return `candidate:${n} 1 udp ${2122260223 - n} 127.0.0.${n} ${50000 + n} typ host`;
}

/** A trickle-ice-sdpfrag body as RFC 8840 and RFC 9725 write it. */
function frag(
  ice: { ufrag: string; pwd: string },
  media: Array<{ mid: string; candidates: string[] }>,
  end = false,
): string {
  const lines = [`a=ice-ufrag:${ice.ufrag}`, `a=ice-pwd:${ice.pwd}`];
  for (const m of media) {
    lines.push('m=audio 9 UDP/TLS/RTP/SAVPF 0', `a=mid:${m.mid}`, ...m.candidates.map((c) => `a=${c}`));
    if (end) lines.push('a=end-of-candidates');
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Waits until the app is connected to Janus (it connects lazily after start). */
async function connected(app: AppUnderTest): Promise<void> {
  const janus = app.app.get(JanusService);
  await firstValueFrom(
    janus.state$.pipe(
      filter((state) => state === 'connected'),
      timeout(10_000),
    ),
  );
}

/** Polls until `list` is empty. */
async function expectNone(list: () => Promise<number[]>): Promise<void> {
  await expect.poll(list, { timeout: 5000, interval: 50 }).toEqual([]);
}

describe('WHIP/WHEP endpoints against a real Janus (no browser)', () => {
  let app: AppUnderTest;
  let publisherJwt: string;

  /** Janus sessions without the app's shared one (the VideoRoomService's, used for room queries). */
  async function sessions(): Promise<number[]> {
    const shared = (await app.app.get(JanusService).sharedSession()).id;
    return (await app.sessions()).filter((s) => s !== shared);
  }

  async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': SDP, ...headers }, body });
  }

  async function send(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(`${app.url}${path}`, { method, headers, body });
  }

  /** The live resource behind a `Location`. */
  function resourceAt(location: string): ReturnType<WhipResources['get']> {
    return app.app.get(WhipResources).get(location.split('/').pop()!);
  }

  /** Remote candidates Janus has for the resource's handle (Admin API `handle_info`). */
  async function remoteCandidates(location: string): Promise<string[]> {
    const resource = resourceAt(location)!;
    const info = await app.admin.handleInfo(resource.session.id, resource.handle.id);
    const ice = (info.webrtc as { ice?: { 'remote-candidates'?: string[] } } | undefined)?.ice;
    return ice?.['remote-candidates'] ?? [];
  }

  /** A room with a remote publisher (active at once, no browser needed); resolves with its feed id. */
  async function roomWithFeed(): Promise<{ room: number; feed: number; remove: () => Promise<void> }> {
    const rooms = app.app.get(VideoRoomService);
    const { room } = await rooms.create({ secret: 'room-secret', publishers: 4 });
    const added = await rooms.addRemotePublisher({
      room,
      secret: 'room-secret',
      display: 'remote',
      streams: REMOTE_AV,
    });
    // Janus answers add_remote_publisher before the feed is in the room.
    await expect
      .poll(async () => (await rooms.listParticipants({ room })).participants.some((p) => p.id === added.id), {
        timeout: 5000,
        interval: 50,
      })
      .toBe(true);
    return {
      room,
      feed: Number(added.id),
      remove: async () => {
        await rooms.removeRemotePublisher({ room, secret: 'room-secret', id: added.id });
      },
    };
  }

  beforeAll(async () => {
    app = await startApp({
      env: {
        WHIP_TOKENS: `${ROOM}=${ROOM_TOKEN}, 4321=${OTHER_ROOM_TOKEN}`,
        WHIP_PUBLISH_ROLE: 'publisher',
      },
    });
    publisherJwt = await app.token({ sub: 'encoder', roles: ['publisher'] });
    await connected(app);
  });
  afterEach(async () => {
    const registry = app.app.get(WhipResources);
    await Promise.all(registry.list().map((r) => registry.close(r.id, 'test cleanup')));
    await expectNone(sessions);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('POST /whip/rooms/:room -> 201 with the answer, Location, ETag, Janus-Feed-Id; a Janus session per resource', async () => {
    const before = await sessions();
    expect(before).toEqual([]);
    const res = await post(`/whip/rooms/${ROOM}?display=encoder-1`, offer().sdp, {
      authorization: `Bearer ${publisherJwt}`,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/sdp/);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/whip\/resources\/[\w-]{20,}$/);
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    const answer = await res.text();
    expect(answer).toMatch(/^v=0\r\n/);
    expect(answer).toContain('a=recvonly'); // Janus receives what the encoder sends
    expect(answer).toContain('a=candidate:'); // Janus's candidates: WHIP has no server-side trickle
    const feed = Number(res.headers.get('janus-feed-id'));
    const { participants } = await app.app.get(VideoRoomService).listParticipants({ room: ROOM });
    expect(participants.find((p) => p.id === feed)?.display).toBe('encoder-1');
    const resource = resourceAt(location)!;
    expect(await sessions()).toEqual([resource.session.id]);
    expect(await app.admin.listHandles(resource.session.id)).toEqual([resource.handle.id]);
  });

  it('PATCH trickles every candidate of the fragment to Janus (several m-sections, end-of-candidates) -> 204', async () => {
    const o = offer();
    const res = await post(`/whip/rooms/${ROOM}`, o.sdp, { authorization: `Bearer ${publisherJwt}` });
    const location = res.headers.get('location')!;
    const etag = res.headers.get('etag')!;
    expect(await remoteCandidates(location)).toEqual([]);

    // Three candidates for mid 0, two for mid 1 (all of them: simple-whip-server would have dropped every one),
    // one listed twice; with If-Match. Janus bundles everything on the first m-line: all five go there.
    const patch = await send(
      'PATCH',
      location,
      frag(o, [
        { mid: '0', candidates: [candidate(1), candidate(2), candidate(3)] },
        { mid: '1', candidates: [candidate(4), candidate(5), candidate(1)] },
      ]),
      { 'content-type': FRAG, authorization: `Bearer ${publisherJwt}`, 'if-match': etag },
    );
    expect(patch.status).toBe(204);
    expect(await patch.text()).toBe('');
    const expected = [1, 2, 3, 4, 5].map((n) => candidate(n).slice('candidate:'.length));
    await expect
      .poll(async () => (await remoteCandidates(location)).sort(), { timeout: 5000, interval: 50 })
      .toEqual([...expected].sort());

    // A later PATCH without If-Match (as WHEPClient sends them), with one more candidate and the end.
    const more = await send('PATCH', location, frag(o, [{ mid: '0', candidates: [candidate(6)] }], true), {
      'content-type': FRAG,
      authorization: `Bearer ${publisherJwt}`,
    });
    expect(more.status).toBe(204);
    await expect.poll(async () => (await remoteCandidates(location)).length, { timeout: 5000 }).toBe(6);
  });

  it('PATCH: 412 on a stale If-Match, 415 for another type, 400 for a bad fragment or a restart without new credentials', async () => {
    const o = offer();
    const res = await post(`/whip/rooms/${ROOM}`, o.sdp, { authorization: `Bearer ${publisherJwt}` });
    const location = res.headers.get('location')!;
    const auth = { authorization: `Bearer ${publisherJwt}` };
    const body = frag(o, [{ mid: '0', candidates: [candidate(1)] }]);

    const stale = await send('PATCH', location, body, { ...auth, 'content-type': FRAG, 'if-match': '"stale"' });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ code: 'PRECONDITION_FAILED' });

    // If-Match: * (an ICE restart) with the same credentials is no restart.
    const sameIce = await send('PATCH', location, body, { ...auth, 'content-type': FRAG, 'if-match': '*' });
    expect(sameIce.status).toBe(400);
    expect(await sameIce.json()).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('ICE restart'),
    });

    const wrongType = await send('PATCH', location, body, { ...auth, 'content-type': SDP });
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers.get('accept-patch')).toBe(FRAG);

    const bad = await send('PATCH', location, 'a=candidate:nonsense\r\n', { ...auth, 'content-type': FRAG });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('candidate') });
    // None of the refused PATCHes reached Janus.
    expect(await remoteCandidates(location)).toEqual([]);
  });

  it('ICE restart (PATCH, If-Match: *, new credentials) -> 200 with the new Janus credentials and a new ETag (WHIP, WHEP)', async () => {
    const auth = { authorization: `Bearer ${publisherJwt}` };
    const { room, feed } = await roomWithFeed();
    for (const [path, o] of [
      [`/whip/rooms/${ROOM}`, offer()],
      [`/whep/rooms/${room}/feeds/${feed}`, offer('recvonly')],
    ] as const) {
      const res = await post(path, o.sdp, auth);
      expect(res.status).toBe(201);
      const location = res.headers.get('location')!;
      const firstEtag = res.headers.get('etag')!;
      const janusUfrag = /a=ice-ufrag:(\S+)/.exec(await res.text())![1];

      const fresh = { ufrag: 'rst1', pwd: 'restartpassword012345678' };
      const restart = await send('PATCH', location, frag(fresh, []), {
        ...auth,
        'content-type': FRAG,
        'if-match': '*',
      });
      expect(restart.status).toBe(200);
      expect(restart.headers.get('content-type')).toMatch(/^application\/trickle-ice-sdpfrag/);
      const newEtag = restart.headers.get('etag')!;
      expect(newEtag).toMatch(/^"[\w-]+"$/);
      expect(newEtag).not.toBe(firstEtag);
      const body = await restart.text();
      const newJanusUfrag = /^a=ice-ufrag:(\S+)\r$/m.exec(body)?.[1];
      expect(newJanusUfrag).toBeDefined();
      expect(newJanusUfrag).not.toBe(janusUfrag);
      expect(body).toMatch(/^a=ice-pwd:\S+\r$/m);
      expect(body).toMatch(/^a=candidate:.* typ host\r$/m);
      // Janus now has the client's new credentials.
      const resource = resourceAt(location)!;
      const info = await app.admin.handleInfo(resource.session.id, resource.handle.id);
      expect(info.sdps?.remote).toContain(`a=ice-ufrag:${fresh.ufrag}`);

      // Trickling goes on with the new credentials and ETag; the old ETag is stale.
      const stale = await send('PATCH', location, frag(fresh, [{ mid: '0', candidates: [candidate(3)] }]), {
        ...auth,
        'content-type': FRAG,
        'if-match': firstEtag,
      });
      expect(stale.status).toBe(412);
      const ok = await send('PATCH', location, frag(fresh, [{ mid: '0', candidates: [candidate(3)] }]), {
        ...auth,
        'content-type': FRAG,
        'if-match': newEtag,
      });
      expect(ok.status).toBe(204);
      await expect.poll(() => remoteCandidates(location), { timeout: 5000 }).toContain(candidate(3).slice(10));
    }
  });

  it('DELETE -> 200: the Janus session and handle are gone, the feed left the room; the resource is 404 after', async () => {
    const res = await post(`/whip/rooms/${ROOM}?display=leaving`, offer().sdp, {
      authorization: `Bearer ${ROOM_TOKEN}`,
    });
    expect(res.status).toBe(201);
    const location = res.headers.get('location')!;
    const feed = Number(res.headers.get('janus-feed-id'));
    const { session } = resourceAt(location)!;
    expect(await sessions()).toEqual([session.id]);

    const deleted = await send('DELETE', location, undefined, { authorization: `Bearer ${ROOM_TOKEN}` });
    expect(deleted.status).toBe(200);
    expect(await app.sessions()).not.toContain(session.id); // gone by the time DELETE answered
    expect(await sessions()).toEqual([]);
    // Janus lets a destroyed session's participant leave the room right after the destroy reply.
    const inRoom = async (): Promise<boolean> =>
      (await app.app.get(VideoRoomService).listParticipants({ room: ROOM })).participants.some((p) => p.id === feed);
    await expect.poll(inRoom, { timeout: 5000, interval: 50 }).toBe(false);

    expect((await send('DELETE', location, undefined, { authorization: `Bearer ${ROOM_TOKEN}` })).status).toBe(404);
    const patch = await send('PATCH', location, 'a=end-of-candidates\r\n', {
      authorization: `Bearer ${ROOM_TOKEN}`,
      'content-type': FRAG,
    });
    expect(patch.status).toBe(404);
    expect(await patch.json()).toEqual({ code: 'NOT_FOUND', message: 'no such resource' });
  });

  it('a publisher kicked from its room, or whose room is destroyed, ends with its Janus session', async () => {
    const rooms = app.app.get(VideoRoomService);
    const { room } = await rooms.create({ secret: 'room-secret' });
    const auth = { authorization: `Bearer ${publisherJwt}` };
    const kicked = await post(`/whip/rooms/${room}`, offer().sdp, auth);
    const destroyed = await post(`/whip/rooms/${room}`, offer().sdp, auth);
    const [a, b] = [resourceAt(kicked.headers.get('location')!)!, resourceAt(destroyed.headers.get('location')!)!];
    expect(await sessions()).toHaveLength(2);

    await rooms.kick({ room, secret: 'room-secret', id: Number(kicked.headers.get('janus-feed-id')) });
    await expect.poll(() => sessions(), { timeout: 5000, interval: 50 }).toEqual([b.session.id]);
    expect(resourceAt(kicked.headers.get('location')!)).toBeUndefined();

    await rooms.destroy({ room, secret: 'room-secret' });
    await expect.poll(() => sessions(), { timeout: 5000, interval: 50 }).toEqual([]);
    expect(a.session.isClosed && b.session.isClosed).toBe(true);
  });

  it('auth: 401 without or with a bad/expired token (WWW-Authenticate: Bearer); 403 for another room or role', async () => {
    const expect401 = async (headers: Record<string, string>): Promise<void> => {
      const res = await post(`/whip/rooms/${ROOM}`, offer().sdp, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    };
    await expect401({});
    await expect401({ authorization: 'Bearer not-a-jwt-nor-a-room-token' });
    await expect401({ authorization: `Bearer ${await app.token({ roles: ['publisher'], expiresInSeconds: -10 })}` });
    await expect401({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });

    const otherRoom = await post(`/whip/rooms/${ROOM}`, offer().sdp, { authorization: `Bearer ${OTHER_ROOM_TOKEN}` });
    expect(otherRoom.status).toBe(403);
    expect(await otherRoom.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('4321') });

    // WHIP_PUBLISH_ROLE=publisher: a JWT without the role may play but not publish; the admin role may publish.
    const viewer = await app.token({ sub: 'viewer', roles: [] });
    const noRole = await post(`/whip/rooms/${ROOM}`, offer().sdp, { authorization: `Bearer ${viewer}` });
    expect(noRole.status).toBe(403);
    expect(await noRole.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('publisher') });
    const admin = await post(`/whip/rooms/${ROOM}`, offer().sdp, {
      authorization: `Bearer ${await app.token({ sub: 'boss', roles: ['admin'] })}`,
    });
    expect(admin.status).toBe(201);

    // The EchoTest takes any valid JWT, but no room token.
    expect((await post('/whip/echotest', offer('sendrecv').sdp, { authorization: `Bearer ${viewer}` })).status).toBe(
      201,
    );
    expect(
      (await post('/whip/echotest', offer('sendrecv').sdp, { authorization: `Bearer ${ROOM_TOKEN}` })).status,
    ).toBe(403);
    expect((await post('/whip/echotest', offer('sendrecv').sdp)).status).toBe(401);
  });

  it('resources: PATCH/DELETE need the creating token (or a JWT of the same subject): 401 without, 403 otherwise', async () => {
    const o = offer();
    const res = await post(`/whip/rooms/${ROOM}`, o.sdp, { authorization: `Bearer ${publisherJwt}` });
    const location = res.headers.get('location')!;
    expect((await send('DELETE', location)).status).toBe(401);
    const stranger = await app.token({ sub: 'someone-else', roles: ['publisher'] });
    const forbidden = await send('DELETE', location, undefined, { authorization: `Bearer ${stranger}` });
    expect(forbidden.status).toBe(403);
    expect((await send('DELETE', location, undefined, { authorization: `Bearer ${ROOM_TOKEN}` })).status).toBe(403);
    expect(resourceAt(location)).toBeDefined();
    // A fresh JWT of the same subject (the first one may have expired meanwhile) may end it.
    const sameSubject = await app.token({ sub: 'encoder' });
    expect((await send('DELETE', location, undefined, { authorization: `Bearer ${sameSubject}` })).status).toBe(200);
  });

  it('415 for a POST that is not application/sdp (JSON included: it is not swallowed by the JSON parser)', async () => {
    const auth = { authorization: `Bearer ${publisherJwt}` };
    const json = await fetch(`${app.url}/whip/rooms/${ROOM}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ sdp: offer().sdp }),
    });
    expect(json.status).toBe(415);
    expect(json.headers.get('accept-post')).toBe(SDP);
    expect(await json.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const text = await post(`/whip/rooms/${ROOM}`, offer().sdp, { ...auth, 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    // The app's JSON routes still parse JSON bodies.
    const created = await fetch(`${app.url}/api/rooms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await app.token({ roles: ['admin'] })}`,
      },
      body: JSON.stringify({ description: 'json still works' }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ room: expect.any(Number) });
  });

  it('400 for a body that is no SDP or lacks ICE/DTLS; 413 beyond SDP_MAX_BYTES; 422 when nothing is sent', async () => {
    const auth = { authorization: `Bearer ${publisherJwt}` };
    const garbage = await post(`/whip/rooms/${ROOM}`, 'hello', auth);
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('v=0') });
    const noIce = await post(`/whip/rooms/${ROOM}`, offer().sdp.replace(/a=ice-pwd:.*\r\n/g, ''), auth);
    expect(noIce.status).toBe(400);
    expect(await noIce.json()).toMatchObject({ message: expect.stringContaining('ice-pwd') });
    const empty = await post(`/whip/rooms/${ROOM}`, '', auth);
    expect(empty.status).toBe(400);

    const huge = await post(`/whip/rooms/${ROOM}`, offer().sdp + `a=x-pad:${'x'.repeat(70_000)}\r\n`, auth);
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    const receiveOnly = await post(`/whip/rooms/${ROOM}`, offer('recvonly').sdp, auth);
    expect(receiveOnly.status).toBe(422);
    expect(await receiveOnly.json()).toMatchObject({ code: 'UNPROCESSABLE' });
    expect(await sessions()).toEqual([]);
  });

  it('404 for no such room (janusCode 426), a non-numeric room, no such feed (428), an empty room, no resource', async () => {
    const auth = { authorization: `Bearer ${publisherJwt}` };
    const noRoom = await post('/whip/rooms/987654321', offer().sdp, auth);
    expect(noRoom.status).toBe(404);
    expect(await noRoom.json()).toMatchObject({ code: 'NOT_FOUND', janusCode: 426 });
    expect((await post('/whip/rooms/lobby', offer().sdp, auth)).status).toBe(404);
    const noFeed = await post(`/whep/rooms/${ROOM}/feeds/123456789`, offer('recvonly').sdp, auth);
    expect(noFeed.status).toBe(404);
    expect(await noFeed.json()).toMatchObject({ code: 'NOT_FOUND', janusCode: 428 });
    const empty = await post(`/whep/rooms/${ROOM}`, offer('recvonly').sdp, auth);
    expect(empty.status).toBe(404);
    expect(await empty.json()).toMatchObject({ code: 'NOT_FOUND', message: `room ${ROOM} has no publisher` });
    expect((await send('DELETE', '/whip/resources/nope')).status).toBe(404);
    // Nothing was left behind by the failed POSTs.
    expect(await sessions()).toEqual([]);
  });

  it('405 with Allow for other methods; OPTIONS -> 204 with Allow', async () => {
    const get = await send('GET', `/whip/rooms/${ROOM}`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect(await get.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    expect((await send('PUT', '/whip/echotest', 'x')).status).toBe(405);
    expect((await send('DELETE', `/whep/rooms/${ROOM}/feeds/1`)).status).toBe(405);

    const res = await post(`/whip/rooms/${ROOM}`, offer().sdp, { authorization: `Bearer ${publisherJwt}` });
    const location = res.headers.get('location')!;
    const onResource = await send('GET', location);
    expect(onResource.status).toBe(405);
    expect(onResource.headers.get('allow')).toBe('PATCH, DELETE, OPTIONS');
    expect((await send('POST', location, 'x')).status).toBe(405);

    const options = await send('OPTIONS', `/whip/rooms/${ROOM}`);
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('WHEP: the offer is answered from Janus (subscriber); Janus gets an answer with the client ICE/DTLS; PATCH reaches it', async () => {
    const { room, feed, remove } = await roomWithFeed();
    const o = offer('recvonly');
    const res = await post(`/whep/rooms/${room}/feeds/${feed}`, o.sdp, { authorization: `Bearer ${publisherJwt}` });
    expect(res.status).toBe(201);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/whep\/resources\//);
    expect(Number(res.headers.get('janus-feed-id'))).toBe(feed);
    const answer = await res.text();
    // The client's m-lines, mids and payload types; Janus's ICE, DTLS, SSRCs and candidates; Janus is DTLS server.
    expect(answer.match(/^m=\w+ 9 UDP\/TLS\/RTP\/SAVPF \d+/gm)).toEqual([
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
    ]);
    expect(answer.match(/^a=mid:.*$/gm)).toEqual(['a=mid:0', 'a=mid:1']);
    expect(answer.match(/^a=sendonly$/gm)).toHaveLength(2);
    expect(answer).toContain('a=setup:passive');
    expect(answer).toMatch(/^a=ssrc:\d+ cname:janus/m);
    expect(answer).toContain('a=candidate:');
    expect(answer).not.toContain(`a=ice-ufrag:${o.ufrag}`);

    // Janus's side: the remote SDP is the client's (ICE credentials, fingerprint), receive-only, DTLS client.
    const resource = resourceAt(location)!;
    const info = await app.admin.handleInfo(resource.session.id, resource.handle.id);
    const remote = info.sdps?.remote ?? '';
    expect(remote).toContain(`a=ice-ufrag:${o.ufrag}`);
    expect(remote).toContain(/a=fingerprint:.*/.exec(o.sdp)![0]);
    expect(remote).toContain('a=setup:active');
    expect(remote.match(/^a=recvonly$/gm)).toHaveLength(2);

    const patch = await send(
      'PATCH',
      location,
      frag(o, [{ mid: '0', candidates: [candidate(7), candidate(8)] }], true),
      {
        'content-type': FRAG,
        authorization: `Bearer ${publisherJwt}`,
      },
    );
    expect(patch.status).toBe(204);
    await expect.poll(async () => (await remoteCandidates(location)).length, { timeout: 5000 }).toBe(2);

    // The feed goes away: the WHEP resource ends and its Janus session is destroyed.
    await remove();
    await expect.poll(() => sessions(), { timeout: 5000, interval: 50 }).toEqual([]);
    expect(resourceAt(location)).toBeUndefined();
  });

  it('WHEP room-wide picks the publisher; 422 when the offer cannot receive what the feed sends', async () => {
    const { room, feed } = await roomWithFeed();
    const res = await post(`/whep/rooms/${room}`, offer('recvonly').sdp, { authorization: `Bearer ${ROOM_TOKEN}` });
    expect(res.status).toBe(403); // the static token is for room 1234 only
    const jwt = { authorization: `Bearer ${await app.token({ sub: 'viewer' })}` };
    const ok = await post(`/whep/rooms/${room}`, offer('recvonly').sdp, jwt);
    expect(ok.status).toBe(201);
    expect(Number(ok.headers.get('janus-feed-id'))).toBe(feed);

    // H.264 only (the feed is opus + VP8), no audio: nothing to answer with.
    const h264 = offer('recvonly')
      .sdp.split(/\r\n(?=m=)/)
      .filter((s) => !s.startsWith('m=audio'))
      .join('\r\n')
      .replace('a=group:BUNDLE 0 1', 'a=group:BUNDLE 1')
      .replace('m=video 9 UDP/TLS/RTP/SAVPF 96', 'm=video 9 UDP/TLS/RTP/SAVPF 102')
      .replace(
        'a=rtpmap:96 VP8/90000',
        'a=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1;profile-level-id=42e01f',
      )
      .replaceAll('a=rtcp-fb:96', 'a=rtcp-fb:102');
    const none = await post(`/whep/rooms/${room}/feeds/${feed}`, h264, jwt);
    expect(none.status).toBe(422);
    expect(await none.json()).toMatchObject({ code: 'UNPROCESSABLE', message: expect.stringContaining('VP8') });
    // WHEP needs an offer that receives.
    expect((await post(`/whep/rooms/${room}/feeds/${feed}`, offer('sendonly').sdp, jwt)).status).toBe(422);
    expect(await sessions()).toHaveLength(1); // only the room-wide viewer
  });

  it('POST /whip/echotest -> 201 with an answer that sends back; DELETE ends it', async () => {
    const res = await post('/whip/echotest', offer('sendrecv').sdp, { authorization: `Bearer ${publisherJwt}` });
    expect(res.status).toBe(201);
    const answer = await res.text();
    expect(answer.match(/^a=sendrecv$/gm)).toHaveLength(2);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/whip\/resources\//);
    expect(res.headers.get('janus-feed-id')).toBeNull();
    const { session, handle } = resourceAt(location)!;
    expect(handle.plugin).toBe('janus.plugin.echotest');
    expect((await send('DELETE', location, undefined, { authorization: `Bearer ${publisherJwt}` })).status).toBe(200);
    expect(await app.sessions()).not.toContain(session.id);
    // A WHIP resource is not reachable under /whep/.
    const other = await post('/whip/echotest', offer('sendrecv').sdp, { authorization: `Bearer ${publisherJwt}` });
    const id = other.headers.get('location')!.split('/').pop();
    expect(
      (await send('DELETE', `/whep/resources/${id}`, undefined, { authorization: `Bearer ${publisherJwt}` })).status,
    ).toBe(404);
  });
});

describe('WHIP resources expire (WHIP_RESOURCE_TIMEOUT_S) and with the Janus session', () => {
  let app: AppUnderTest;

  beforeAll(async () => {
    app = await startApp({ env: { AUTH_REQUIRED: 'false', WHIP_RESOURCE_TIMEOUT_S: '1' } });
    await connected(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a resource whose PeerConnection never comes up is torn down after the timeout: nothing left on Janus', async () => {
    const started = Date.now();
    const res = await fetch(`${app.url}/whip/rooms/${ROOM}`, {
      method: 'POST',
      headers: { 'content-type': SDP }, // anonymous: AUTH_REQUIRED=false
      body: staticOffer().sdp,
    });
    expect(res.status).toBe(201);
    const location = res.headers.get('location')!;
    const { session } = app.app.get(WhipResources).get(location.split('/').pop()!)!;
    expect(await app.sessions()).toContain(session.id);
    await expect.poll(() => app.sessions(), { timeout: 5000, interval: 50 }).not.toContain(session.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(app.app.get(WhipResources).list()).toEqual([]);
    expect((await fetch(`${app.url}${location}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('Janus destroying the session (Admin API) ends the resource', async () => {
    const res = await fetch(`${app.url}/whip/echotest`, {
      method: 'POST',
      headers: { 'content-type': SDP },
      body: staticOffer().sdp,
    });
    const id = res.headers.get('location')!.split('/').pop()!;
    const registry = app.app.get(WhipResources);
    const { session, handle } = registry.get(id)!;
    await app.admin.detachHandle(session.id, handle.id);
    await expect.poll(() => registry.get(id), { timeout: 5000, interval: 50 }).toBeUndefined();
    await expect.poll(() => app.sessions(), { timeout: 5000, interval: 50 }).not.toContain(session.id);
  });
});

describe('WHIP/WHEP with Janus full_trickle, and Janus going away', () => {
  let app: AppUnderTest;

  const post = (path: string, body: string): Promise<Response> =>
    fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': SDP }, body });

  beforeAll(async () => {
    // full_trickle: Janus trickles its candidates instead of writing them in its SDPs.
    app = await startApp({
      env: {
        AUTH_REQUIRED: 'false',
        // Only handed to clients in Link headers here (nothing contacts them).
        STUN_URLS: 'stun:127.0.0.1:3478',
        TURN_URLS: 'turn:127.0.0.1:3478?transport=udp',
        TURN_SECRET: 'turn-shared-secret',
      },
      janus: { fullTrickle: true },
    });
    await connected(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers carry the candidates Janus trickled (WHIP has no server-side trickle): WHIP, WHEP, EchoTest', async () => {
    const rooms = app.app.get(VideoRoomService);
    const { room } = await rooms.create({ secret: 's' });
    const added = await rooms.addRemotePublisher({ room, secret: 's', display: 'remote', streams: REMOTE_AV });
    await expect
      .poll(async () => (await rooms.listParticipants({ room })).participants.length, { timeout: 5000, interval: 50 })
      .toBe(1);
    for (const [path, direction] of [
      [`/whip/rooms/${ROOM}`, 'sendonly'],
      [`/whep/rooms/${room}/feeds/${added.id}`, 'recvonly'],
      ['/whip/echotest', 'sendrecv'],
    ] as const) {
      const res = await post(path, offer(direction).sdp);
      expect(res.status).toBe(201);
      const answer = await res.text();
      expect(answer).toMatch(/^a=candidate:\S+ 1 udp \d+ \S+ \d+ typ host/m);
      expect(answer).toContain('a=end-of-candidates');
    }
  });

  it('201s carry the ICE servers as RFC 9725 Link headers (TURN credentials minted for the caller)', async () => {
    const res = await post('/whip/echotest', offer('sendrecv').sdp);
    expect(res.status).toBe(201);
    const links = res.headers.get('link')!.split(/,\s*(?=<)/);
    expect(links[0]).toBe('<stun:127.0.0.1:3478>; rel="ice-server"');
    const turn =
      /^<turn:127\.0\.0\.1:3478\?transport=udp>; rel="ice-server"; username="(\d+):([^"]+)"; credential="([^"]+)"; credential-type="password"$/.exec(
        links[1],
      );
    expect(turn).not.toBeNull();
    const expiry = Number(turn![1]);
    expect(expiry * 1000).toBeGreaterThan(Date.now());
    expect(turn![3]).toBe(turnCredential('turn-shared-secret', `${turn![1]}:${turn![2]}`));
  });

  it('the OpenAPI document lists the WHIP/WHEP routes (not the 405 catch-alls)', async () => {
    const doc = (await (await fetch(`${app.url}/api/docs-json`)).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths['/whip/rooms/{room}'])).toEqual(['post']);
    expect(Object.keys(doc.paths['/whep/rooms/{room}/feeds/{feed}'])).toEqual(['post']);
    expect(Object.keys(doc.paths['/whip/resources/{id}']).sort()).toEqual(['delete', 'patch']);
  });

  it('POSTs while Janus is down get 503; once Janus is back, resources whose sessions it lost have ended', async () => {
    const registry = app.app.get(WhipResources);
    const res = await post('/whip/echotest', offer('sendrecv').sdp);
    expect(res.status).toBe(201);
    const location = res.headers.get('location')!;
    await app.janus.kill();
    const down = await post('/whip/echotest', offer('sendrecv').sdp);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'BACKEND_FAILURE' });
    // A restarted Janus knows no session: the app's claim fails, the sessions are lost, the resources end.
    await app.janus.restart();
    await expect.poll(() => registry.list(), { timeout: 15_000, interval: 50 }).toEqual([]);
    expect((await fetch(`${app.url}${location}`, { method: 'DELETE' })).status).toBe(404);
    await connected(app);
    expect((await post('/whip/echotest', offer('sendrecv').sdp)).status).toBe(201);
  });
});
