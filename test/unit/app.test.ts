import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/index.js';
import { InfoController } from '../../src/info/info.controller.js';

describe('the app over HTTP (no Janus needed)', () => {
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    const config = loadConfig({
      JANUS_URL: 'ws://user:pw@127.0.0.1:8188/janus?token=abc,ws+unix:///run/janus.sock',
      JANUS_API_SECRET: 'api-secret-value',
      JANUS_ADMIN_URL: 'ws://127.0.0.1:7188',
      JANUS_ADMIN_SECRET: 'admin-secret-value',
      JWT_SECRET: 'a-test-secret-of-at-least-32-chars!',
      LOG_LEVEL: 'error',
      PORT: '0',
    });
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('GET /health answers { status: "ok" }', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET / serves the demo page', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<h1>nestjs-janus</h1>');
    expect(html).toContain('/info');
  });

  it('GET /favicon.ico serves the icon (browsers ask for it on every page)', async () => {
    const res = await fetch(`${base}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('GET /info shows the Janus URLs without credentials or secrets', async () => {
    const res = await fetch(`${base}/info`);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      name: 'nestjs-janus',
      janusUrls: ['ws://127.0.0.1:8188/janus', 'ws+unix:///run/janus.sock'],
      janusAdmin: true,
      authRequired: true,
    });
    for (const secret of ['pw', 'abc', 'api-secret-value', 'admin-secret-value', '7188']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('GET /info with JANUS_POOL', () => {
  it("lists the pool's servers without credentials, and says whether every one has its Admin API", () => {
    const env = { JWT_SECRET: 'a-test-secret-of-at-least-32-chars!', JANUS_ADMIN_SECRET: 'admin-secret-value' };
    const pool = 'ws://user:pw@10.0.0.1:8188/janus?x=1|ws://10.0.0.1:7188, ws://10.0.0.2:8188';
    expect(new InfoController(loadConfig({ ...env, JANUS_POOL: pool })).info()).toMatchObject({
      janusUrls: ['ws://10.0.0.1:8188/janus', 'ws://10.0.0.2:8188/'],
      janusAdmin: false,
    });
    const everyAdmin = 'ws://10.0.0.1:8188|ws://10.0.0.1:7188,ws://10.0.0.2:8188|ws://10.0.0.2:7188';
    expect(new InfoController(loadConfig({ ...env, JANUS_POOL: everyAdmin })).info().janusAdmin).toBe(true);
  });
});
