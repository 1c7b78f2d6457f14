import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StartJanusOptions } from '../../tools/janus-harness/index.js';
import { startApp, type AppUnderTest } from '../support/app-harness.js';
import {
  framesDecoded,
  inPage,
  launchBrowser,
  ownAddresses,
  pageStatus,
  recordFailure,
  selectedPair,
  type TestBrowser,
} from '../support/browser.js';

const REMOTE_PC = 'window.demo.pc';

/** Clicks Start and checks the echo: `webrtcup`, then video frames decoded from Janus, and more of them over time. */
async function expectEcho(page: Page): Promise<void> {
  await page.click('#start');
  await expect.poll(() => pageStatus(page), { timeout: 20_000, interval: 100 }).toBe('webrtcup');
  await expect.poll(() => framesDecoded(page, REMOTE_PC), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
  const before = await framesDecoded(page, REMOTE_PC);
  await expect.poll(() => framesDecoded(page, REMOTE_PC), { timeout: 10_000, interval: 100 }).toBeGreaterThan(before);
}

/** Polls the Admin API until no socket has a handle left on Janus. */
async function expectNoHandlesLeft(app: AppUnderTest): Promise<void> {
  await expect.poll(() => app.socketHandles(), { timeout: 10_000, interval: 100 }).toEqual([]);
}

/** The app (with its own Janus) for a describe block, and the browser of the running test. */
function echoTestSuite(
  authRequired: boolean,
  janus: StartJanusOptions = {},
): {
  app: () => AppUnderTest;
  open: (query?: string) => Promise<{ browser: TestBrowser; page: Page }>;
} {
  let app: AppUnderTest | undefined;
  let browser: TestBrowser | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    app = await startApp({ env: { AUTH_REQUIRED: String(authRequired) }, janus });
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, { echotest: page }, browser);
    await browser?.close();
    browser = undefined;
    page = undefined;
  });
  afterAll(async () => {
    await app?.close();
  });

  return {
    app: () => app!,
    async open(query = '') {
      browser = await launchBrowser();
      page = await browser.newPage(`${app!.url}/echotest.html${query}`);
      return { browser, page };
    },
  };
}

describe('EchoTest page in headless Chromium: demo mode (AUTH_REQUIRED=false), no token; Janus full_trickle', () => {
  // full_trickle: Janus trickles its candidates (through the gateway) instead of putting them in its answer.
  const suite = echoTestSuite(false, { fullTrickle: true });

  it('Start: webrtcup and the echo decodes; Hang up, Start again: echoes again; no handle left once closed', async () => {
    const app = suite.app();
    const { browser, page } = await suite.open();
    await expectEcho(page);
    expect(await app.socketHandles()).toHaveLength(1);

    // People read words, not Janus's event names.
    expect(await page.textContent('#status')).toBe('connected: media is flowing');

    await page.click('#hangup');
    await expect.poll(() => pageStatus(page), { timeout: 10_000 }).toBe('idle');
    expect(await framesDecoded(page, REMOTE_PC)).toBe(-1); // the page has let go of its PeerConnection
    expect(await inPage(page, 'window.demo.liveCaptureTracks')).toBe(0); // and of the camera and microphone
    await expectEcho(page);
    await page.click('#hangup');
    await expect.poll(() => pageStatus(page), { timeout: 10_000 }).toBe('idle');
    await expectEcho(page);
    // Three Starts, one capture live at a time.
    expect(await inPage(page, 'window.demo.liveCaptureTracks')).toBe(2);
    expect(await app.socketHandles()).toHaveLength(1); // the same socket: one handle at a time

    // Media flows between this machine's own non-loopback addresses (Janus skips loopback), host to host.
    const pair = await selectedPair(page, REMOTE_PC);
    expect(ownAddresses()).toContain(pair?.remote.address);
    expect(ownAddresses()).toContain(pair?.local.address);
    expect(pair).toMatchObject({ local: { candidateType: 'host' }, remote: { candidateType: 'host' } });
    // Every candidate Janus trickled was added (none came too early for the page, none was added twice).
    expect(await page.textContent('#log')).not.toContain('candidate:');

    await browser.close();
    await expectNoHandlesLeft(app);
  });
});

describe('EchoTest page in headless Chromium: auth required', () => {
  const suite = echoTestSuite(true);

  it('without a token the page is refused (unauthorized) and no Janus session is created', async () => {
    const { page } = await suite.open();
    await page.click('#start');
    await expect.poll(() => pageStatus(page), { timeout: 10_000 }).toBe('failed');
    expect(await page.textContent('#errors')).toBe('cannot connect: unauthorized');
    // Logged once (the refusal and the failed Start are one error).
    expect((await page.textContent('#log'))?.match(/cannot connect/g)).toHaveLength(1);
    expect(await page.isEnabled('#start')).toBe(true);
    expect(await suite.app().socketHandles()).toEqual([]);
  });

  it('with ?token=<JWT>: webrtcup and the echo decodes; no handle left once the page is gone', async () => {
    const app = suite.app();
    const { browser, page } = await suite.open(`?token=${await app.token({ sub: 'e2e-echo' })}`);
    await expectEcho(page);
    expect(await app.socketHandles()).toHaveLength(1);

    await browser.close();
    await expectNoHandlesLeft(app);
  });
});
