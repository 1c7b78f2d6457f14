import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { JanusService, VideoRoomService } from 'nestjs-janus';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppUnderTest } from '../support/app-harness.js';
import { inPage, launchBrowser, pageStatus, recordFailure, type TestBrowser } from '../support/browser.js';
import { expectDecoding, expectFeedDecoding } from '../support/videoroom-page.js';
import { WhipResources } from '../../src/whip/index.js';

const ROOM = 1234; // the demo room of the harness's Janus config
const ROOM_TOKEN = 'static-whip-token-for-room-1234';
/** Where the test page is served from: the app's own origin (intercepted by the browser), so no CORS is involved. */
const PAGE_PATH = '/__whip-e2e/index.html';

/**
 * The test page: Medooze's `whip-whep` clients (WHIPClient / WHEPClient, by a co-author of the WHIP RFC), bundled
 * with esbuild from the npm package as published, and small helpers the tests call. The helpers only build the
 * PeerConnections and hand them to the clients: the clients do all of the HTTP (POST, PATCH trickle with
 * If-Match, DELETE).
 */
async function testPage(): Promise<string> {
  const bundle = await build({
    stdin: {
      contents: [
        "import { WHIPClient } from 'whip-whep/whip.js';",
        "import { WHEPClient } from 'whip-whep/whep.js';",
        'window.WHIPClient = WHIPClient;',
        'window.WHEPClient = WHEPClient;',
      ].join('\n'),
      resolveDir: process.cwd(),
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const helpers = `
    window.sessions = {};
    /** Publishes the fake camera and microphone through WHIP; resolves with the resource URL. */
    window.publish = async (name, endpoint, token) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
      const pc = new RTCPeerConnection();
      for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      const client = new WHIPClient();
      window.sessions[name] = { pc, client, patches: [] };
      await client.publish(pc, endpoint, token);
      return client.resourceURL.href;
    };
    /** Plays through WHEP (receive only, audio + video in that order unless \`kinds\` says otherwise). */
    window.view = async (name, endpoint, token, kinds = ['audio', 'video']) => {
      const pc = new RTCPeerConnection();
      for (const kind of kinds) pc.addTransceiver(kind, { direction: 'recvonly' });
      const client = new WHEPClient();
      window.sessions[name] = { pc, client };
      await client.view(pc, endpoint, token);
      return client.resourceURL.href;
    };
    /** Sends the fake camera to the WHIP EchoTest (sendrecv): what comes back is decoded. */
    window.echo = async (name, endpoint, token) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
      const pc = new RTCPeerConnection();
      for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] });
      const client = new WHIPClient();
      window.sessions[name] = { pc, client };
      await client.publish(pc, endpoint, token);
      return client.resourceURL.href;
    };
    // Record what the clients PATCH (they trickle through fetch), to check trickling really happened.
    window.patches = [];
    const realFetch = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const res = await realFetch(input, init);
      if (init && init.method === 'PATCH') window.patches.push({ url: String(input), status: res.status, body: init.body });
      return res;
    };
  `;
  return `<!doctype html><html><head><meta charset="utf-8"><title>whip-whep e2e</title></head><body>
<script>${bundle.outputFiles[0].text}</script>
<script>${helpers}</script>
</body></html>`;
}

/** Opens the test page on the app's origin. */
async function openTestPage(browser: TestBrowser, app: AppUnderTest, html: string): Promise<Page> {
  await browser.context.route(`${app.url}${PAGE_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: html }),
  );
  return browser.newPage(`${app.url}${PAGE_PATH}`);
}

/** Calls one of the page helpers with the endpoint's absolute URL; resolves with the resource URL (path only). */
async function call(
  page: Page,
  helper: string,
  name: string,
  path: string,
  token?: string,
  ...extra: unknown[]
): Promise<string> {
  const endpoint = new URL(path, page.url()).href;
  const args = [name, endpoint, token ?? null, ...extra].map((a) => JSON.stringify(a)).join(', ');
  const url = await inPage<string>(page, `window.${helper}(${args})`);
  return new URL(url).pathname;
}

/** Audio packets received so far on the PeerConnection `pcExpr` (inbound-rtp audio). */
function audioPackets(page: Page, pcExpr: string): Promise<number> {
  return inPage(
    page,
    `(async () => {
      let packets = 0;
      (await (${pcExpr}).getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived ?? 0;
      });
      return packets;
    })()`,
  );
}

/** The ICE username fragment of the page's PeerConnection `name` (its current local description). */
function localUfrag(page: Page, name: string): Promise<string | undefined> {
  return inPage(
    page,
    `/a=ice-ufrag:(\\S+)/.exec(window.sessions[${JSON.stringify(name)}].pc.localDescription.sdp)?.[1]`,
  );
}

/** The transport's ICE username fragment in use (`iceLocalUsernameFragment` of the transport stats) and state. */
function transportIce(page: Page, name: string): Promise<string> {
  return inPage(
    page,
    `(async () => {
      let found = '';
      (await window.sessions[${JSON.stringify(name)}].pc.getStats()).forEach((s) => {
        if (s.type === 'transport') found = s.iceLocalUsernameFragment + ' ' + s.iceState;
      });
      return found;
    })()`,
  );
}

/** The PeerConnection's connection state in the page. */
function pcState(page: Page, name: string): Promise<string> {
  return inPage(page, `window.sessions[${JSON.stringify(name)}].pc.connectionState`);
}

/**
 * Janus sessions right now (Admin API), without the app's shared session (its `VideoRoomService` lists rooms and
 * participants on it, for the room-wide WHEP endpoint and for these tests).
 */
async function sessions(app: AppUnderTest): Promise<number[]> {
  const shared = (await app.app.get(JanusService).sharedSession()).id;
  return (await app.sessions()).filter((s) => s !== shared);
}

/** Nothing of a test outlives it on Janus. */
async function expectNothingLeft(app: AppUnderTest): Promise<void> {
  await expect.poll(() => sessions(app), { timeout: 15_000, interval: 100 }).toEqual([]);
}

/** The feed id of the publisher `display` in the room, once Janus lists it as publishing (its media is up). */
async function feedOf(app: AppUnderTest, display: string): Promise<number> {
  const find = async (): Promise<number | undefined> => {
    const { participants } = await app.app.get(VideoRoomService).listParticipants({ room: ROOM });
    const feed = participants.find((p) => p.display === display && p.publisher);
    return feed === undefined ? undefined : Number(feed.id);
  };
  await expect.poll(find, { timeout: 20_000, interval: 100 }).toBeTypeOf('number');
  return (await find())!;
}

/** The Janus session of the resource at `path`, if it is live (the app's registry). */
function sessionOf(app: AppUnderTest, path: string): number | undefined {
  const id = path.split('/').pop();
  // The registry is the app's; reaching into it keeps the test honest about which Janus session is whose.
  const registry = app.app.get(WhipResources);
  return registry.get(id ?? '')?.session.id;
}

/**
 * Two tabs in `browser`: `publisher` publishes as `display` (WHIP), and once its media is up `viewer` watches the
 * room (room-wide WHEP) until it decodes video. Resolves with the tabs and both resources' paths.
 */
async function publishAndViewRoom(
  browser: TestBrowser,
  app: AppUnderTest,
  pages: Record<string, Page | undefined>,
  display: string,
): Promise<{ publisher: Page; viewer: Page; whip: string; whep: string }> {
  const html = await testPage();
  const publisher = (pages.publisher = await openTestPage(browser, app, html));
  const viewer = (pages.viewer = await openTestPage(browser, app, html));
  const whip = await call(publisher, 'publish', 'pub', `/whip/rooms/${ROOM}?display=${display}`, ROOM_TOKEN);
  await feedOf(app, display); // the room-wide endpoint picks a publisher once its media is up
  const whep = await call(viewer, 'view', 'v', `/whep/rooms/${ROOM}`, ROOM_TOKEN);
  await expectDecoding(viewer, 'window.sessions.v.pc');
  return { publisher, viewer, whip, whep };
}

describe('WHIP/WHEP with whip-whep (WHIPClient/WHEPClient) in headless Chromium against the real app and Janus', () => {
  let app: AppUnderTest;
  let html: string;
  let browser: TestBrowser | undefined;
  const pages: Record<string, Page | undefined> = {};

  beforeAll(async () => {
    html = await testPage();
    app = await startApp({ env: { WHIP_TOKENS: `${ROOM}=${ROOM_TOKEN}` } });
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, pages, browser);
    await browser?.close();
    browser = undefined;
    for (const key of Object.keys(pages)) delete pages[key];
    if (ctx.task.result?.state === 'fail') {
      // Keep the next test clean after a failure: end whatever the failed test left.
      const registry = app.app.get(WhipResources);
      await Promise.all(registry.list().map((r) => registry.close(r.id, 'test cleanup')));
    }
    await expectNothingLeft(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('WHIP publishes; WHEP (by feed and room-wide) and the socket.io VideoRoom page decode it; DELETEs leave nothing', async () => {
    browser = await launchBrowser();
    const publisher = (pages.publisher = await openTestPage(browser, app, html));
    const viewer = (pages.viewer = await openTestPage(browser, app, html));

    // WHIP with a JWT.
    const jwt = await app.token({ sub: 'encoder' });
    const whip = await call(publisher, 'publish', 'pub', `/whip/rooms/${ROOM}?display=whip-encoder`, jwt);
    expect(whip).toMatch(/^\/whip\/resources\/[\w-]+$/);
    await expect.poll(() => pcState(publisher, 'pub'), { timeout: 20_000 }).toBe('connected');
    // The client trickled its candidates with PATCH (If-Match: the ETag), all accepted. The page records a PATCH
    // when its answer arrives, which can be after ICE connected (Janus may pair with a peer-reflexive candidate).
    const patches = (): Promise<Array<{ status: number; body: string }>> => inPage(publisher, 'window.patches');
    await expect
      .poll(async () => (await patches()).some((p) => p.body.includes('a=candidate:')), { timeout: 10_000 })
      .toBe(true);
    expect((await patches()).every((p) => p.status === 204)).toBe(true);

    // The feed is in the room under its display name.
    const feedId = await feedOf(app, 'whip-encoder');

    // WHEP by feed with the room's static token (video offered before audio: the mids differ from Janus's, so
    // the answer leaves out the mid header extension and the browser demuxes by SSRC), room-wide with a JWT.
    const byFeed = await call(viewer, 'view', 'byFeed', `/whep/rooms/${ROOM}/feeds/${feedId}`, ROOM_TOKEN, [
      'video',
      'audio',
    ]);
    const roomWide = await call(viewer, 'view', 'roomWide', `/whep/rooms/${ROOM}`, await app.token({ sub: 'viewer' }));
    expect(byFeed).toMatch(/^\/whep\/resources\//);
    await Promise.all([
      expectDecoding(viewer, 'window.sessions.byFeed.pc'),
      expectDecoding(viewer, 'window.sessions.roomWide.pc'),
    ]);
    for (const pc of ['window.sessions.byFeed.pc', 'window.sessions.roomWide.pc']) {
      await expect.poll(() => audioPackets(viewer, pc), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    }

    // The socket.io VideoRoom demo page in the same room subscribes to the WHIP feed and decodes it too.
    const room = (pages.room = await browser.newPage(
      `${app.url}/videoroom.html?token=${await app.token({ sub: 'web' })}`,
    ));
    await room.fill('#room', String(ROOM));
    await room.fill('#display', 'web');
    await room.click('#join');
    await expect.poll(() => pageStatus(room), { timeout: 20_000, interval: 100 }).toBe('publishing');
    await expectFeedDecoding(room, feedId);

    // One Janus session per resource; the page's socket has its handles (publisher, subscription) on the app's
    // shared session.
    const live = await sessions(app);
    expect(live).toHaveLength(3);
    expect(await app.socketHandles()).toHaveLength(2);
    const byFeedSession = sessionOf(app, byFeed);
    expect(live).toContain(byFeedSession);

    // WHEP DELETE (the client's stop()): that resource's Janus session is gone, the others stay.
    await inPage(viewer, 'window.sessions.byFeed.client.stop()');
    await expect.poll(() => sessions(app), { timeout: 10_000, interval: 100 }).not.toContain(byFeedSession);
    expect(await sessions(app)).toHaveLength(2);
    expect((await fetch(`${app.url}${byFeed}`, { method: 'DELETE' })).status).toBe(404);

    // WHIP DELETE: the publisher leaves the room; the VideoRoom page drops the tile; the room-wide WHEP resource
    // ends with its feed (its Janus session is destroyed): no resource session is left; the page keeps its publisher
    // and its room's (multistream) subscription, now empty.
    await inPage(publisher, 'window.sessions.pub.client.stop()');
    await room.waitForSelector(`[data-feed="${feedId}"]`, { state: 'detached', timeout: 10_000 });
    await expect.poll(() => sessions(app), { timeout: 10_000, interval: 100 }).toHaveLength(0);
    expect(await app.socketHandles()).toHaveLength(2);
    expect(sessionOf(app, roomWide)).toBeUndefined();
    await expect.poll(() => pcState(viewer, 'roomWide'), { timeout: 10_000 }).not.toBe('connected');
  });

  it("ICE restart with the clients' restart(): PATCH If-Match: * gets Janus's new credentials; media keeps flowing", async () => {
    browser = await launchBrowser();
    const publisher = (pages.publisher = await openTestPage(browser, app, html));
    const viewer = (pages.viewer = await openTestPage(browser, app, html));
    const whip = await call(publisher, 'publish', 'pub', `/whip/rooms/${ROOM}?display=restarting`, ROOM_TOKEN);
    const feed = await feedOf(app, 'restarting');
    const whep = await call(viewer, 'view', 'v', `/whep/rooms/${ROOM}/feeds/${feed}`, ROOM_TOKEN);
    await expectDecoding(viewer, 'window.sessions.v.pc');

    for (const [page, name, path] of [
      [publisher, 'pub', whip],
      [viewer, 'v', whep],
    ] as const) {
      const oldUfrag = await localUfrag(page, name);
      await inPage(page, `window.sessions.${name}.client.restart()`);
      // The client's new credentials reached Janus (its remote SDP), and the restart PATCH was answered with 200.
      const newUfrag = await localUfrag(page, name);
      expect(newUfrag).not.toBe(oldUfrag);
      const resource = app.app.get(WhipResources).get(path.split('/').pop()!)!;
      const remote = async (): Promise<string> =>
        (await app.admin.handleInfo(resource.session.id, resource.handle.id)).sdps?.remote ?? '';
      await expect.poll(remote, { timeout: 10_000, interval: 100 }).toContain(`a=ice-ufrag:${newUfrag}`);
      // The browser's transport runs on the new credentials: Janus answered the new connectivity checks.
      await expect
        .poll(() => transportIce(page, name), { timeout: 20_000, interval: 100 })
        .toBe(`${newUfrag} connected`);
      const patches = await inPage<Array<{ url: string; status: number }>>(page, 'window.patches');
      expect(patches.filter((p) => p.url.endsWith(path) && p.status === 200)).toHaveLength(1);
      expect(patches.every((p) => p.status === 200 || p.status === 204)).toBe(true);
    }
    // Connected again after both restarts, and the viewer still decodes new frames.
    await expect.poll(() => pcState(publisher, 'pub'), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => pcState(viewer, 'v'), { timeout: 20_000 }).toBe('connected');
    await expectDecoding(viewer, 'window.sessions.v.pc');
    await inPage(viewer, 'window.sessions.v.client.stop()');
    await inPage(publisher, 'window.sessions.pub.client.stop()');
  });

  it('WHIP EchoTest: the fake camera comes back and is decoded', async () => {
    browser = await launchBrowser();
    const page = (pages.echo = await openTestPage(browser, app, html));
    const path = await call(page, 'echo', 'echo', '/whip/echotest', await app.token());
    expect(path).toMatch(/^\/whip\/resources\//);
    await expectDecoding(page, 'window.sessions.echo.pc');
    expect(await sessions(app)).toHaveLength(1);
    await inPage(page, 'window.sessions.echo.client.stop()');
    await expect.poll(() => sessions(app), { timeout: 10_000, interval: 100 }).toEqual([]);
  });

  it('clients that close their PeerConnection without DELETE leave nothing on Janus (DTLS alert -> hangup)', async () => {
    browser = await launchBrowser();
    const { publisher, viewer, whip, whep } = await publishAndViewRoom(browser, app, pages, 'closing');
    const [publisherSession, viewerSession] = [sessionOf(app, whip), sessionOf(app, whep)];
    expect(new Set(await sessions(app))).toEqual(new Set([publisherSession, viewerSession]));

    // The player closes its PeerConnection and forgets the DELETE.
    await inPage(viewer, 'window.sessions.v.pc.close()');
    await expect.poll(() => sessions(app), { timeout: 10_000, interval: 100 }).toEqual([publisherSession]);
    expect(sessionOf(app, whep)).toBeUndefined();
    expect((await fetch(`${app.url}${whep}`, { method: 'DELETE' })).status).toBe(404);

    // So does the encoder.
    await inPage(publisher, 'window.sessions.pub.pc.close()');
    await expect.poll(() => sessions(app), { timeout: 10_000, interval: 100 }).toEqual([]);
    const { participants } = await app.app.get(VideoRoomService).listParticipants({ room: ROOM });
    expect(participants.find((p) => p.display === 'closing')).toBeUndefined();
  });
});

describe('WHIP/WHEP clients whose tab goes away (no DELETE, no DTLS alert) leave nothing on Janus (full_trickle)', () => {
  let app: AppUnderTest;
  let browser: TestBrowser | undefined;
  const pages: Record<string, Page | undefined> = {};

  beforeAll(async () => {
    // Janus full_trickle here: the answers carry the candidates Janus trickled (collected by the app).
    app = await startApp({
      env: { WHIP_TOKENS: `${ROOM}=${ROOM_TOKEN}`, WHIP_RESOURCE_TIMEOUT_S: '5' },
      janus: { fullTrickle: true },
    });
    // Janus 1.1.2 has no ICE consent freshness: a receive-only peer that vanishes is only noticed when
    // `ice_keepalive_conncheck` makes libnice keep checking the pair (then Janus hangs up with "ICE failed").
    const config = join(app.janus.configDir, 'janus.jcfg');
    writeFileSync(config, readFileSync(config, 'utf8').replace('nat: {', 'nat: {\n\tice_keepalive_conncheck = true'));
    await app.janus.restart();
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, pages, browser);
    await browser?.close();
    browser = undefined;
  });
  afterAll(async () => {
    await app?.close();
  });

  it(
    'a publisher tab that goes away ends WHIP_RESOURCE_TIMEOUT_S after its media stopped; its viewers end with the feed',
    { timeout: 120_000 },
    async () => {
      browser = await launchBrowser();
      const html = await testPage();
      const publisher = (pages.publisher = await openTestPage(browser, app, html));
      const viewer = (pages.viewer = await openTestPage(browser, app, html));
      const whip = await call(publisher, 'publish', 'pub', `/whip/rooms/${ROOM}?display=tab`, ROOM_TOKEN);
      const whep = await call(viewer, 'view', 'v', `/whep/rooms/${ROOM}/feeds/${await feedOf(app, 'tab')}`, ROOM_TOKEN);
      await expectDecoding(viewer, 'window.sessions.v.pc');
      const [publisherSession, viewerSession] = [sessionOf(app, whip), sessionOf(app, whep)];

      // The encoder's tab goes away: Janus stops receiving its media; 5 s later the resource ends.
      const closed = Date.now();
      await publisher.close();
      await expect.poll(() => sessions(app), { timeout: 20_000, interval: 200 }).not.toContain(publisherSession);
      expect(Date.now() - closed).toBeGreaterThanOrEqual(5000);
      // The viewer's resource ends with its feed (Janus's `updated` with no active stream).
      await expect.poll(() => sessions(app), { timeout: 10_000, interval: 200 }).not.toContain(viewerSession);
      expect(await sessions(app)).toEqual([]);
    },
  );

  it('a viewer tab that goes away ends when Janus finds ICE failed', { timeout: 120_000 }, async () => {
    browser = await launchBrowser();
    const { publisher, viewer, whip, whep } = await publishAndViewRoom(browser, app, pages, 'stays');
    const viewerSession = sessionOf(app, whep);

    await viewer.close();
    await expect.poll(() => sessions(app), { timeout: 90_000, interval: 500 }).not.toContain(viewerSession);
    // The publisher is untouched; its DELETE ends it.
    expect(await sessions(app)).toEqual([sessionOf(app, whip)]);
    await inPage(publisher, 'window.sessions.pub.client.stop()');
    await expect.poll(() => sessions(app), { timeout: 10_000, interval: 100 }).toEqual([]);
  });
});
