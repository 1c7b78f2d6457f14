import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startJanus, type JanusInstance } from '../../tools/janus-harness/index.js';
import { startApp, type AppUnderTest } from '../support/app-harness.js';
import { launchBrowser, pageStatus, recordFailure, type TestBrowser } from '../support/browser.js';
import { startRedis, type RedisInstance } from '../../tools/redis-harness/index.js';
import { feedFramesDecoded, handlesPerSocket, publishBothAndDecode } from '../support/videoroom-page.js';

const ROOM = 1234; // the demo room of the harness's Janus config

describe('VideoRoom page in headless Chromium: two tabs on two app instances (REDIS_URL) in room 1234 (Janus full_trickle)', () => {
  let redis: RedisInstance | undefined;
  let janus: JanusInstance | undefined;
  let a: AppUnderTest | undefined;
  let b: AppUnderTest | undefined;
  let browser: TestBrowser | undefined;
  let alice: Page | undefined;
  let bob: Page | undefined;

  beforeAll(async () => {
    // One Janus and one Redis; both instances on them (demo mode, as test/e2e/videoroom.test.ts).
    [redis, janus] = await Promise.all([
      startRedis(),
      startJanus({ fullTrickle: true, textRoomAdminKey: 'textroom-e2e-scale-out-key' }),
    ]);
    const env = { AUTH_REQUIRED: 'false', REDIS_URL: redis.url };
    [a, b] = await Promise.all([startApp({ sharedJanus: janus, env }), startApp({ sharedJanus: janus, env })]);
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, { alice, bob }, browser);
    await browser?.close();
    browser = undefined;
    alice = bob = undefined;
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all([janus?.stop(), redis?.stop()]);
  });

  it('each decodes the other across instances; Leave: the other gets leaving and drops the tile; no handle left', async () => {
    const [appA, appB] = [a!, b!];
    expect(appA.url).not.toBe(appB.url);
    browser = await launchBrowser();
    alice = await browser.newPage(`${appA.url}/videoroom.html`);
    bob = await browser.newPage(`${appB.url}/videoroom.html`);

    // Alice (instance A) publishes first; Bob (instance B) finds her in `joined.publishers`, she finds him through
    // `feed-list`, which her handle hears from Janus and instance A relays.
    const { bobFeed } = await publishBothAndDecode(alice, bob, ROOM);
    // Each socket, one per instance: its publisher handle and one subscriber handle. Both instances read one Janus.
    expect(await handlesPerSocket(appA)).toEqual([2, 2]);
    expect(await appB.socketHandles()).toEqual(await appA.socketHandles());
    // Every candidate Janus trickled was added.
    expect(await alice.textContent('#log')).not.toContain('candidate:');
    expect(await bob.textContent('#log')).not.toContain('candidate:');

    await bob.click('#leave');
    await expect.poll(() => pageStatus(bob!), { timeout: 10_000 }).toBe('left');
    // Alice, on the other instance, is told (`leaving`): Bob's tile and subscription are gone.
    await alice.waitForSelector(`[data-feed="${bobFeed}"]`, { state: 'detached', timeout: 10_000 });
    await expect.poll(() => alice!.textContent('#log'), { timeout: 5000 }).toContain(`leaving: feed ${bobFeed}`);
    expect(await feedFramesDecoded(alice, bobFeed)).toBe(-1);
    expect(await bob.locator('[data-feed]').count()).toBe(0);
    expect(await pageStatus(alice)).toBe('publishing');
    // Alice keeps her publisher handle and her (now idle) subscriber handle; Bob's socket has none left.
    await expect.poll(() => handlesPerSocket(appB), { timeout: 10_000, interval: 100 }).toEqual([2]);

    await browser.close();
    await expect.poll(() => appA.socketHandles(), { timeout: 10_000, interval: 100 }).toEqual([]);
    expect(await appB.socketHandles()).toEqual([]);
  });
});
