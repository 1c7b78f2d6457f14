import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request, startApp, type AppUnderTest } from '../support/app-harness.js';
import { inPage, launchBrowser, pageStatus, recordFailure, type TestBrowser } from '../support/browser.js';

/**
 * The TextRoom demo page (`/textroom.html`) in real Chromium against the app and a real Janus: the app negotiates
 * each page's data channel over `/textroom`; chat messages then go page <-> Janus on that channel.
 */

const ROOM = 1234;

interface ChatLine {
  kind: string;
  from?: string;
  text: string;
}

const lines = (page: Page): Promise<ChatLine[]> => inPage<ChatLine[]>(page, 'window.chat.lines');

describe('TextRoom page in headless Chromium: chat over Janus data channels, negotiated by /textroom', () => {
  let app: AppUnderTest;
  let browser: TestBrowser | undefined;
  let alice: Page;
  let bob: Page;
  let admin: Socket;

  beforeAll(async () => {
    app = await startApp();
    admin = await app.connect('/textroom', { token: await app.token({ sub: 'ops', roles: ['admin'] }) });
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, { alice, bob }, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(username: string): Promise<Page> {
    const token = await app.token({ sub: username });
    const page = await browser!.newPage(`${app.url}/textroom.html?room=${ROOM}&username=${username}&token=${token}`);
    await page.click('#join');
    await expect.poll(() => pageStatus(page), { timeout: 20_000, interval: 100 }).toBe('joined');
    return page;
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.fill('#text', text);
    await page.click('#send');
  }

  it('two pages join the room and exchange messages through Janus; an announcement reaches both', async () => {
    browser = await launchBrowser();
    alice = await open('alice');
    bob = await open('bob');
    // Alice learns of Bob's join on her channel; Bob's join reply listed Alice.
    await expect.poll(() => page$(alice, '#participants'), { timeout: 10_000 }).toContain('bob');
    expect(await page$(bob, '#participants')).toContain('alice');
    // Janus sees both in the room, each page's handle named after its socket.
    const { data: listed } = await request<{ participants: Array<{ username: string }> }>(admin, 'list-participants', {
      room: ROOM,
    });
    expect(listed.participants.map((p) => p.username).sort()).toEqual(['alice', 'bob']);
    expect(await app.socketHandles()).toEqual([
      expect.stringMatching(/^socket:\/textroom#/),
      expect.stringMatching(/^socket:\/textroom#/),
    ]);

    await say(alice, 'hello bob');
    await expect
      .poll(() => lines(bob), { timeout: 10_000 })
      .toContainEqual({ kind: 'message', from: 'alice', text: 'hello bob' });
    await say(bob, 'hi alice');
    await expect
      .poll(() => lines(alice), { timeout: 10_000 })
      .toContainEqual({ kind: 'message', from: 'bob', text: 'hi alice' });

    const announced = await request(admin, 'announcement', { room: ROOM, text: 'maintenance at noon' });
    expect(announced).toMatchObject({ ok: true, data: { room: ROOM } });
    for (const page of [alice, bob]) {
      await expect
        .poll(() => lines(page), { timeout: 10_000 })
        .toContainEqual({ kind: 'announcement', text: 'maintenance at noon' });
    }
  });

  it('a page cannot administer rooms over its own data channel: Janus wants the admin key only the app has', async () => {
    const refused = await inPage<string>(
      alice,
      `window.chat.send({ textroom: 'create', room: 4242, description: 'mine' }).then(() => 'created', (e) => e.message)`,
    );
    // Janus 1.1.2: "Missing mandatory element (admin_key) (413)".
    expect(refused).toMatch(/admin_key/);
    const { data } = await request<{ exists: boolean }>(admin, 'exists', { room: 4242 });
    expect(data.exists).toBe(false);
  });

  it('kick: the admin removes bob; both pages are told, bob is out of the room', async () => {
    const kicked = await request(admin, 'kick', { room: ROOM, username: 'bob' });
    expect(kicked).toMatchObject({ ok: true, data: { room: ROOM, username: 'bob' } });
    await expect.poll(() => pageStatus(bob), { timeout: 10_000 }).toBe('kicked');
    await expect
      .poll(() => lines(alice), { timeout: 10_000 })
      .toContainEqual({ kind: 'kicked', text: 'bob was removed' });
    const { data } = await request<{ participants: Array<{ username: string }> }>(admin, 'list-participants', {
      room: ROOM,
    });
    expect(data.participants.map((p) => p.username)).toEqual(['alice']);
  });

  it('closing the pages detaches their Janus handles (Admin API)', async () => {
    await browser!.close();
    browser = undefined;
    await expect.poll(() => app.socketHandles(), { timeout: 10_000, interval: 100 }).toEqual([]);
  });
});

function page$(page: Page, selector: string): Promise<string> {
  return page.textContent(selector).then((t) => t ?? '');
}
