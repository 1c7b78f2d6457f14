import { firstValueFrom, toArray, type Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JanusConnection, type JanusEventMessage, type JanusHandle, type JanusSession } from 'nestjs-janus';
import { CaptureLogger } from '../../support/capture-logger.js';
import { FakeJanus } from '../../support/fake-janus.js';

/** Core (non-plugin) messages newer Janus versions send, and kinds no version of this library knows. */
describe('routing of ice-failed and unknown core messages', () => {
  let fake: FakeJanus;
  let logger: CaptureLogger;
  let connection: JanusConnection;
  let session: JanusSession;
  let handle: JanusHandle;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    logger = new CaptureLogger();
    connection = await JanusConnection.connect({ servers: [{ url: fake.url }], logger, logLevel: 'debug' });
    session = await connection.createSession();
    handle = await session.attach('janus.plugin.echotest');
  });
  afterEach(async () => {
    await connection.close();
    await fake.close();
  });

  /** Sends frames as Janus would, then a round trip: the socket is ordered, so they have been handled after it. */
  async function fromJanus(...frames: Array<Record<string, unknown>>): Promise<void> {
    for (const frame of frames) fake.sockets[0].send(frame);
    await connection.info();
  }

  /** Everything `stream` emits until the handle ends. */
  function until<T>(stream: Observable<T>): Promise<T[]> {
    return firstValueFrom(stream.pipe(toArray()));
  }

  const hangup = (reason: string) => ({ janus: 'hangup', session_id: session.id, sender: handle.id, reason });
  const iceFailed = () => ({ janus: 'ice-failed', session_id: session.id, sender: handle.id });

  it('Janus 1.2+ ice-failed reaches the handle: coreEvents$, events$, and iceFailed$ once with its hangup', async () => {
    const failures = until(handle.iceFailed$);
    const core = until(handle.coreEvents$);
    const all: JanusEventMessage[] = [];
    connection.events$.subscribe((m) => all.push(m));

    await fromJanus(iceFailed(), hangup('ICE failed'));
    await handle.detach();

    expect(await failures).toEqual([{ source: 'ice-failed' }]);
    expect((await core).map((m) => m.janus)).toEqual(['ice-failed', 'hangup']);
    expect(all.map((m) => m.janus)).toContain('ice-failed');
    expect(logger.at('warn')).toEqual([]);
  });

  it('Janus 1.1.x: a hangup "ICE failed" alone is the failure; each failure emits once', async () => {
    const failures = until(handle.iceFailed$);
    await fromJanus(
      hangup('ICE failed'), // 1.1.x: the only sign
      hangup('DTLS alert'), // not an ICE failure
      iceFailed(), // 1.2+: the failure, then its hangup
      hangup('ICE failed'),
      iceFailed(), // failed again after an ICE restart, then hung up
      iceFailed(),
      hangup('ICE failed'),
    );
    await handle.detach();
    expect(await failures).toEqual([
      { source: 'hangup' },
      { source: 'ice-failed' },
      { source: 'ice-failed' },
      { source: 'ice-failed' },
    ]);
  });

  it('a message kind this library does not know reaches the handle it names, as sent, with a debug line', async () => {
    const unknown = until(handle.unknownMessages$);
    const sessionUnknown = until(session.unknownMessages$);
    const frame = { janus: 'brand-new', session_id: session.id, sender: handle.id, detail: { level: 3 } };
    await fromJanus(frame);
    await handle.detach();
    expect(await unknown).toEqual([frame]);

    await session.destroy();
    expect(await sessionUnknown).toEqual([]);
    expect(logger.at('warn')).toEqual([]);
    expect(logger.at('debug').some((line) => line.includes('unknown message kind "brand-new"'))).toBe(true);
  });

  it('a session-level message of an unknown kind reaches the session; one for a gone handle goes nowhere', async () => {
    const sessionUnknown = until(session.unknownMessages$);
    const frame = { janus: 'session-news', session_id: session.id, note: 'x' };
    await fromJanus(frame, { janus: 'brand-new', session_id: session.id, sender: 999_999 });
    await session.destroy();
    expect(await sessionUnknown).toEqual([frame]);
    expect(logger.at('warn')).toEqual([]);
  });
});
