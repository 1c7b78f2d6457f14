import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handleKindsBySocket, startApp, type AppUnderTest } from '../support/app-harness.js';
import { inPage, launchBrowser, pageStatus, recordFailure, type TestBrowser } from '../support/browser.js';
import { expectFeedDecoding, feedFramesDecoded, joinAndPublish, SUBSCRIBER_PC } from '../support/videoroom-page.js';

const ROOM = 1234; // the demo room of the harness's Janus config

/** Before any page script: every RTCPeerConnection the page creates is kept in `window.createdPeerConnections`. */
const COUNT_PEER_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  const created = (window.createdPeerConnections = []);
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      created.push(this);
    }
  };
})();`;

/** The PeerConnections a page created that are not closed: its publisher's and the others. */
function peerConnections(page: Page): Promise<{ open: number; subscribers: number; isTheSubscriber: boolean }> {
  return inPage(
    page,
    `(() => {
      const open = window.createdPeerConnections.filter((pc) => pc.connectionState !== 'closed');
      const subscribers = open.filter((pc) => pc !== window.demo.publisher);
      const isTheSubscriber = subscribers.length === 1 && subscribers[0] === ${SUBSCRIBER_PC};
      return { open: open.length, subscribers: subscribers.length, isTheSubscriber };
    })()`,
  );
}

/** The inbound video streams of the page's subscriber PeerConnection that decoded frames: their track ids. */
function decodingTracks(page: Page): Promise<string[]> {
  return inPage(
    page,
    `(async () => {
      const ids = [];
      (await ${SUBSCRIBER_PC}.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) ids.push(s.trackIdentifier);
      });
      return ids.sort();
    })()`,
  );
}

describe('VideoRoom page, multistream: three tabs in room 1234, each receives the others over one PeerConnection', () => {
  let app: AppUnderTest;
  let browser: TestBrowser | undefined;
  const pages: Record<string, Page | undefined> = {};

  /** The VideoRoom plugin's kind of each socket's handles (Admin API), e.g. `publisher,subscriber`. */
  const handleKinds = (): Promise<string[]> => handleKindsBySocket(app.admin);

  beforeAll(async () => {
    app = await startApp({ env: { AUTH_REQUIRED: 'false' }, janus: { fullTrickle: true } });
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, pages, browser);
    await browser?.close();
    browser = undefined;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('each decodes the two others on its single subscriber PeerConnection; one leaves: its streams leave the others', async () => {
    browser = await launchBrowser();
    await browser.context.addInitScript({ content: COUNT_PEER_CONNECTIONS });
    const alice = (pages.alice = await browser.newPage(`${app.url}/videoroom.html`));
    const bob = (pages.bob = await browser.newPage(`${app.url}/videoroom.html`));
    const carol = (pages.carol = await browser.newPage(`${app.url}/videoroom.html`));

    // One after the other: Alice's subscription starts with Bob (feed-list) and grows with Carol (a renegotiation
    // of the same PeerConnection); Carol's starts with both (joined.publishers).
    const aliceFeed = await joinAndPublish(alice, ROOM, 'alice');
    const bobFeed = await joinAndPublish(bob, ROOM, 'bob');
    const carolFeed = await joinAndPublish(carol, ROOM, 'carol');
    const others = new Map<Page, number[]>([
      [alice, [bobFeed, carolFeed]],
      [bob, [aliceFeed, carolFeed]],
      [carol, [aliceFeed, bobFeed]],
    ]);
    await Promise.all([...others].flatMap(([page, feeds]) => feeds.map((feed) => expectFeedDecoding(page, feed))));
    for (const [page, feeds] of others) {
      // Exactly one subscriber PeerConnection (besides the publisher's), and it is where both remote videos decode,
      // each its own inbound stream.
      expect(await peerConnections(page)).toEqual({ open: 2, subscribers: 1, isTheSubscriber: true });
      expect(await decodingTracks(page)).toHaveLength(2);
      expect(await inPage(page, `${SUBSCRIBER_PC}.getTransceivers().length`)).toBe(4); // audio + video of each
      for (const feed of feeds) expect(await page.locator(`[data-feed="${feed}"]`).count()).toBe(1);
    }
    expect(await alice.textContent(`[data-feed="${carolFeed}"]`)).toContain('carol');
    // Janus: each socket's session holds one publisher handle and one subscriber handle.
    expect(await handleKinds()).toEqual(['publisher,subscriber', 'publisher,subscriber', 'publisher,subscriber']);
    // Every candidate Janus trickled was added.
    for (const page of others.keys()) expect(await page.textContent('#log')).not.toContain('candidate:');

    // Keep, on Alice's and Bob's pages, their subscriber PeerConnection and the transceivers of Carol's streams.
    for (const page of [alice, bob]) {
      await inPage(
        page,
        `(window.subscriberBefore = ${SUBSCRIBER_PC}),
         (window.carolTransceivers = ${SUBSCRIBER_PC}.getTransceivers().filter((t) =>
           window.demo.subscribers.get(${carolFeed}).mids.has(t.mid))),
         true`,
      );
      expect(await inPage(page, 'window.carolTransceivers.length')).toBe(2);
    }

    await carol.click('#leave');
    await expect.poll(() => pageStatus(carol), { timeout: 10_000 }).toBe('left');
    for (const [page, remaining] of [
      [alice, bobFeed],
      [bob, aliceFeed],
    ] as const) {
      // Carol's tile goes, her m-lines stop receiving, on the same PeerConnection; the other feed keeps decoding.
      await page.waitForSelector(`[data-feed="${carolFeed}"]`, { state: 'detached', timeout: 10_000 });
      await expect
        .poll(() => inPage(page, `window.carolTransceivers.map((t) => t.currentDirection)`), { timeout: 10_000 })
        .toEqual([expect.stringMatching(/^(inactive|stopped)$/), expect.stringMatching(/^(inactive|stopped)$/)]);
      expect(await feedFramesDecoded(page, carolFeed)).toBe(-1);
      expect(await inPage(page, `${SUBSCRIBER_PC} === window.subscriberBefore`)).toBe(true);
      await expectFeedDecoding(page, remaining);
      expect(await peerConnections(page)).toEqual({ open: 2, subscribers: 1, isTheSubscriber: true });
      expect((await page.textContent('#log'))?.split(`no longer receiving feed ${carolFeed}`)).toHaveLength(2);
    }
    // Carol's page let go of everything; her socket's session stays, without handles.
    expect(await inPage(carol, 'window.demo.liveCaptureTracks')).toBe(0);
    expect(await inPage(carol, 'window.demo.subscriber')).toBeUndefined();
    expect(await peerConnections(carol)).toEqual({ open: 0, subscribers: 0, isTheSubscriber: false });
    await expect
      .poll(() => handleKinds(), { timeout: 10_000, interval: 100 })
      .toEqual(['publisher,subscriber', 'publisher,subscriber']);

    await browser.close();
    await expect.poll(() => app.socketHandles(), { timeout: 10_000, interval: 100 }).toEqual([]);
  });
});
