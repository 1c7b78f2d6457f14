import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { turnCredential } from '../../src/ice/ice-servers.service.js';
import { startApp, type AppUnderTest } from '../support/app-harness.js';
import {
  framesDecoded,
  launchBrowser,
  ownAddresses,
  pageStatus,
  recordFailure,
  selectedPair,
  type TestBrowser,
} from '../support/browser.js';
import { startCoturn, type Coturn } from '../support/coturn.js';

const TURN_SECRET = 'coturn-shared-secret-for-tests';

/** This machine's own IPv4 address (TURN listens and relays there; Janus gathers its host candidate there too). */
function ownIPv4(): string {
  const address = ownAddresses().find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
  if (!address) throw new Error('this machine has no non-loopback IPv4 address');
  return address;
}

describe('TURN: /api/ice-servers credentials against a real coturn', () => {
  let coturn: Coturn;
  let app: AppUnderTest;
  let browser: TestBrowser | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    coturn = await startCoturn({ secret: TURN_SECRET, address: ownIPv4() });
    app = await startApp({
      env: {
        TURN_URLS: `turn:${coturn.address}:${coturn.port}?transport=udp`,
        TURN_SECRET,
        TURN_CREDENTIAL_TTL_S: '300',
      },
    });
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, { page }, browser);
    await browser?.close();
    browser = page = undefined;
  });
  afterAll(async () => {
    await app?.close();
    await coturn?.stop();
  });

  it('GET /api/ice-servers needs a token and mints credentials coturn accepts: a relay-only EchoTest decodes', async () => {
    expect((await fetch(`${app.url}/api/ice-servers`)).status).toBe(401);
    const token = await app.token({ sub: 'turn-user' });
    const res = await fetch(`${app.url}/api/ice-servers`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { iceServers: Array<{ urls: string[]; username?: string }>; ttl: number };
    expect(body.ttl).toBe(300);
    expect(body.iceServers[0].username).toMatch(/^\d+:turn-user$/);
    expect(JSON.stringify(body)).not.toContain(TURN_SECRET);

    browser = await launchBrowser();
    page = await browser.newPage(`${app.url}/echotest.html?relay=1&token=${token}`);
    await page.click('#start');
    await expect.poll(() => pageStatus(page!), { timeout: 20_000, interval: 100 }).toBe('webrtcup');
    await expect
      .poll(() => framesDecoded(page!, 'window.demo.pc'), { timeout: 20_000, interval: 100 })
      .toBeGreaterThan(0);
    const pair = await selectedPair(page, 'window.demo.pc');
    expect(pair?.local.candidateType).toBe('relay');
    expect(pair?.local.address).toBe(coturn.address);
  });

  it('coturn refuses an expired credential (401) and the browser gets no relay candidate', async () => {
    const username = `${Math.floor(Date.now() / 1000) - 60}:expired-user`;
    const server = {
      urls: [`turn:${coturn.address}:${coturn.port}?transport=udp`],
      username,
      credential: turnCredential(TURN_SECRET, username),
    };
    browser = await launchBrowser();
    page = await browser.newPage(`${app.url}/echotest.html`);
    // The page runs plain JS (the project's TypeScript has no DOM types): probe ICE gathering with that server.
    const outcome = await page.evaluate(`(async (iceServer) => {
      const pc = new RTCPeerConnection({ iceServers: [iceServer], iceTransportPolicy: 'relay' });
      const errors = [];
      const types = [];
      pc.onicecandidateerror = (e) => errors.push(e.errorCode);
      const done = new Promise((resolve) => {
        pc.onicecandidate = (e) => (e.candidate ? types.push(e.candidate.type) : resolve());
      });
      pc.createDataChannel('probe');
      await pc.setLocalDescription(await pc.createOffer());
      await done;
      pc.close();
      return { errors, types };
    })(${JSON.stringify(server)})`);
    const { errors, types } = outcome as { errors: number[]; types: string[] };
    expect(errors).toContain(401);
    expect(types).not.toContain('relay');
  });
});
