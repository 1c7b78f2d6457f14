import { Injectable, Logger, type DynamicModule, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_JANUS_CONNECTION,
  EchoTestPlugin,
  EchoTestService,
  getEchoTestServiceToken,
  getPluginServiceToken,
  VideoRoomPlugin,
  getVideoRoomServiceToken,
  VideoRoomService,
  getJanusConnectionToken,
  getJanusServiceToken,
  InjectJanus,
  JanusConnection,
  JanusInvalidOptionsError,
  JanusModule,
  JanusService,
  JanusTimeoutError,
  type JanusModuleOptions,
} from 'nestjs-janus';
import { JanusMetrics, JanusMetricsModule } from 'nestjs-janus/metrics';
import { FakeJanus } from '../../support/fake-janus.js';

function provide(providers: Provider[] | undefined, token: unknown): Provider | undefined {
  return providers?.find((p) => typeof p === 'object' && 'provide' in p && p.provide === token);
}

/** The core's private observer, to check that nothing is installed without metrics. */
function observerOf(connection: JanusConnection): unknown {
  return (connection as unknown as { observer?: unknown }).observer;
}

describe('JanusModule definition', () => {
  it('forRoot without a name provides and exports the default tokens (JanusService by class)', () => {
    const module = JanusModule.forRoot({ servers: [{ url: 'ws://127.0.0.1:1' }] });
    expect(module.module).toBe(JanusModule);
    expect(module.global).toBe(false);
    expect(getJanusServiceToken()).toBe(JanusService);
    expect(getJanusServiceToken(DEFAULT_JANUS_CONNECTION)).toBe(JanusService);
    expect(module.exports).toEqual([
      JanusService,
      'JanusConnection:default',
      getPluginServiceToken(VideoRoomPlugin),
      VideoRoomService,
      getPluginServiceToken(EchoTestPlugin),
      EchoTestService,
    ]);
    expect(provide(module.providers, JanusService)).toBeDefined();
  });

  it('forRoot with a name gives per-name tokens and keeps name/isGlobal out of the connection options', () => {
    const module = JanusModule.forRoot({ name: 'b', isGlobal: true, servers: [{ url: 'ws://127.0.0.1:1' }] });
    expect(module.global).toBe(true);
    expect(getJanusServiceToken('b')).toBe('JanusService:b');
    expect(getJanusConnectionToken('b')).toBe('JanusConnection:b');
    expect(module.exports).toEqual([
      'JanusService:b',
      'JanusConnection:b',
      getPluginServiceToken(VideoRoomPlugin, 'b'),
      'VideoRoomService:b',
      getPluginServiceToken(EchoTestPlugin, 'b'),
      'EchoTestService:b',
    ]);
    expect(getVideoRoomServiceToken('b')).toBe('VideoRoomService:b');
    expect(getEchoTestServiceToken('b')).toBe('EchoTestService:b');
    // The options stay private to the registration, in the global core module that holds the connection.
    const [core] = module.imports as DynamicModule[];
    expect(core.global).toBe(true);
    expect(provide(module.providers, 'JANUS_MODULE_OPTIONS')).toBeUndefined();
    const options = provide(core.providers, 'JANUS_MODULE_OPTIONS') as { useValue: JanusModuleOptions };
    expect(options.useValue).toEqual({ servers: [{ url: 'ws://127.0.0.1:1' }] });
    expect(core.exports).not.toContain('JanusService:b');
  });

  it('forRootAsync carries name, isGlobal and imports', () => {
    class ConfigModule {}
    const module = JanusModule.forRootAsync({
      name: 'c',
      isGlobal: true,
      imports: [ConfigModule],
      useFactory: () => ({ servers: [{ url: 'ws://127.0.0.1:1' }] }),
    });
    expect(module.global).toBe(true);
    // The options factory runs where the connection is built: the core module, which gets the imports.
    expect((module.imports as DynamicModule[])[0].imports).toEqual([ConfigModule]);
    expect(module.exports).toContain('JanusService:c');
    expect(module.exports).toContain('VideoRoomService:c');
  });

  it('invalid options fail at startup with the core typed error naming the field', async () => {
    const compiling = Test.createTestingModule({
      imports: [JanusModule.forRoot({ servers: [{ url: 'http://127.0.0.1:1' }], logger: false })],
    }).compile();
    await expect(compiling).rejects.toBeInstanceOf(JanusInvalidOptionsError);
    await expect(compiling).rejects.toThrow(/servers\[0\]\.url/);
  });
});

