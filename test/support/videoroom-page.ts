import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppUnderTest } from './app-harness.js';
import { framesDecoded, inPage, pageStatus } from './browser.js';

/**
 * The expression for the demo page's one subscriber PeerConnection: every remote feed of the room comes over it
 * (the multistream VideoRoom).
 */
export const SUBSCRIBER_PC = 'window.demo.subscriber';

/**
 * Joins the VideoRoom demo page to `room` as `display` and waits until it publishes (its own `webrtcup`); returns
 * its feed id.
 */
export async function joinAndPublish(page: Page, room: number, display: string): Promise<number> {
  await page.fill('#room', String(room));
  await page.fill('#display', display);
  await page.click('#join');
  await expect.poll(() => pageStatus(page), { timeout: 20_000, interval: 100 }).toBe('publishing');
  const feed = await inPage<number | undefined>(page, 'window.demo.feed');
  expect(feed).toBeTypeOf('number');
  return feed!;
}

/** The PeerConnection `pcExpr` evaluates to in the page decodes video: frames > 0 first, then more of them. */
export async function expectDecoding(page: Page, pcExpr: string): Promise<void> {
  await expect.poll(() => framesDecoded(page, pcExpr), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
  const before = await framesDecoded(page, pcExpr);
  await expect.poll(() => framesDecoded(page, pcExpr), { timeout: 10_000, interval: 100 }).toBeGreaterThan(before);
}

/**
 * The video frames the demo page's subscriber PeerConnection decoded so far from remote `feed`: the sum of
 * `framesDecoded` of the inbound video streams received on the subscription's m-lines of that feed (matched by the
 * receivers' track ids). 0 before the first frames; -1 when the page has no subscriber PeerConnection (or a closed
 * one) or no m-line of that feed.
 */
export function feedFramesDecoded(page: Page, feed: number): Promise<number> {
  return inPage(
    page,
    `(async () => {
      const pc = ${SUBSCRIBER_PC};
      const mids = window.demo.subscribers.get(${feed})?.mids;
      if (!pc || pc.connectionState === 'closed' || !mids || mids.size === 0) return -1;
      const tracks = new Set(
        pc.getTransceivers().filter((t) => mids.has(t.mid) && t.receiver.track.kind === 'video').map((t) => t.receiver.track.id),
      );
      let frames = 0;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && tracks.has(s.trackIdentifier)) frames += s.framesDecoded ?? 0;
      });
      return frames;
    })()`,
  );
}

/** The demo page decodes remote `feed` over its subscriber PeerConnection: frames > 0 first, then more of them. */
export async function expectFeedDecoding(page: Page, feed: number): Promise<void> {
  await expect.poll(() => feedFramesDecoded(page, feed), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
  const before = await feedFramesDecoded(page, feed);
  await expect.poll(() => feedFramesDecoded(page, feed), { timeout: 10_000, interval: 100 }).toBeGreaterThan(before);
}

/**
 * Alice's page, then Bob's, join `room` and publish; resolves once each decodes the other over its subscriber
 * PeerConnection and shows the other's tile under the other's name. Resolves with their feed ids.
 */
export async function publishBothAndDecode(
  alice: Page,
  bob: Page,
  room: number,
): Promise<{ aliceFeed: number; bobFeed: number }> {
  const aliceFeed = await joinAndPublish(alice, room, 'alice');
  const bobFeed = await joinAndPublish(bob, room, 'bob');
  await Promise.all([expectFeedDecoding(alice, bobFeed), expectFeedDecoding(bob, aliceFeed)]);
  expect(await alice.textContent(`[data-feed="${bobFeed}"]`)).toContain('bob');
  expect(await bob.textContent(`[data-feed="${aliceFeed}"]`)).toContain('alice');
  return { aliceFeed, bobFeed };
}

/** Handles per socket right now (Admin API, over every session of the app's Janus), sorted; sockets without any left out. */
export async function handlesPerSocket(app: AppUnderTest): Promise<number[]> {
  const counts = new Map<string, number>();
  for (const owner of await app.socketHandles()) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  return [...counts.values()].sort((x, y) => x - y);
}
