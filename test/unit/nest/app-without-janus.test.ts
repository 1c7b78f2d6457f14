import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JanusService } from 'nestjs-janus';
import { createApp } from '../../../src/app.factory.js';
import { loadConfig } from '../../../src/config/index.js';
import { freePort } from '../../../tools/janus-harness/index.js';

describe('the app while no Janus answers (lazy connection)', () => {
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    app = await createApp(
      loadConfig({
        JANUS_URL: `ws://127.0.0.1:${port},ws+unix:///nonexistent/janus.sock`,
        AUTH_REQUIRED: 'false',
        LOG_LEVEL: 'fatal',
        PORT: '0',
      }),
    );
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('starts and answers liveness while Janus is unreachable', async () => {
    expect(app.get(JanusService).state).toBe('connecting');
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('is not ready, and says why', async () => {
    const res = await fetch(`${base}/health/ready`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { janus: { status: string; state: string; message: string } } };
    expect(body.error.janus).toMatchObject({ status: 'down', state: 'connecting' });
    expect(body.error.janus.message).toMatch(/not connected to Janus \(connecting\)/);
  });

  it('exposes the connection state on /metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('janus_connection_state{connection="default",state="connecting"} 1');
    expect(text).toContain('janus_connection_state{connection="default",state="connected"} 0');
    expect(text).toContain('janus_sessions{connection="default"} 0');
  });

  it('closes promptly although the connection is still trying', async () => {
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(app.get(JanusService).state).toBe('closed');
  });
});
