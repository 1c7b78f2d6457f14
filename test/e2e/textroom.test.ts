import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTextRoomFrame,
  JanusConnection,
  parseTextRoomFrame,
  TextRoomPlugin,
  type Jsep,
  type JanusSession,
  type TextRoomDataIncoming,
  type TextRoomHandle,
} from 'nestjs-janus';
import { startJanus, type JanusInstance } from '../../tools/janus-harness/index.js';
import { inPage, launchBrowser, recordFailure, type TestBrowser } from '../support/browser.js';

/**
 * In the page: a PeerConnection answering Janus's `setup` offer, a data channel whose incoming frames are kept in
 * `window.tr.frames`, and the answer (after ICE gathering, so it carries the page's candidates).
 */
function answerInPage(offer: Jsep): string {
  return `(async () => {
    const pc = new RTCPeerConnection();
    const tr = { pc, frames: [], dc: undefined };
    window.tr = tr;
    const keep = (channel) => { channel.onmessage = (e) => tr.frames.push(e.data); };
    pc.ondatachannel = (e) => keep(e.channel);
    await pc.setRemoteDescription(${JSON.stringify({ type: offer.type, sdp: offer.sdp })});
    tr.dc = pc.createDataChannel('JanusDataChannel');
    keep(tr.dc);
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
      setTimeout(resolve, 3000);
    });
    return { type: 'answer', sdp: pc.localDescription.sdp };
  })()`;
}

/** The frames the page received on its data channel, parsed. */
async function framesOf(page: Page): Promise<Array<TextRoomDataIncoming | undefined>> {
  const raw = await inPage<string[]>(page, 'window.tr.frames');
  return raw.map((frame) => parseTextRoomFrame(frame));
}

describe('TextRoom in headless Chromium: setup/ack over the Janus API, then the data channel', () => {
  let janus: JanusInstance;
  let connection: JanusConnection;
  let session: JanusSession;
  let browser: TestBrowser | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    janus = await startJanus({ plugins: ['textroom'] });
    connection = await JanusConnection.connect({
      servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
      logger: false,
    });
    session = await connection.createSession();
  });
  afterEach(async (ctx) => {
    await recordFailure(ctx, { textroom: page }, browser);
    await browser?.close();
    browser = undefined;
    page = undefined;
  });
  afterAll(async () => {
    await connection?.close();
    await janus?.stop();
  });

  it('the page joins a room over the data channel and receives what the server side sends to the room', async () => {
    const admin: TextRoomHandle = await session.attach(TextRoomPlugin);
    const { room } = await admin.create({ description: 'e2e', secret: 's' });

    // The browser's PeerConnection: Janus's offer from `setup`, relayed by the test; the page's answer via `ack`.
    const peer = await session.attach(TextRoomPlugin);
    const { jsep: offer } = await peer.setup();
    expect(offer?.type).toBe('offer');
    browser = await launchBrowser();
    page = await browser.newPage('about:blank');
    const answer = await inPage<Jsep>(page, answerInPage(offer!));
    expect(await peer.ack({ ...answer, trickle: false })).toEqual({ data: { textroom: 'event', result: 'ok' } });
    const p = page;
    await expect.poll(() => inPage(p, 'window.tr.dc.readyState'), { timeout: 20_000, interval: 100 }).toBe('open');

    // Join over the data channel: Janus answers `success` with the transaction the page sent.
    const join = buildTextRoomFrame({ textroom: 'join', room, username: 'alice', display: 'Alice' });
    const { transaction } = JSON.parse(join) as { transaction: string };
    await inPage(p, `window.tr.dc.send(${JSON.stringify(join)})`);
    await expect
      .poll(() => framesOf(p), { timeout: 10_000, interval: 100 })
      .toContainEqual({ textroom: 'success', transaction, participants: [] });
    expect(await admin.listParticipants({ room })).toEqual({
      room,
      participants: [{ username: 'alice', display: 'Alice' }],
    });

    // What the server side sends to the room through the Janus API reaches the page's data channel.
    await admin.announcement({ room, secret: 's', text: 'hello from the server' });
    await expect
      .poll(() => framesOf(p), { timeout: 10_000, interval: 100 })
      .toContainEqual(expect.objectContaining({ textroom: 'announcement', room, text: 'hello from the server' }));

    // A public message from the page is acked and comes back to it (public messages go to every participant).
    const message = buildTextRoomFrame({ textroom: 'message', room, text: 'hi all', transaction: 'm1' });
    await inPage(p, `window.tr.dc.send(${JSON.stringify(message)})`);
    await expect
      .poll(() => framesOf(p), { timeout: 10_000, interval: 100 })
      .toContainEqual({ textroom: 'success', transaction: 'm1' });
    expect(await framesOf(p)).toContainEqual(
      expect.objectContaining({ textroom: 'message', room, from: 'alice', text: 'hi all' }),
    );

    // A kick through the Janus API: the page hears it as a `kicked` event.
    // Janus 1.1.2 misspells the reply's field (fixed in 1.3.2).
    expect(await admin.kick({ room, secret: 's', username: 'alice' })).toEqual({ textbridge: 'success' });
    await expect
      .poll(() => framesOf(p), { timeout: 10_000, interval: 100 })
      .toContainEqual({ textroom: 'kicked', room, username: 'alice' });
    expect((await framesOf(p)).every((frame) => frame !== undefined)).toBe(true);

    await admin.destroy({ room, secret: 's' });
    await peer.detach();
    await admin.detach();
  });
});
