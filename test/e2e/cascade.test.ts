import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JanusPool, type PoolServer } from '../../src/janus/index.js';
import { VideoRoomCascade } from '../../src/videoroom/videoroom-cascade.service.js';
import { startJanus, type JanusInstance } from '../../tools/janus-harness/index.js';
import { request, socketHandleInfosOf, startApp, type AppUnderTest } from '../support/app-harness.js';
import {
  framesDecoded,
  inPage,
  launchBrowser,
  pageStatus,
  recordFailure,
  type TestBrowser,
} from '../support/browser.js';
import { joinAndPublish, publishBothAndDecode } from '../support/videoroom-page.js';

const ROOM = 1234; // configured in both Janus (the harness's demo room)
const SECRET = 'cascade-room-secret';

/** The viewer page's PeerConnection (made by {@link answerIn}). */
const VIEWER_PC = 'window.viewer';

/**
 * Answers Janus's subscriber `offer` in `page` with a new PeerConnection (`window.viewer`), once its candidates are
 * gathered: they travel in the answer's SDP (Janus reads them there), so the page needs no signaling of its own.
 */
function answerIn(page: Page, offer: string): Promise<string> {
  return inPage(
    page,
    `(async () => {
      const pc = new RTCPeerConnection();
      window.viewer = pc;
      await pc.setRemoteDescription({ type: 'offer', sdp: ${JSON.stringify(offer)} });
      await pc.setLocalDescription(await pc.createAnswer());
      if (pc.iceGatheringState !== 'complete') {
        await new Promise((resolve) => pc.addEventListener('icegatheringstatechange', () => {
          if (pc.iceGatheringState === 'complete') resolve();
        }));
      }
      return pc.localDescription.sdp;
    })()`,
  );
}

/**
 * VideoRoom rooms cascaded across a pool of two Janus (`JANUS_POOL`, `VIDEOROOM_CASCADE_SUBSCRIBERS=0`: every
 * subscriber goes to the server that is not the room's): a Chromium publisher on the room's server, a subscriber
 * that Chromium decodes on the other one, fed by a VideoRoom remote publisher.
 */
