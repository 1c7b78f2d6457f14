import { firstValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JanusConnection, type JanusHandle, type JanusSession } from 'nestjs-janus';
import { FakeJanus } from '../../support/fake-janus.js';

/** A handle's streams as subscribers rely on them: who gets what, until when, and after the end. */
describe('handle streams: subscribers joining and leaving, detached$ before and after the end', () => {
  let fake: FakeJanus;
  let connection: JanusConnection;
  let session: JanusSession;
  let handle: JanusHandle;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    connection = await JanusConnection.connect({ servers: [{ url: fake.url }], logger: false });
    session = await connection.createSession();
    handle = await session.attach('janus.plugin.echotest');
  });
  afterEach(async () => {
    await connection.close();
    await fake.close();
  });

  /** Sends a `media` message about the handle as Janus would, then a round trip (the socket is ordered). */
  async function media(mid: string): Promise<void> {
    fake.sockets[0].send({
      janus: 'media',
      session_id: session.id,
      sender: handle.id,
      type: 'audio',
      mid,
      receiving: true,
    });
    await connection.info();
  }

  it('each subscriber of coreEvents$ gets what came while it listened; leaving (first, middle, last) stops only it', async () => {
    const seen: Record<string, string[]> = { a: [], b: [], c: [] };
    const subscribe = (name: string) =>
      handle.coreEvents$.subscribe((m) => seen[name].push(m.janus === 'media' ? (m.mid ?? '') : m.janus));
    const a = subscribe('a');
    await media('1');
    const b = subscribe('b');
    const c = subscribe('c');
    await media('2');
    b.unsubscribe();
    await media('3');
    a.unsubscribe();
    await media('4');
    c.unsubscribe();
    await media('5');
    const d = subscribe('a');
    await media('6');
    d.unsubscribe();
    expect(seen).toEqual({ a: ['1', '2', '3', '6'], b: ['2'], c: ['2', '3', '4'] });
  });

  it('detached$ tells subscribers from before and after the detach, once each, then completes; the streams complete', async () => {
    const early = firstValueFrom(handle.detached$.pipe(toArray()));
    const events = firstValueFrom(handle.events$.pipe(toArray()));
    const core = firstValueFrom(handle.coreEvents$.pipe(toArray()));
    await handle.detach();

    const expected = [{ reason: 'detached', message: expect.any(String) }];
    expect(await early).toEqual(expected);
    expect(await firstValueFrom(handle.detached$.pipe(toArray()))).toEqual(expected);
    expect(await events).toEqual([]);
    expect(await core).toEqual([]);
    // A stream asked for only after the end completes at once.
    expect(await firstValueFrom(handle.webrtcUp$.pipe(toArray()))).toEqual([]);
  });
});