describe('JanusModule against a fake Janus', () => {
  let fake: FakeJanus;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    fake = await FakeJanus.start();
  });
  afterEach(async () => {
    fake.script = undefined;
    for (const close of closers.splice(0)) await close();
  });
  afterAll(async () => {
    await fake.close();
  });

  async function boot(imports: Parameters<typeof Test.createTestingModule>[0]['imports'], providers: Provider[] = []) {
    const moduleRef = await Test.createTestingModule({ imports, providers }).compile();
    await moduleRef.init();
    closers.push(() => moduleRef.close());
    return moduleRef;
  }

  it('uses Nest Logger with context Janus by default, and Janus:<name> for a named connection', async () => {
    const moduleRef = await boot([
      JanusModule.forRoot({ servers: [{ url: fake.url }] }),
      JanusModule.forRoot({ name: 'b', servers: [{ url: fake.url }] }),
    ]);
    const defaultLogger = (moduleRef.get(JanusService).connection.log as unknown as { logger: unknown }).logger;
    const bLogger = (moduleRef.get<JanusService>('JanusService:b').connection.log as unknown as { logger: unknown })
      .logger;
    expect(defaultLogger).toBeInstanceOf(Logger);
    expect((defaultLogger as { context?: string }).context).toBe('Janus');
    expect((bLogger as { context?: string }).context).toBe('Janus:b');
  });

  it('injects named services into a user provider; each has its own connection', async () => {
    @Injectable()
    class TwoClusters {
      constructor(
        @InjectJanus() readonly a: JanusService,
        @InjectJanus('b') readonly b: JanusService,
      ) {}
    }
    const moduleRef = await boot(
      [
        JanusModule.forRoot({ servers: [{ url: fake.url }], logger: false }),
        JanusModule.forRoot({ name: 'b', servers: [{ url: fake.url }], logger: false }),
      ],
      [TwoClusters],
    );
    const clusters = moduleRef.get(TwoClusters);
    expect(clusters.a.name).toBe('default');
    expect(clusters.b.name).toBe('b');
    expect(clusters.a.connection).not.toBe(clusters.b.connection);
    expect(moduleRef.get(getJanusConnectionToken('b'))).toBe(clusters.b.connection);
    expect(clusters.b.state).toBe('connected');
  });

  it('installs no observer without JanusMetricsModule (zero cost)', async () => {
    const moduleRef = await boot([JanusModule.forRoot({ servers: [{ url: fake.url }], logger: false })]);
    expect(observerOf(moduleRef.get(JanusService).connection)).toBeUndefined();
  });

  it('JanusMetricsModule instruments every connection, before it connects', async () => {
    const registry = new Registry();
    const moduleRef = await boot([
      JanusMetricsModule.forRoot({ registry, prefix: 'x_' }),
      JanusModule.forRoot({ servers: [{ url: fake.url }], logger: false }),
      JanusModule.forRoot({ name: 'b', servers: [{ url: fake.url }], logger: false }),
    ]);
    expect(moduleRef.get(JanusMetrics).registry).toBe(registry);
    expect(observerOf(moduleRef.get(JanusService).connection)).toBeDefined();
    const text = await registry.metrics();
    // The `info` of the initial connect was observed: the observer was there before the connection started.
    for (const connection of ['default', 'b']) {
      expect(text).toContain(
        `x_request_duration_seconds_count{connection="${connection}",request="info",outcome="success"} 1`,
      );
      expect(text).toContain(`x_connection_state{connection="${connection}",state="connected"} 1`);
    }
  });

  it('counts timeouts and events by kind; drops a connection from the gauges once it is closed', async () => {
    const registry = new Registry();
    const metrics = new JanusMetrics({ registry });
    const connection = new JanusConnection({ servers: [{ url: fake.url }], logger: false, requestTimeoutMs: 100 });
    metrics.instrument(connection, 'solo');
    await connection.start();
    const session = await connection.createSession();
    fake.script = (request, socket) => {
      if (request.janus === 'keepalive') {
        socket.send({ janus: 'webrtcup', session_id: session.id, sender: 1 });
        socket.send({ janus: 'media', session_id: session.id, sender: 1, type: 'audio', receiving: true });
        return; // and never answer
      }
      fake.answer(request, socket);
    };
    await expect(session.keepalive()).rejects.toBeInstanceOf(JanusTimeoutError);
    let text = await registry.metrics();
    expect(text).toContain('janus_request_errors_total{connection="solo",request="keepalive",code="timeout"} 1');
    expect(text).toContain('janus_events_total{connection="solo",kind="webrtcup"} 1');
    expect(text).toContain('janus_events_total{connection="solo",kind="media"} 1');
    expect(text).toContain('janus_sessions{connection="solo"} 1');
    fake.script = undefined;
    await connection.close();
    text = await registry.metrics();
    expect(text).not.toContain('janus_sessions{connection="solo"}');
    expect(text).toContain('janus_sessions_created_total{connection="solo"} 1');
  });

  it('two JanusMetrics on one registry share the metrics instead of colliding', () => {
    const registry = new Registry();
    new JanusMetrics({ registry });
    expect(() => new JanusMetrics({ registry })).not.toThrow();
    expect(registry.getSingleMetric('janus_sessions')).toBeDefined();
  });
});
