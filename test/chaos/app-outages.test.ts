import { setTimeout as delay } from 'node:timers/promises';
import { JanusService, VideoRoomService } from 'nestjs-janus';
import type { Page } from 'playwright-core';
import { filter, firstValueFrom } from 'rxjs';
import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { next, request, startApp, type AppUnderTest } from '../support/app-harness.js';
import { launchBrowser, pageStatus, recordFailure, type TestBrowser } from '../support/browser.js';
import { expectFeedDecoding, joinAndPublish } from '../support/videoroom-page.js';
import { figure } from '../support/figures.js';

const ROOM = 1234;

function connected(app: AppUnderTest): Promise<unknown> {
  return firstValueFrom(app.app.get(JanusService).state$.pipe(filter((s) => s === 'connected')));
}

/** Displays of the participants of the room, as Janus lists them. */
async function displaysInRoom(app: AppUnderTest): Promise<string[]> {
  const list = await app.app.get(VideoRoomService).listParticipants({ room: ROOM });
  return list.participants.map((p) => p.display ?? '');
}

/** The app between browsers and a real Janus, with a TCP proxy on the app's link to Janus. */
describe('chaos: the app when its link to Janus breaks', () => {
  let app: AppUnderTest | undefined;
  let browser: TestBrowser | undefined;
  const pages: Record<string, Page | undefined> = {};

  afterEach(async (ctx) => {
    await recordFailure(ctx, pages, browser);
    await browser?.close();
    browser = undefined;
    await app?.close();
    app = undefined;
  });

  it('a client that leaves during the outage leaves nothing behind once Janus is reachable again', async () => {
    app = await startApp({ throughProxy: true });
    const proxy = app.proxy!;
    const leaver = await app.connect('/videoroom', { token: await app.token({ sub: 'leaver' }) });
    expect((await request(leaver, 'join', { room: ROOM, display: 'leaver' })).ok).toBe(true);
    const own = `socket:/videoroom#${leaver.id}`;
    expect(await app.socketHandles()).toEqual([own]);
    expect(await displaysInRoom(app)).toContain('leaver');

    const told = next<{ code: string }>(leaver, 'videoroom-error');
    proxy.down();
    expect(await told).toMatchObject({ code: 'BACKEND_FAILURE' });
    leaver.disconnect();
    // The app let go of the socket's handle; Janus cannot be told yet.
    const connection = app.app.get(JanusService).connection;
    await expect.poll(() => connection.pendingTeardownCount, { timeout: 5000, interval: 20 }).toBe(1);
    const metrics = async (): Promise<string> => (await fetch(`${app!.url}/metrics`)).text();
    expect(await metrics()).toContain('janus_pending_teardown{connection="default"} 1');

    proxy.up();
    await connected(app);
    await expect.poll(() => connection.pendingTeardownCount, { timeout: 10_000, interval: 20 }).toBe(0);
    expect(await metrics()).toContain('janus_pending_teardown{connection="default"} 0');
    // Janus has neither the handle nor the participant (before: both stayed, claimed back and kept alive).
    expect(await app.socketHandles()).toEqual([]);
    expect(await displaysInRoom(app)).not.toContain('leaver');
    figure('leave during outage', 'handles / participants left after reconnect', '0 / 0');
  });

  it('shutdown with Janus blackholed is bounded (not a request timeout per session) and names what is left', async () => {
    app = await startApp({ throughProxy: true, env: { RATE_LIMIT_IP_POINTS: '1000' } });
    const sockets = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        app!.connect('/videoroom', { token: await app!.token({ sub: `u${i}` }) }),
      ),
    );
    await Promise.all(sockets.map((s, i) => request(s, 'join', { room: ROOM, display: `shut-${i}` })));
    const warn = vi.spyOn(Logger.prototype, 'warn');
    try {
      app.proxy!.blackhole();
      const started = performance.now();
      await app.app.close();
      const took = performance.now() - started;
      figure('shutdown, Janus blackholed', 'app.close() took (ms)', Math.round(took));
      // closeTimeoutMs (2 s) for the destroys, then the socket is dropped; before: 6 s, and nothing said.
      expect(took).toBeLessThan(3000);
      const left = warn.mock.calls.map((c) => String(c[0])).find((m) => m.includes('not destroyed'));
      // The app's shared session, with the sockets' handles (and the room management's) on it.
      expect(left).toMatch(/closing with 1 Janus session\(s\) \(2[01] handle\(s\)\) not destroyed/);
    } finally {
      warn.mockRestore();
      app.proxy!.resume();
    }
  });

  it('Chromium: a call idle for 25 s keeps decoding across a 3 s cut; a participant joining afterwards is seen by both', async () => {
    app = await startApp({ env: { AUTH_REQUIRED: 'false' }, janus: { fullTrickle: true }, throughProxy: true });
    const proxy = app.proxy!;
    browser = await launchBrowser();
    const alice = (pages.alice = await browser.newPage(`${app.url}/videoroom.html`));
    const bob = (pages.bob = await browser.newPage(`${app.url}/videoroom.html`));
    const aliceFeed = await joinAndPublish(alice, ROOM, 'alice');
    const bobFeed = await joinAndPublish(bob, ROOM, 'bob');
    await Promise.all([expectFeedDecoding(alice, bobFeed), expectFeedDecoding(bob, aliceFeed)]);

    // No signaling for 25 s: only the library's keepalives keep the sessions fresh on Janus.
    await delay(25_000);
    const cutAt = performance.now();
    proxy.down();
    await delay(3000);
    proxy.up();
    await connected(app);
    figure(
      'Chromium call across a cut',
      'app reconnected and claimed after (ms)',
      Math.round(performance.now() - cutAt),
    );

    // Media never went through the app: the calls go on if Janus kept the sessions.
    await Promise.all([expectFeedDecoding(alice, bobFeed), expectFeedDecoding(bob, aliceFeed)]);
    expect(await pageStatus(alice)).toBe('publishing');
    expect(await pageStatus(bob)).toBe('publishing');

    // Signaling works again: a newcomer is announced to both and decoded by both, and sees both.
    const carol = (pages.carol = await browser.newPage(`${app.url}/videoroom.html`));
    const carolFeed = await joinAndPublish(carol, ROOM, 'carol');
    await Promise.all([
      expectFeedDecoding(alice, carolFeed),
      expectFeedDecoding(bob, carolFeed),
      expectFeedDecoding(carol, aliceFeed),
      expectFeedDecoding(carol, bobFeed),
    ]);
    figure('Chromium call across a cut', 'calls decoding after a 3 s cut (idle 25 s)', '2/2, newcomer seen by both');
  });
});
