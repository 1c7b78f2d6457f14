import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRtpTestSource, TEST_SOURCE_PT, type RtpTestSource } from '../../tools/rtp-test-source.js';
import { startApp, type AppUnderTest } from '../support/app-harness.js';
import {
  framesDecoded,
  inPage,
  launchBrowser,
  pageStatus,
  recordFailure,
  type TestBrowser,
} from '../support/browser.js';
import { startRtspServer, type RtspTestServer } from '../support/rtsp-server.js';

/** The page's PeerConnection. */
const PC = 'window.demo.pc';

/**
 * Resolves once the page's PeerConnection has decoded more than `above` video frames (the sum of `framesDecoded` of
 * its inbound-rtp video stats), with that count. Polled from the test: Playwright's `waitForFunction` takes the
 * promise an async predicate returns for a truthy answer and resolves at once, without waiting for anything.
 */
async function framesAbove(page: Page, above: number, timeoutMs = 20_000): Promise<number> {
  let frames = -1;
  await expect
    .poll(async () => (frames = await framesDecoded(page, PC)), { timeout: timeoutMs, interval: 100 })
    .toBeGreaterThan(above);
  return frames;
}

/** The page decodes video: some frames, then more of them. */
async function expectDecoding(page: Page): Promise<void> {
  const first = await framesAbove(page, 0);
  await framesAbove(page, first);
}

