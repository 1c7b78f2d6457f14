import { Injectable, Module, type LoggerService, type INestApplicationContext } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  JanusAdminClient,
  JanusConnectError,
  JanusConnection,
  JanusModule,
  JanusService,
  InjectJanus,
  InjectJanusConnection,
  type JanusModuleOptions,
  type JanusOptionsFactory,
} from 'nestjs-janus';
import { freePort, startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';

/** A business provider of the user's app that gets the service and the raw connection injected. */
@Injectable()
class Rooms {
  constructor(
    readonly janus: JanusService,
    @InjectJanus() readonly same: JanusService,
    @InjectJanusConnection() readonly connection: JanusConnection,
  ) {}

  async sessionId(): Promise<number> {
    const session = await this.janus.createSession();
    return session.id;
  }
}

/** Records every line with its context, like an app logger (nestjs-pino) would receive them. */
class RecordingLogger implements LoggerService {
  readonly lines: Array<{ level: string; message: string; context?: string }> = [];
  log(message: string, context?: string): void {
    this.lines.push({ level: 'log', message, context });
  }
  error(message: string, ...rest: unknown[]): void {
    this.lines.push({ level: 'error', message, context: rest.at(-1) as string | undefined });
  }
  warn(message: string, context?: string): void {
    this.lines.push({ level: 'warn', message, context });
  }
}

describe('JanusModule against a real Janus', () => {
  let janus: JanusInstance;
  let admin: JanusAdminClient;
  const open: INestApplicationContext[] = [];

  function options(extra: Partial<JanusModuleOptions> = {}): JanusModuleOptions {
    return {
      servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
      admin: { url: janus.adminUrl, secret: janus.adminSecret },
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      logger: false,
      ...extra,
    };
  }

  async function boot(imports: NonNullable<Parameters<typeof Test.createTestingModule>[0]['imports']>) {
    const moduleRef = await Test.createTestingModule({ imports, providers: [Rooms] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    open.push(app);
    await app.init();
    return app;
  }

  beforeAll(async () => {
    janus = await startJanus();
    admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: false });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    await admin?.close();
    await janus?.stop();
  });

  it('forRoot: connects on init and injects JanusService and the connection into a user provider', async () => {
    const app = await boot([JanusModule.forRoot(options())]);
    const rooms = app.get(Rooms);
    expect(rooms.janus).toBeInstanceOf(JanusService);
    expect(rooms.same).toBe(rooms.janus);
    expect(rooms.connection).toBe(rooms.janus.connection);
    expect(rooms.janus.name).toBe('default');
    expect(rooms.janus.state).toBe('connected');
    expect(await rooms.janus.ready).toBe(rooms.connection);
    expect(rooms.janus.serverInfo?.version_string).toBe('1.1.2');

    const id = await rooms.sessionId();
    expect(await admin.listSessions()).toContain(id);
    expect(await rooms.janus.admin!.listSessions()).toContain(id);
  });

  it('forRootAsync with useFactory and @nestjs/config ConfigService', async () => {
    const app = await boot([
      JanusModule.forRootAsync({
        imports: [
          ConfigModule.forRoot({
            ignoreEnvFile: true,
            load: [() => ({ janus: { url: janus.wsUrl, apiSecret: janus.apiSecret } })],
          }),
        ],
        inject: [ConfigService],
        useFactory: (config: ConfigService): JanusModuleOptions => ({
          servers: [
            { url: config.getOrThrow<string>('janus.url'), apiSecret: config.getOrThrow<string>('janus.apiSecret') },
          ],
          logger: false,
        }),
      }),
    ]);
    const rooms = app.get(Rooms);
    expect(rooms.janus.state).toBe('connected');
    expect(rooms.janus.connection.serverInfo?.version_string).toBe('1.1.2');
    const id = await rooms.sessionId();
    expect(await admin.listSessions()).toContain(id);
  });

  it('forRootAsync with useClass and with useExisting', async () => {
    @Injectable()
    class JanusConfig implements JanusOptionsFactory {
      createJanusOptions(): JanusModuleOptions {
        return options();
      }
    }
    @Module({ providers: [JanusConfig], exports: [JanusConfig] })
    class JanusConfigModule {}

    const byClass = await boot([JanusModule.forRootAsync({ useClass: JanusConfig })]);
    expect(byClass.get(Rooms).janus.state).toBe('connected');

    const byExisting = await boot([
      JanusModule.forRootAsync({ imports: [JanusConfigModule], useExisting: JanusConfig }),
    ]);
    expect(byExisting.get(Rooms).janus.state).toBe('connected');
    expect(byExisting.get(Rooms).janus).not.toBe(byClass.get(Rooms).janus);
  });

  it('isGlobal: the service is injectable in a module that does not import JanusModule', async () => {
    @Module({ providers: [Rooms], exports: [Rooms] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [JanusModule.forRoot({ ...options(), isGlobal: true }), FeatureModule],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    open.push(app);
    await app.init();
    expect(app.get(Rooms).janus.state).toBe('connected');
  });

  it('startup fails with JanusConnectError naming the server when nobody answers within connectTimeoutMs', async () => {
    const port = await freePort();
    const moduleRef = await Test.createTestingModule({
      imports: [
        JanusModule.forRoot({ servers: [{ url: `ws://127.0.0.1:${port}` }], connectTimeoutMs: 300, logger: false }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const started = Date.now();
    const error = await app.init().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(JanusConnectError);
    expect((error as JanusConnectError).message).toMatch(/Janus connection "default" failed at startup/);
    expect((error as JanusConnectError).message).toContain(`ws://127.0.0.1:${port}`);
    // It says what to do: check the URL and Janus's WebSocket transport, wait longer, or start lazily.
    expect((error as JanusConnectError).message).toContain('janus.transport.websockets.jcfg');
    expect((error as JanusConnectError).message).toContain('connectTimeoutMs');
    expect((error as JanusConnectError).message).toContain('lazy: true');
    expect((error as JanusConnectError).attempts[0].url).toBe(`ws://127.0.0.1:${port}`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(moduleRef.get(JanusService).state).toBe('closed');
  });

  it('lazy: init does not wait for Janus; ready resolves once Janus is up', async () => {
    await janus.kill();
    let restarted = false;
    try {
      const app = await boot([JanusModule.forRoot({ ...options(), lazy: true })]);
      const service = app.get(JanusService);
      expect(service.state).toBe('connecting');
      await janus.restart();
      restarted = true;
      expect(await service.ready).toBe(service.connection);
      expect(service.state).toBe('connected');
    } finally {
      if (!restarted) await janus.restart();
    }
  });

  it('logs through Nest with context "Janus" by default', async () => {
    const logger = new RecordingLogger();
    const moduleRef = await Test.createTestingModule({
      imports: [JanusModule.forRoot({ ...options(), logger: undefined })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger });
    open.push(app);
    await app.init();
    expect(logger.lines).toContainEqual({
      level: 'log',
      message: `connection connected to ${janus.wsUrl}`,
      context: 'Janus',
    });
  });

  it('sharedSession: one session for concurrent callers, re-created once it is lost', async () => {
    const app = await boot([JanusModule.forRoot(options({ keepaliveIntervalMs: 200 }))]);
    const service = app.get(JanusService);
    const [first, again] = await Promise.all([service.sharedSession(), service.sharedSession()]);
    expect(again).toBe(first);
    expect(await admin.listSessions()).toContain(first.id);

    // Janus forgets it; the connection's keepalive finds out and ends it with reason `lost`.
    const closed = firstValueFrom(first.closed$);
    await admin.destroySession(first.id);
    expect((await closed).reason).toBe('lost');
    const second = await service.sharedSession();
    expect(second).not.toBe(first);
    expect(await admin.listSessions()).toContain(second.id);
  });

  it('on shutdown destroys every session the app created (Admin API lists none), then closes', async () => {
    const app = await boot([JanusModule.forRoot(options())]);
    const service = app.get(JanusService);
    const sessions = await Promise.all([service.createSession(), service.createSession(), service.createSession()]);
    const handle = await sessions[0].attach('janus.plugin.echotest');
    expect(await admin.listSessions()).toEqual(expect.arrayContaining(sessions.map((s) => s.id)));
    expect(await admin.listHandles(sessions[0].id)).toContain(handle.id);

    open.splice(open.indexOf(app), 1);
    await app.close();

    expect(await admin.listSessions()).toEqual([]);
    expect(service.state).toBe('closed');
    expect(sessions.every((s) => s.closeInfo?.reason === 'destroyed')).toBe(true);
    expect(handle.isDetached).toBe(true);
  });
});
