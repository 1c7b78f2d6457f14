import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppUnderTest } from '../support/app-harness.js';
import { inPage, launchBrowser, pageStatus, recordFailure, type TestBrowser } from '../support/browser.js';
import { feedFramesDecoded, handlesPerSocket, publishBothAndDecode, SUBSCRIBER_PC } from '../support/videoroom-page.js';

const ROOM = 1234; // the demo room of the harness's Janus config

describe('VideoRoom page in headless Chromium: two participants in room 1234 (demo mode, Janus full_trickle)', () => {
  let app: AppUnderTest;
  let browser: TestBrowser | undefined;
  let alice: Page | undefined;
  let bob: Page | undefined;

  beforeAll(async () => {
    // full_trickle: Janus trickles its candidates for every handle, relayed by the gateway with their `feed`.
    app = await startApp({ env: { AUTH_REQUIRED: 'false' }, janus: { fullTrickle: true } });
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, { alice, bob }, browser);
    await browser?.close();
    browser = undefined;
    alice = bob = undefined;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('each decodes the other; Leave: the other gets leaving, drops the tile and stops receiving; no handle left', async () => {
    browser = await launchBrowser();
    alice = await browser.newPage(`${app.url}/videoroom.html`);
    bob = await browser.newPage(`${app.url}/videoroom.html`);

    // Alice publishes first; Bob finds her in `joined.publishers`, she finds him through `feed-list`.
    const { bobFeed } = await publishBothAndDecode(alice, bob, ROOM);
    // Each socket: one session with its publisher handle and one subscriber handle.
    expect(await handlesPerSocket(app)).toEqual([2, 2]);
    // Every candidate Janus trickled, publisher's or subscriber's, was added.
    expect(await alice.textContent('#log')).not.toContain('candidate:');
    expect(await bob.textContent('#log')).not.toContain('candidate:');

    // Keep the transceivers of Bob's streams on Alice's subscriber PeerConnection, to look at them once Bob left.
    await inPage(
      alice,
      `window.bobTransceivers = ${SUBSCRIBER_PC}.getTransceivers().filter((t) => window.demo.subscribers.get(${bobFeed}).mids.has(t.mid)), true`,
    );
    expect(await inPage(alice, 'window.bobTransceivers.length')).toBe(2);

    await bob.click('#leave');
    await expect.poll(() => pageStatus(bob!), { timeout: 10_000 }).toBe('left');
    // Alice is told (`leaving`): Bob's tile and subscription are gone, the PeerConnection closed.
    await alice.waitForSelector(`[data-feed="${bobFeed}"]`, { state: 'detached', timeout: 10_000 });
    await expect.poll(() => alice!.textContent('#log'), { timeout: 5000 }).toContain(`leaving: feed ${bobFeed}`);
    // One departure, one line (Janus announces it as unpublished and leaving).
    expect((await alice.textContent('#log'))?.split(`no longer receiving feed ${bobFeed}`)).toHaveLength(2);
    // Bob's page let go of his camera and microphone.
    expect(await inPage(bob, 'window.demo.liveCaptureTracks')).toBe(0);
    expect(await inPage(alice, `window.demo.subscribers.has(${bobFeed})`)).toBe(false);
    // Janus took Bob's streams out of Alice's subscription (its own new offer, answered by the page): their
    // m-lines no longer receive; her subscriber PeerConnection itself stays up for the next publisher.
    await expect
      .poll(() => inPage(alice!, `window.bobTransceivers.map((t) => t.currentDirection)`), { timeout: 10_000 })
      .toEqual([expect.stringMatching(/^(inactive|stopped)$/), expect.stringMatching(/^(inactive|stopped)$/)]);
    expect(await feedFramesDecoded(alice, bobFeed)).toBe(-1);
    expect(await inPage(alice, `${SUBSCRIBER_PC}.connectionState`)).toBe('connected');
    // Bob let go of Alice's feed as well; Alice still publishes.
    expect(await bob.locator('[data-feed]').count()).toBe(0);
    expect(await pageStatus(alice)).toBe('publishing');
    expect(await inPage(bob, 'window.demo.publisher')).toBeUndefined();
    expect(await inPage(bob, 'window.demo.subscriber')).toBeUndefined();
    // Janus: Alice keeps her publisher handle and her (now idle) subscriber handle; Bob's socket has none left.
    await expect.poll(() => handlesPerSocket(app), { timeout: 10_000, interval: 100 }).toEqual([2]);

    await browser.close();
    await expect.poll(() => app.socketHandles(), { timeout: 10_000, interval: 100 }).toEqual([]);
  });
});
