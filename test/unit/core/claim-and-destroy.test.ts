import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JanusConnection, JanusRequestError } from 'nestjs-janus';
import { CaptureLogger } from '../../support/capture-logger.js';
import { FakeJanus, type FakeRequest } from '../../support/fake-janus.js';

/**
 * `claimAndDestroySession`: how a process ends the Janus sessions another process left behind (it died): a claim of
 * the session on its own connection, then a destroy; against a scripted fake Janus.
 */
describe('JanusConnection.claimAndDestroySession', () => {
  let fake: FakeJanus;
  const open: JanusConnection[] = [];
  let logger: CaptureLogger;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    logger = new CaptureLogger();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    await fake.close();
  });

  async function connect(): Promise<JanusConnection> {
    const c = await JanusConnection.connect({ servers: [{ url: fake.url, apiSecret: 's3cret' }], logger });
    open.push(c);
    return c;
  }

  /** The requests about `sessionId` that reached the fake, in order, as `kind` (requests of the connect excluded). */
  function requestsAbout(sessionId: number): string[] {
    return fake.requests.filter((r) => r.session_id === sessionId).map((r) => r.janus);
  }

  it("claims another connection's session on its own socket, then destroys it, and resolves true", async () => {
    const dead = await connect();
    const survivor = await connect();
    const session = await dead.createSession();
    expect(dead.sessionIds).toEqual([session.id]);
    expect(survivor.sessionIds).toEqual([]);

    const survivorSocket = fake.sockets.at(-1)!;
    const sentBy = new Map<FakeRequest, unknown>();
    fake.script = (request, socket) => {
      sentBy.set(request, socket);
      // Janus tells the claimer about the session's handles as it destroys them: not worth a warning.
      if (request.janus === 'destroy') {
        socket.send({ janus: 'event', session_id: request.session_id, sender: 77, plugindata: { data: {} } });
      }
      fake.answer(request, socket);
    };
    expect(await survivor.claimAndDestroySession(session.id)).toBe(true);

    expect(requestsAbout(session.id)).toEqual(['claim', 'destroy']);
    const [claim, destroy] = fake.requests.filter((r) => r.session_id === session.id);
    expect(sentBy.get(claim)).toBe(survivorSocket);
    expect(sentBy.get(destroy)).toBe(survivorSocket);
    expect(claim.apisecret).toBe('s3cret');
    // The survivor owns nothing afterwards: no keepalive for it, nothing to destroy at close.
    expect(survivor.sessionIds).toEqual([]);
    expect(logger.at('warn')).toEqual([]);
  });

  it('resolves false when Janus no longer knows the session (458 on the claim), without a destroy', async () => {
    const survivor = await connect();
    fake.script = (request, socket) => {
      if (request.janus === 'claim') {
        socket.send({
          janus: 'error',
          transaction: request.transaction,
          error: { code: 458, reason: 'No such session 4242' },
        });
        return;
      }
      fake.answer(request, socket);
    };
    expect(await survivor.claimAndDestroySession(4242)).toBe(false);
    expect(requestsAbout(4242)).toEqual(['claim']);
  });

  it('rejects with the Janus error when Janus refuses the claim for another reason', async () => {
    const survivor = await connect();
    fake.script = (request, socket) => {
      if (request.janus === 'claim') {
        socket.send({ janus: 'error', transaction: request.transaction, error: { code: 403, reason: 'Unauthorized' } });
        return;
      }
      fake.answer(request, socket);
    };
    const err = await survivor.claimAndDestroySession(4242).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusRequestError);
    expect(err).toMatchObject({ janusCode: 403 });
    expect(requestsAbout(4242)).toEqual(['claim']);
  });

  it('destroys a session of its own without claiming it, and the session ends as destroyed', async () => {
    const c = await connect();
    const session = await c.createSession();
    const closed = firstValueFrom(session.closed$);
    expect(await c.claimAndDestroySession(session.id)).toBe(true);
    expect((await closed).reason).toBe('destroyed');
    expect(requestsAbout(session.id)).toEqual(['destroy']);
    expect(c.sessionIds).toEqual([]);
  });
});
