import { JanusAdminClient, JanusConnectError, JanusConnection, JanusService } from 'nestjs-janus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/index.js';
import { startJanus, type JanusInstance } from '../../tools/janus-harness/index.js';
import { TEST_JWT_SECRET } from '../support/app-harness.js';

/**
 * Janus answers `info` without looking at credentials; the connection probes them at connect (a session created and
 * destroyed), so a wrong secret or token shows at once, with what to check, instead of at the first request.
 */
describe('credentials at connect (real Janus with api_secret)', () => {
  let janus: JanusInstance;
  let admin: JanusAdminClient;

  beforeAll(async () => {
    janus = await startJanus();
    admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: false });
  });
  afterAll(async () => {
    await admin?.close();
    await janus?.stop();
  });

  it('a wrong apiSecret fails connect at once with JanusConnectError (unauthorized), naming what to check', async () => {
    const started = performance.now();
    const err = await JanusConnection.connect({
      servers: [{ url: janus.wsUrl, apiSecret: 'not-the-secret' }],
      logger: false,
      connectTimeoutMs: 20_000,
    }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(err).toBeInstanceOf(JanusConnectError);
    expect(err).toMatchObject({ unauthorized: true });
    expect((err as Error).message).toMatch(/refused the credentials \(403 .*\): check servers\[0\]\.apiSecret/);
  });

  it('the right apiSecret connects and leaves no session behind from the probe', async () => {
    const connection = await JanusConnection.connect({
      servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
      logger: false,
    });
    try {
      expect(await admin.listSessions()).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  it('the app with a wrong JANUS_API_SECRET starts (lazy) but /health/ready is down and names the cause', async () => {
    const app = await createApp(
      loadConfig({
        JANUS_URL: janus.wsUrl,
        JANUS_API_SECRET: 'not-the-secret',
        JWT_SECRET: TEST_JWT_SECRET,
        LOG_LEVEL: 'fatal',
        PORT: '0',
      }),
    );
    try {
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as { port: number };
      await expect(app.get(JanusService).ready).rejects.toMatchObject({ unauthorized: true });
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { janus: { lastError?: string } } };
      expect(body.error.janus.lastError).toMatch(/refused the credentials/);
      expect(JSON.stringify(body)).not.toContain(janus.apiSecret);
    } finally {
      await app.close();
    }
  });
});
