import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { framesDecoded, inPage, pageStatus } from './browser.js';

/** The expression for the demo page's subscriber PeerConnection of a remote `feed`. */
export const subscriberPc = (feed: number): string => `window.demo.subscribers.get(${feed})?.pc`;

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
