import type { NestExpressApplication } from '@nestjs/platform-express';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JanusAdminClient, JanusService, type JanusConnectionState } from 'nestjs-janus';
import { createApp } from '../../../src/app.factory.js';
import { loadConfig } from '../../../src/config/index.js';
import { startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';
import { startApp, type AppUnderTest } from '../../support/app-harness.js';
import { CaptureLogger } from '../../support/capture-logger.js';

function waitState(janus: JanusService, state: JanusConnectionState): Promise<unknown> {
  return firstValueFrom(janus.state$.pipe(filter((s) => s === state)));
}

/** The value of one sample in Prometheus text, e.g. `sample(text, 'janus_sessions', { connection: 'default' })`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('the app with Janus: /health, /health/ready, /metrics, shutdown', () => {
  let janus: JanusInstance;
  let admin: JanusAdminClient;
  let app: NestExpressApplication;
  let service: JanusService;
  let base: string;
  const logs = new CaptureLogger();
  /** What the app logged about readiness (terminus's own failure lines included). */
  const healthLines = (): Array<{ level: string; message: string }> =>
    logs.lines.filter((line) => /readiness|health check/i.test(line.message));

  async function get(path: string): Promise<{ status: number; text: string; type: string | null }> {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
  }

  beforeAll(async () => {
    janus = await startJanus();
    admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: false });
    const config = loadConfig({
      JANUS_URL: janus.wsUrl,
      JANUS_API_SECRET: janus.apiSecret,
      JANUS_ADMIN_URL: janus.adminUrl,
      JANUS_ADMIN_SECRET: janus.adminSecret,
      AUTH_REQUIRED: 'false',
      LOG_LEVEL: 'fatal',
      PORT: '0',
    });
    app = await createApp(config);
    app.useLogger(logs);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    service = app.get(JanusService);
    await service.ready;
  });
  afterAll(async () => {
    await app?.close();
    await admin?.close();
    await janus?.stop();
  });

  it('/metrics counts a session and its create request', async () => {
    const before = await get('/metrics');
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(before.text, 'janus_connection_state', { connection: 'default', state: 'connected' })).toBe(1);
    expect(sample(before.text, 'janus_connection_state', { connection: 'default', state: 'reconnecting' })).toBe(0);
    expect(sample(before.text, 'janus_sessions', { connection: 'default' })).toBe(0);
    expect(sample(before.text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    const creates = { connection: 'default', request: 'create', outcome: 'success' };
    const createsBefore = sample(before.text, 'janus_request_duration_seconds_count', creates) ?? 0;

    const session = await service.createSession();
    const handle = await session.attach('janus.plugin.echotest');
    await handle.message({ audio: true });
    const after = (await get('/metrics')).text;
    expect(sample(after, 'janus_sessions', { connection: 'default' })).toBe(1);
    expect(sample(after, 'janus_handles', { connection: 'default' })).toBe(1);
    expect(sample(after, 'janus_sessions_created_total', { connection: 'default' })).toBe(1);
    expect(sample(after, 'janus_requests_in_flight', { connection: 'default' })).toBe(0);
    expect(sample(after, 'janus_request_duration_seconds_count', creates)).toBe(createsBefore + 1);
    expect(sample(after, 'janus_request_duration_seconds_bucket', { ...creates, le: '+Inf' })).toBe(createsBefore + 1);
    expect(sample(after, 'janus_request_duration_seconds_count', { connection: 'default', request: 'attach' })).toBe(1);

    // A request Janus refuses is counted by its Janus error code (458: no such session).
    await session.destroy();
    await expect(service.connection.request('keepalive', { janus: 'keepalive', session_id: 1 })).rejects.toThrow(
      /No such session/,
    );
    const errors = (await get('/metrics')).text;
    expect(sample(errors, 'janus_request_errors_total', { request: 'keepalive', code: '458' })).toBe(1);
    expect(sample(errors, 'janus_sessions', { connection: 'default' })).toBe(0);
    expect(sample(errors, 'janus_handles', { connection: 'default' })).toBe(0);
  });

  it('/health is up and /health/ready reports Janus up with latency and version', async () => {
    const live = await get('/health');
    expect(live.status).toBe(200);
    expect(JSON.parse(live.text)).toEqual({ status: 'ok' });

    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    const body = JSON.parse(ready.text) as { status: string; info: { janus: Record<string, unknown> } };
    expect(body.status).toBe('ok');
    expect(body.info.janus).toMatchObject({ status: 'up', version: '1.1.2' });
    expect(body.info.janus.latencyMs).toBeTypeOf('number');
  });

  it('/health/ready goes down with the reason while Janus is down, and up again after it restarts', async () => {
    const lost = waitState(service, 'reconnecting');
    await janus.kill();
    await lost;

    const down = await get('/health/ready');
    expect(down.status).toBe(503);
    const body = JSON.parse(down.text) as { status: string; error: { janus: Record<string, unknown> } };
    expect(body.status).toBe('error');
    expect(body.error.janus).toMatchObject({ status: 'down', state: 'reconnecting' });
    expect(body.error.janus.message).toMatch(/not connected to Janus/);
    expect((await get('/health')).status).toBe(200);

    // A load balancer probes often: the outage is logged once, as a warning with the reason, not per probe.
    const probes = await Promise.all(Array.from({ length: 30 }, () => get('/health/ready')));
    expect(probes.map((p) => p.status)).toEqual(Array.from({ length: 30 }, () => 503));
    expect(healthLines()).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(/^readiness down: janus: .*not connected to Janus.*state: reconnecting/),
      },
    ]);

    const back = waitState(service, 'connected');
    await janus.restart();
    await back;
    const up = await get('/health/ready');
    expect(up.status).toBe(200);
    expect((await get('/health/ready')).status).toBe(200);
    expect(healthLines().slice(1)).toEqual([{ level: 'log', message: 'readiness up again' }]);
    expect(sample((await get('/metrics')).text, 'janus_reconnects_total', { connection: 'default' })).toBe(1);
  });

  it('app.close() destroys every session the app created on Janus', async () => {
    const sessions = await Promise.all([service.createSession(), service.createSession()]);
    await sessions[1].attach('janus.plugin.echotest');
    expect(await admin.listSessions()).toEqual(expect.arrayContaining(sessions.map((s) => s.id)));

    await app.close();

    expect(await admin.listSessions()).toEqual([]);
    expect(service.state).toBe('closed');
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  const METRICS_TOKEN = 'scrape-me-0123456789abcdef';
  let app: AppUnderTest;

  beforeAll(async () => {
    app = await startApp({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function scrape(authorization?: string): Promise<Response> {
    return fetch(`${app.url}/metrics`, { headers: authorization === undefined ? {} : { authorization } });
  }

  it('answers 401 (WWW-Authenticate: Bearer) without the token, or with another one, and serves it with the token', async () => {
    const admin = await app.token({ roles: ['admin'] });
    for (const authorization of [
      undefined,
      'Bearer wrong-token-0123456789abcdef',
      `Bearer ${METRICS_TOKEN}x`,
      `Bearer ${METRICS_TOKEN.slice(0, -1)}`,
      `Basic ${Buffer.from(`metrics:${METRICS_TOKEN}`).toString('base64')}`,
      METRICS_TOKEN,
      `Bearer ${admin}`,
    ]) {
      const refused = await scrape(authorization);
      expect({ authorization, status: refused.status }).toEqual({ authorization, status: 401 });
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      const body = await refused.text();
      expect(JSON.parse(body)).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(body).not.toContain('janus_');
    }
    const served = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(served.status).toBe(200);
    expect(sample(await served.text(), 'janus_connection_state', { state: 'connected' })).toBe(1);
  });
});