describe('Streaming page in headless Chromium: RTP mountpoints fed by ffmpeg, an RTSP mountpoint Janus pulls', () => {
  let app: AppUnderTest;
  let adminToken: string;
  let browser: TestBrowser | undefined;
  let page: Page | undefined;
  const sources: RtpTestSource[] = [];
  let rtsp: RtspTestServer | undefined;
  /** Mountpoint ids: two RTP ones (different patterns and tones) and the RTSP one. */
  let rtpA: number;
  let rtpB: number;
  let rtspId: number;

  async function post<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async function describeMountpoint(id: number): Promise<{ viewers: number }> {
    const response = await fetch(`${app.url}/api/streaming/mountpoints/${id}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    return (await response.json()) as { viewers: number };
  }

  /** An RTP mountpoint (Opus + VP8 on loopback ports Janus picks) with ffmpeg feeding it. */
  async function fedMountpoint(description: string, pattern: string, frequency: number): Promise<number> {
    const created = await post<{ id: number; ports: Array<{ mid: string; port: number }> }>(
      '/api/streaming/mountpoints',
      {
        type: 'rtp',
        description,
        is_private: false,
        media: [
          { type: 'audio', mid: 'a', port: 0, pt: TEST_SOURCE_PT.audio, codec: 'opus', iface: '127.0.0.1' },
          { type: 'video', mid: 'v', port: 0, pt: TEST_SOURCE_PT.video, codec: 'vp8', iface: '127.0.0.1' },
        ],
      },
    );
    const port = (mid: string): number => created.ports.find((p) => p.mid === mid)?.port ?? 0;
    sources.push(startRtpTestSource({ audioPort: port('a'), videoPort: port('v'), pattern, frequency }));
    return created.id;
  }

  /** Opens the page and waits until it lists `id`, then selects it. */
  async function openPage(id: number): Promise<Page> {
    browser ??= await launchBrowser();
    const opened = await browser.newPage(`${app.url}/streaming.html`);
    await opened.waitForFunction(`(document.body.dataset.mountpoints ?? '').split(',').includes('${id}')`);
    await opened.selectOption('#mountpoint', String(id));
    return opened;
  }

  beforeAll(async () => {
    // Demo mode for the page; the mountpoints are made through the REST API with an admin token.
    app = await startApp({ env: { AUTH_REQUIRED: 'false' } });
    adminToken = await app.token({ sub: 'admin', roles: ['admin'] });
    rtpA = await fedMountpoint('pattern A', 'testsrc', 440);
    rtpB = await fedMountpoint('pattern B', 'smptebars', 660);
    rtsp = await startRtspServer();
    // Janus connects to the RTSP server while it creates the mountpoint (DESCRIBE, SETUP, PLAY).
    rtspId = (
      await post<{ id: number }>('/api/streaming/mountpoints', {
        type: 'rtsp',
        description: 'rtsp pattern',
        is_private: false,
        url: rtsp.url,
        video: true,
        videocodec: 'vp8',
        videopt: 96,
      })
    ).id;
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, { page }, browser);
    await browser?.close();
    browser = undefined;
    page = undefined;
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    await rtsp?.stop();
    await app?.close();
  });

  it('watches an RTP mountpoint ffmpeg feeds: frames decoded; Stop releases the handle', async () => {
    page = await openPage(rtpA);
    await page.click('#watch');
    await expect.poll(() => pageStatus(page!), { timeout: 20_000, interval: 100 }).toBe('webrtcup');
    await expectDecoding(page);
    expect(await inPage(page, 'window.demo.watching')).toBe(rtpA);
    expect((await describeMountpoint(rtpA)).viewers).toBe(1);
    // Audio arrives too (the Opus stream).
    expect(
      await inPage<number>(
        page,
        `(async () => { let n = 0; (await ${PC}.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'audio') n += s.packetsReceived; }); return n; })()`,
      ),
    ).toBeGreaterThan(0);

    await page.click('#stop');
    await expect.poll(() => pageStatus(page!), { timeout: 10_000 }).toBe('idle');
    await expect.poll(async () => (await describeMountpoint(rtpA)).viewers, { timeout: 10_000 }).toBe(0);
    await browser!.close();
    await expect.poll(() => app.sessions(), { timeout: 10_000, interval: 100 }).toHaveLength(1);
  });

  it('switch between the two RTP mountpoints: the same PeerConnection keeps decoding', async () => {
    page = await openPage(rtpA);
    // Counts the PeerConnections the page makes (the page looks the constructor up at each watch).
    await inPage(
      page,
      `(() => {
        const Original = window.RTCPeerConnection;
        window.pcCount = 0;
        window.RTCPeerConnection = function (...args) { window.pcCount++; return new Original(...args); };
        window.RTCPeerConnection.prototype = Original.prototype;
        return true;
      })()`,
    );
    await page.click('#watch');
    await expectDecoding(page);
    await inPage(page, `window.firstPc = ${PC}, true`);

    await page.selectOption('#mountpoint', String(rtpB));
    await page.click('#switch');
    await expect.poll(() => inPage(page!, 'window.demo.watching'), { timeout: 10_000 }).toBe(rtpB);
    await expect.poll(async () => (await describeMountpoint(rtpB)).viewers, { timeout: 10_000 }).toBe(1);
    expect((await describeMountpoint(rtpA)).viewers).toBe(0);
    // No new negotiation: the PeerConnection is the same one, and it goes on decoding (now B's frames).
    const afterSwitch = await inPage<{ same: boolean; made: number; status: string; log: string }>(
      page,
      `({ same: window.firstPc === ${PC}, made: window.pcCount, status: document.body.dataset.status,
          log: document.getElementById('log')?.textContent })`,
    );
    expect(
      { same: afterSwitch.same, made: afterSwitch.made },
      `page status ${afterSwitch.status}, log: ${afterSwitch.log}`,
    ).toEqual({ same: true, made: 1 });
    const atSwitch = await framesAbove(page, 0);
    await framesAbove(page, atSwitch + 15);

    // And back.
    await page.selectOption('#mountpoint', String(rtpA));
    await page.click('#switch');
    await expect.poll(async () => (await describeMountpoint(rtpA)).viewers, { timeout: 10_000 }).toBe(1);
    const back = await framesAbove(page, 0);
    await framesAbove(page, back + 15);
  });

  it('watches an RTSP mountpoint Janus pulls from a local GStreamer RTSP server: frames decoded', async () => {
    page = await openPage(rtspId);
    await page.click('#watch');
    await expect.poll(() => pageStatus(page!), { timeout: 20_000, interval: 100 }).toBe('webrtcup');
    await expectDecoding(page);
    expect(await inPage(page, 'window.demo.watching')).toBe(rtspId);
  });
});
