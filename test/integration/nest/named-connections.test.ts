import { Controller, Get, Injectable, type INestApplication } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InjectJanus, JanusAdminClient, JanusModule, JanusService, type JanusModuleOptions } from 'nestjs-janus';
import { JanusHealthIndicator, JanusHealthModule } from 'nestjs-janus/health';
import { startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';

/** A user's provider that talks to two Janus clusters. */
@Injectable()
class Clusters {
  constructor(
    readonly main: JanusService,
    @InjectJanus('b') readonly b: JanusService,
  ) {}
}

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly janus: JanusHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.janus.isHealthy('janus'),
      () => this.janus.isHealthy('janus-b', { connection: 'b', timeoutMs: 1000 }),
    ]);
  }

  @Get('missing')
  @HealthCheck()
  missing(): Promise<HealthCheckResult> {
    return this.health.check([() => this.janus.isHealthy('janus-x', { connection: 'x' })]);
  }
}

describe('two named connections to two Janus instances', () => {
  let a: JanusInstance;
  let b: JanusInstance;
  let adminA: JanusAdminClient;
  let adminB: JanusAdminClient;
  let app: INestApplication;
  let base: string;

  const options = (janus: JanusInstance): JanusModuleOptions => ({
    servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    logger: false,
  });

  beforeAll(async () => {
    [a, b] = await Promise.all([startJanus(), startJanus()]);
    adminA = new JanusAdminClient({ url: a.adminUrl, secret: a.adminSecret, logger: false });
    adminB = new JanusAdminClient({ url: b.adminUrl, secret: b.adminSecret, logger: false });
    const moduleRef = await Test.createTestingModule({
      imports: [
        JanusModule.forRoot(options(a)),
        JanusModule.forRootAsync({ name: 'b', useFactory: () => options(b) }),
        JanusHealthModule,
      ],
      controllers: [HealthController],
      providers: [Clusters],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([adminA?.close(), adminB?.close()]);
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('each injected service talks to its own Janus', async () => {
    const clusters = app.get(Clusters);
    expect(clusters.main.name).toBe('default');
    expect(clusters.b.name).toBe('b');
    expect(clusters.main.connection.serverUrl).toBe(a.wsUrl);
    expect(clusters.b.connection.serverUrl).toBe(b.wsUrl);

    const onA = await clusters.main.createSession();
    const onB = await clusters.b.createSession();
    expect(await adminA.listSessions()).toEqual([onA.id]);
    expect(await adminB.listSessions()).toEqual([onB.id]);
  });

  it('health reports each connection; one Janus down makes the check fail and names it', async () => {
    const up = await fetch(`${base}/health`);
    expect(up.status).toBe(200);
    const upBody = (await up.json()) as { info: Record<string, { status: string }> };
    expect(upBody.info.janus.status).toBe('up');
    expect(upBody.info['janus-b'].status).toBe('up');

    const clusters = app.get(Clusters);
    const lost = firstValueFrom(clusters.b.state$.pipe(filter((s) => s === 'reconnecting')));
    await b.kill();
    await lost;
    const down = await fetch(`${base}/health`);
    expect(down.status).toBe(503);
    const downBody = (await down.json()) as {
      info: Record<string, { status: string }>;
      error: Record<string, { status: string; message: string }>;
    };
    expect(downBody.info.janus.status).toBe('up');
    expect(downBody.error['janus-b'].status).toBe('down');

    const back = firstValueFrom(clusters.b.state$.pipe(filter((s) => s === 'connected')));
    await b.restart();
    await back;
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('an unknown connection name is down with the reason', async () => {
    const res = await fetch(`${base}/health/missing`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: Record<string, { message: string }> };
    expect(body.error['janus-x'].message).toBe('no Janus connection named "x"');
  });

  it('app.close() destroys the sessions on both Janus instances', async () => {
    const clusters = app.get(Clusters);
    await Promise.all([clusters.main.createSession(), clusters.b.createSession()]);
    expect((await adminA.listSessions()).length).toBeGreaterThan(0);
    expect((await adminB.listSessions()).length).toBeGreaterThan(0);
    await app.close();
    expect(await adminA.listSessions()).toEqual([]);
    expect(await adminB.listSessions()).toEqual([]);
  });
});
