import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AudioBridgeAdminService } from '../../src/audiobridge/audiobridge-admin.service.js';
import { next, request, startApp, type AppUnderTest } from '../support/app-harness.js';
import { inPage, launchBrowser, pageStatus, recordFailure, type TestBrowser } from '../support/browser.js';

const ROOM = 1234; // the demo room of the harness's Janus config (sampling rate 16 kHz)

/**
 * The audio packets the page's PeerConnection received so far (`packetsReceived` of its inbound-rtp audio stats):
 * the mix Janus sends it. 0 before the first ones; -1 without a PeerConnection (or with a closed one).
 */
function audioPacketsReceived(page: Page): Promise<number> {
  return inPage(
    page,
    `(async () => {
      const pc = window.demo.pc;
      if (!pc || pc.connectionState === 'closed') return -1;
      let packets = 0;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived ?? 0;
      });
      return packets;
    })()`,
  );
}

/** The page receives the mix: packets arrive, then more of them. */
async function expectMixArriving(page: Page): Promise<void> {
  await expect.poll(() => audioPacketsReceived(page), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
  const before = await audioPacketsReceived(page);
  await expect.poll(() => audioPacketsReceived(page), { timeout: 10_000, interval: 100 }).toBeGreaterThan(before);
}

/** Every handle on Janus right now, in every session (Admin API). */
async function allHandles(app: AppUnderTest): Promise<number[]> {
  const sessions = await app.sessions();
  // A session may end between the two requests: it has no handles then.
  const lists = await Promise.all(sessions.map((s) => app.admin.listHandles(s).catch(() => [])));
  return lists.flat();
}

/** The page's view of another participant (`window.demo.participants`), or null when it does not list it. */
function seen(page: Page, feed: number): Promise<{ display?: string; muted: boolean; setup: boolean } | null> {
  return inPage(page, `window.demo.participants.get(${feed}) ?? null`);
}

/** Joins the demo page to `room` as `display`, waits until its audio is up (`webrtcup`); returns its feed. */
async function joinWithMicrophone(page: Page, room: number, display: string): Promise<number> {
  await page.fill('#room', String(room));
  await page.fill('#display', display);
  await page.click('#join');
  await expect.poll(() => pageStatus(page), { timeout: 20_000, interval: 100 }).toBe('connected');
  const feed = await inPage<number | undefined>(page, 'window.demo.feed');
  expect(feed).toBeTypeOf('number');
  return feed!;
}

describe('AudioBridge page in headless Chromium: three tabs in one room (demo mode, fake microphones)', () => {
  let app: AppUnderTest;
  let browser: TestBrowser | undefined;
  let observer: Socket | undefined;
  const pages: Record<string, Page | undefined> = {};

  beforeAll(async () => {
    app = await startApp({ env: { AUTH_REQUIRED: 'false' } });
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, pages, browser);
    await browser?.close();
    browser = undefined;
    observer?.disconnect();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('each hears the mix; a mute reaches the others; changeroom moves a tab; nothing is left on Janus', async () => {
    // Room B, for changeroom, by an admin over REST; a participant without media waits there to see who comes.
    const adminToken = await app.token({ roles: ['admin'] });
    const created = await fetch(`${app.url}/api/audiobridge/rooms`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'room B', sampling_rate: 16000 }),
    });
    expect(created.status).toBe(201);
    const roomB = ((await created.json()) as { room: number }).room;
    observer = await app.connect('/audiobridge');
    await request(observer, 'join', { room: roomB, display: 'observer' });
    const baseline = await app.sessions();
    const baselineHandles = await allHandles(app);
    const newHandles = async (): Promise<number[]> =>
      (await allHandles(app)).filter((h) => !baselineHandles.includes(h));

    browser = await launchBrowser();
    const alice = (pages.alice = await browser.newPage(`${app.url}/audiobridge.html`));
    const bob = (pages.bob = await browser.newPage(`${app.url}/audiobridge.html`));
    const carol = (pages.carol = await browser.newPage(`${app.url}/audiobridge.html`));
    const aliceFeed = await joinWithMicrophone(alice, ROOM, 'alice');
    const bobFeed = await joinWithMicrophone(bob, ROOM, 'bob');
    const carolFeed = await joinWithMicrophone(carol, ROOM, 'carol');

    // Each lists the two others, with their audio set up, and receives the mix.
    const everyone = { alice: aliceFeed, bob: bobFeed, carol: carolFeed };
    for (const [name, page] of [
      ['alice', alice],
      ['bob', bob],
      ['carol', carol],
    ] as const) {
      for (const [other, feed] of Object.entries(everyone).filter(([n]) => n !== name)) {
        await expect
          .poll(() => seen(page, feed), { timeout: 10_000, interval: 100 })
          .toEqual({ display: other, muted: false, setup: true });
      }
    }
    await Promise.all([expectMixArriving(alice), expectMixArriving(bob), expectMixArriving(carol)]);
    // One participant handle per tab on Janus.
    expect(await newHandles()).toHaveLength(3);

    // Bob mutes himself: Alice and Carol are told (`peer-configured` with muted).
    await bob.click('#mute');
    await expect.poll(() => inPage(bob, 'window.demo.muted'), { timeout: 5000 }).toBe(true);
    for (const page of [alice, carol]) {
      await expect.poll(() => seen(page, bobFeed), { timeout: 5000, interval: 100 }).toMatchObject({ muted: true });
      expect(await page.textContent(`[data-feed="${bobFeed}"]`)).toContain('(muted)');
      expect(await page.textContent('#log')).toContain('peer-configured: bob muted');
    }
    // An admin mutes Carol: the others are told, and so is she.
    const admin = await app.connect('/audiobridge', { token: adminToken });
    try {
      expect((await request(admin, 'mute-peer', { room: ROOM, feed: carolFeed })).data).toEqual({
        room: ROOM,
        feed: carolFeed,
      });
    } finally {
      admin.disconnect();
    }
    await expect.poll(() => inPage(carol, 'window.demo.muted'), { timeout: 5000 }).toBe(true);
    for (const page of [alice, bob]) {
      await expect.poll(() => seen(page, carolFeed), { timeout: 5000, interval: 100 }).toMatchObject({ muted: true });
    }

    // Carol moves to room B: Alice and Bob see her leave; the observer there sees her come.
    const arrived = next<{ data: { room: number; feed: number; display?: string } }>(observer, 'peer-joined');
    await carol.fill('#target', String(roomB));
    await carol.click('#change');
    await expect.poll(() => inPage(carol, 'window.demo.room'), { timeout: 10_000 }).toBe(roomB);
    const moved = (await arrived).data;
    expect(moved).toMatchObject({ room: roomB, display: 'carol' });
    expect(await inPage(carol, 'window.demo.feed')).toBe(moved.feed);
    for (const page of [alice, bob]) {
      await expect.poll(() => seen(page, carolFeed), { timeout: 5000, interval: 100 }).toBeNull();
      expect(await page.textContent('#log')).toContain(`left: feed ${carolFeed}`);
    }
    // Carol's page lists room B's participant; her PeerConnection went along and stays up.
    expect(await inPage(carol, '[...window.demo.participants.values()].map((p) => p.display)')).toEqual(['observer']);
    expect(await inPage(carol, 'window.demo.pc.connectionState')).toBe('connected');
    const inB = await app.app.get(AudioBridgeAdminService).listParticipants(roomB);
    expect(inB.participants).toContainEqual(
      expect.objectContaining({ feed: moved.feed, display: 'carol', setup: true }),
    );
    // Alice and Bob still hear each other.
    await Promise.all([expectMixArriving(alice), expectMixArriving(bob)]);

    // Leave: the page lets go of its microphone, the other is told.
    await bob.click('#leave');
    await expect.poll(() => pageStatus(bob), { timeout: 10_000 }).toBe('left');
    expect(await inPage(bob, 'window.demo.liveCaptureTracks')).toBe(0);
    await expect.poll(() => seen(alice, bobFeed), { timeout: 5000, interval: 100 }).toBeNull();

    // The tabs go: their handles (and any session of their own) go with them.
    await browser.close();
    await expect.poll(newHandles, { timeout: 10_000, interval: 100 }).toEqual([]);
    await expect
      .poll(async () => (await app.sessions()).filter((s) => !baseline.includes(s)), { timeout: 10_000, interval: 100 })
      .toEqual([]);
  });
});