describe('a VideoRoom room cascaded across two Janus servers (headless Chromium)', () => {
  let janus: JanusInstance[] = [];
  let app: AppUnderTest | undefined;
  let browser: TestBrowser | undefined;
  let alice: Page | undefined;
  let viewerPage: Page | undefined;

  beforeAll(async () => {
    const shared = { apiSecret: 'cascade-api', adminSecret: 'cascade-admin', videoRoomSecret: SECRET };
    janus = await Promise.all([startJanus(shared), startJanus(shared)]);
    app = await startApp({
      sharedJanus: janus[0],
      env: {
        AUTH_REQUIRED: 'false',
        JANUS_URL: '',
        JANUS_ADMIN_URL: '',
        JANUS_POOL: janus.map((j) => `${j.wsUrl}|${j.adminUrl}`).join(','),
        VIDEOROOM_CASCADE_SUBSCRIBERS: '0',
      },
    });
    await Promise.all(app.app.get(JanusPool).servers.map((s) => s.janus.ready));
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, { alice, viewer: viewerPage }, browser);
    await browser?.close();
    browser = undefined;
    alice = viewerPage = undefined;
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all(janus.map((j) => j.stop()));
  });

  it('the subscriber on the other server decodes; the relay ends when the subscriber goes and when the publisher leaves', async () => {
    const pool = app!.app.get(JanusPool);
    browser = await launchBrowser();
    alice = await browser.newPage(`${app!.url}/videoroom.html`);
    viewerPage = await browser.newPage(`${app!.url}/`);

    const aliceFeed = await joinAndPublish(alice, ROOM, 'alice');
    const origin = await pool.serverForRoom('videoroom', ROOM);
    const edge = pool.servers.find((s) => s !== origin)!;

    // The viewer's socket joins the room (it learns alice's streams), then subscribes to her feed: on the edge.
    const viewer: Socket = await app!.connect('/videoroom');
    expect((await request(viewer, 'join', { room: ROOM, display: 'viewer' })).ok).toBe(true);

    /** Subscribes the viewer to alice and has the page answer; resolves once the page decodes her video. */
    async function watchAlice(): Promise<void> {
      expect(await watch(viewer, aliceFeed)).toMatchObject({ feed: aliceFeed, display: 'alice' });
      const before = await framesDecoded(viewerPage!, VIEWER_PC);
      await expect.poll(() => framesDecoded(viewerPage!, VIEWER_PC), { timeout: 10_000 }).toBeGreaterThan(before);
    }

    await watchAlice();
    // The edge has alice as a remote publisher, the origin relays her there; the subscriber handle is the edge's.
    expect(await remotePublishers(edge)).toEqual(['alice']);
    expect(await relaysOf(origin, aliceFeed)).toBe(1);
    expect(await viewerHandlesOn(edge)).toBe(1);

    // The subscriber leaves: it was the relay's last one, the relay goes.
    expect((await request(viewer, 'leave', { feed: aliceFeed })).ok).toBe(true);
    await expect.poll(() => remotePublishers(edge), { timeout: 5000, interval: 100 }).toEqual([]);
    expect(await relaysOf(origin, aliceFeed)).toBe(0);

    // Again, then the publisher leaves: the relay goes with her.
    await inPage(viewerPage, `${VIEWER_PC}.close()`);
    await watchAlice();
    expect(await remotePublishers(edge)).toEqual(['alice']);
    await alice.click('#leave');
    await expect.poll(() => remotePublishers(edge), { timeout: 5000, interval: 100 }).toEqual([]);
    await expect.poll(() => viewerHandlesOn(edge), { timeout: 5000, interval: 100 }).toBe(0);
    viewer.disconnect();
  }, 90_000);

  it("the demo page's multistream subscriptions on the other server: two tabs decode each other through relays", async () => {
    const pool = app!.app.get(JanusPool);
    browser = await launchBrowser();
    alice = await browser.newPage(`${app!.url}/videoroom.html`);
    const bob = await browser.newPage(`${app!.url}/videoroom.html`);
    viewerPage = bob;

    // Each page's one subscriber PeerConnection is on the edge, and the pages see the room's feed ids.
    await publishBothAndDecode(alice, bob, ROOM);
    const origin = await pool.serverForRoom('videoroom', ROOM);
    const edge = pool.servers.find((s) => s !== origin)!;
    expect((await remotePublishers(edge)).sort()).toEqual(['alice', 'bob']);
    expect(await viewerHandlesOn(edge)).toBe(2);
    expect(await viewerHandlesOn(origin)).toBe(0);

    // Bob leaves: his feed's relay goes with him, and alice's (his subscription was its only one).
    await bob.click('#leave');
    await expect.poll(() => remotePublishers(edge), { timeout: 5000, interval: 100 }).toEqual([]);
    await expect.poll(() => viewerHandlesOn(edge), { timeout: 5000, interval: 100 }).toBe(1);
    expect(await pageStatus(alice)).toBe('publishing');
  }, 90_000);

  it('a classic subscriber on the other server switches to another feed, and decodes it', async () => {
    browser = await launchBrowser();
    alice = await browser.newPage(`${app!.url}/videoroom.html`);
    const bob = await browser.newPage(`${app!.url}/videoroom.html`);
    viewerPage = await browser.newPage(`${app!.url}/`);
    const aliceFeed = await joinAndPublish(alice, ROOM, 'alice');
    const bobFeed = await joinAndPublish(bob, ROOM, 'bob');

    const viewer: Socket = await app!.connect('/videoroom');
    expect((await request(viewer, 'join', { room: ROOM, display: 'viewer' })).ok).toBe(true);
    await watch(viewer, aliceFeed);

    // Alice's relay to the edge serves the viewer, and bob's page (its demo page subscribes to the other tabs).
    const cascade = app!.app.get(VideoRoomCascade);
    const usersOf = (feed: number): number => cascade.list().find((f) => f.feed === feed)?.subscribers ?? 0;
    const aliceUsers = usersOf(aliceFeed);
    expect(aliceUsers).toBeGreaterThan(0);

    // The switch names the room's feeds; on the edge they are other ids, which the browser never sees.
    const switched = await request(viewer, 'switch', { from_feed: aliceFeed, to_feed: bobFeed });
    expect({ error: switched.error, data: switched.data }).toMatchObject({
      error: undefined,
      data: { from_feed: aliceFeed, to_feed: bobFeed, room: ROOM, display: 'bob' },
    });
    const before = await framesDecoded(viewerPage, VIEWER_PC);
    await expect.poll(() => framesDecoded(viewerPage!, VIEWER_PC), { timeout: 10_000 }).toBeGreaterThan(before);
    // The viewer no longer receives alice: it lets go of her relay (which bob's page still uses).
    expect(usersOf(aliceFeed)).toBe(aliceUsers - 1);
    // The subscription is now bob's: leaving it names his feed.
    expect((await request(viewer, 'leave', { feed: bobFeed })).ok).toBe(true);
    viewer.disconnect();
  }, 90_000);

  it('a multistream subscriber on the other server that unsubscribes from a feed lets go of its relay', async () => {
    browser = await launchBrowser();
    alice = await browser.newPage(`${app!.url}/videoroom.html`);
    viewerPage = await browser.newPage(`${app!.url}/`);
    const aliceFeed = await joinAndPublish(alice, ROOM, 'alice');
    const cascade = app!.app.get(VideoRoomCascade);
    const usersOf = (feed: number): number => cascade.list().find((f) => f.feed === feed)?.subscribers ?? 0;

    const viewer: Socket = await app!.connect('/videoroom');
    expect((await request(viewer, 'join', { room: ROOM, display: 'viewer' })).ok).toBe(true);
    const subscribed = await request<{ jsep: { sdp: string } }>(viewer, 'subscribe', {
      room: ROOM,
      streams: [{ feed: aliceFeed }],
    });
    expect(subscribed.error).toBeUndefined();
    const answer = await answerIn(viewerPage, subscribed.data.jsep.sdp);
    expect((await request(viewer, 'start', { room: ROOM, jsep: { type: 'answer', sdp: answer } })).ok).toBe(true);
    await expect
      .poll(() => framesDecoded(viewerPage!, VIEWER_PC), { timeout: 20_000, interval: 100 })
      .toBeGreaterThan(0);
    expect(usersOf(aliceFeed)).toBe(1);

    // Janus's answer lists no active stream of alice's any more: her relay to the edge goes.
    const unsubscribed = await request(viewer, 'unsubscribe', { room: ROOM, streams: [{ feed: aliceFeed }] });
    expect(unsubscribed.error).toBeUndefined();
    expect(usersOf(aliceFeed)).toBe(0);
    viewer.disconnect();
  }, 90_000);

  /**
   * Subscribes `viewer` to `feed` (a classic subscription) and has the viewer page answer Janus's offer; resolves with
   * the subscription's reply data once the page decodes video.
   */
  async function watch(viewer: Socket, feed: number): Promise<{ feed: number; display: string }> {
    const subscribed = await request<{ feed: number; display: string; jsep: { sdp: string } }>(viewer, 'subscribe', {
      room: ROOM,
      feed,
    });
    expect(subscribed.error).toBeUndefined();
    const answer = await answerIn(viewerPage!, subscribed.data.jsep.sdp);
    expect((await request(viewer, 'start', { room: ROOM, feed, jsep: { type: 'answer', sdp: answer } })).ok).toBe(true);
    await expect
      .poll(() => framesDecoded(viewerPage!, VIEWER_PC), { timeout: 20_000, interval: 100 })
      .toBeGreaterThan(0);
    return subscribed.data;
  }

  /** The displays of the remote publishers in the room on `server`. */
  async function remotePublishers(server: PoolServer): Promise<string[]> {
    const { participants } = await server.videoRoom.listParticipants({ room: ROOM });
    return participants.filter((p) => p.publisher).map((p) => p.display ?? '');
  }

  /** How many relays of `feed` the room's server runs (0 once the publisher is gone). */
  async function relaysOf(server: PoolServer, feed: number): Promise<number> {
    try {
      return (await server.videoRoom.listRemotes({ room: ROOM, publisher_id: feed, secret: SECRET })).list.length;
    } catch {
      return 0;
    }
  }

  /** The subscriber handles sockets hold on `server` (Admin API). */
  async function viewerHandlesOn(server: PoolServer): Promise<number> {
    const infos = await socketHandleInfosOf(server.janus.admin!);
    return infos.filter((info) => info.plugin_specific?.type === 'subscriber').length;
  }
});
