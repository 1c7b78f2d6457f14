import { describe, expect, it } from 'vitest';
import {
  AppConfig,
  clientAddress,
  ConfigError,
  loadConfig,
  logLevelsFrom,
  trustFunction,
} from '../../src/config/index.js';

/** A valid JWT secret: AUTH_REQUIRED defaults to true, which needs JWT_SECRET or JWT_JWKS_URL. */
const AUTH = { JWT_SECRET: 'a-test-secret-of-at-least-32-chars!' };

/** The problems `loadConfig` reports for `env` (it must throw a `ConfigError`). */
function problemsOf(env: Record<string, string>): readonly string[] {
  let error: unknown;
  try {
    loadConfig(env);
  } catch (err) {
    error = err;
  }
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error.problems;
}

describe('loadConfig (environment validation)', () => {
  it('applies the defaults with only JANUS_URL set', () => {
    const config = loadConfig({ ...AUTH, JANUS_URL: 'ws://127.0.0.1:8188' });
    expect(config).toBeInstanceOf(AppConfig);
    expect(config.janus).toEqual({
      urls: ['ws://127.0.0.1:8188'],
      pool: undefined,
      apiSecret: undefined,
      admin: undefined,
    });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.authRequired).toBe(true);
    expect(config.logLevel).toBe('log');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...AUTH,
      JANUS_URL: 'wss://janus.example.org/ws , ws+unix:///run/janus/janus.sock',
      JANUS_API_SECRET: 'api',
      JANUS_ADMIN_URL: 'ws://janus:7188',
      JANUS_ADMIN_SECRET: 'admin',
      HOST: '0.0.0.0',
      PORT: '8080',
      AUTH_REQUIRED: 'false',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config.janus.urls).toEqual(['wss://janus.example.org/ws', 'ws+unix:///run/janus/janus.sock']);
    expect(config.janus.apiSecret).toBe('api');
    expect(config.janus.admin).toEqual({ url: 'ws://janus:7188', secret: 'admin' });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(config.authRequired).toBe(false);
    expect(config.logLevel).toBe('debug');
    expect(logLevelsFrom(config.logLevel)).toEqual(['fatal', 'error', 'warn', 'log', 'debug']);
  });

  it('names JANUS_URL when it is missing', () => {
    expect(() => loadConfig({})).toThrow(/JANUS_URL: is required/);
    expect(() => loadConfig({ ...AUTH, JANUS_URL: '  ' })).toThrow(/JANUS_URL/);
  });

  it('names JANUS_URL when an entry has another scheme or is not a URL', () => {
    expect(problemsOf({ ...AUTH, JANUS_URL: 'http://janus:8088/janus' })).toEqual([
      expect.stringMatching(/^JANUS_URL: "http:\/\/janus:8088\/janus" has scheme http:/),
    ]);
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://ok:8188,janus:8188' })[0]).toMatch(/^JANUS_URL: /);
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://ok:8188', WS_PING_INTERVAL_MS: '500' })[0]).toMatch(
      /^WS_PING_INTERVAL_MS: /,
    );
    expect(problemsOf({ ...AUTH, JANUS_URL: 'not a url' })[0]).toMatch(/^JANUS_URL: "not a url" is not a URL/);
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1,,ws://b:2' })[0]).toMatch(/^JANUS_URL: has an empty entry/);
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws+unix://' })[0]).toMatch(/^JANUS_URL: .*no socket path/);
  });

  it('reports every bad variable at once, each by name', () => {
    const problems = problemsOf({
      ...AUTH,
      JANUS_URL: 'ws://janus:8188',
      PORT: '70000',
      AUTH_REQUIRED: 'maybe',
      LOG_LEVEL: 'loud',
      JANUS_ADMIN_URL: 'ws://janus:7188',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['JANUS_ADMIN_SECRET', 'PORT', 'AUTH_REQUIRED', 'LOG_LEVEL']);
  });

  it('wants JANUS_ADMIN_URL and JANUS_ADMIN_SECRET together', () => {
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://j:8188', JANUS_ADMIN_SECRET: 's' })).toEqual([
      'JANUS_ADMIN_URL: is required when JANUS_ADMIN_SECRET is set',
    ]);
    expect(
      problemsOf({
        ...AUTH,
        JANUS_URL: 'ws://j:8188',
        JANUS_ADMIN_URL: 'ws://j:7188,ws://k:7188',
        JANUS_ADMIN_SECRET: 's',
      }),
    ).toEqual(['JANUS_ADMIN_URL: must be a single URL']);
  });

  it('reads JANUS_POOL (API_URL or API_URL|ADMIN_URL entries) instead of JANUS_URL, and refuses bad ones by name', () => {
    const config = loadConfig({
      ...AUTH,
      JANUS_POOL: 'ws://10.0.0.1:8188|ws://10.0.0.1:7188, ws://10.0.0.2:8188',
      JANUS_ADMIN_SECRET: 'adm',
    });
    expect(config.janus.urls).toEqual([]);
    expect(config.janus.pool).toEqual([
      { url: 'ws://10.0.0.1:8188', admin: { url: 'ws://10.0.0.1:7188', secret: 'adm' } },
      { url: 'ws://10.0.0.2:8188', admin: undefined },
    ]);
    expect(problemsOf({ ...AUTH, JANUS_POOL: 'ws://a:1', JANUS_URL: 'ws://b:1' })).toEqual([
      'JANUS_POOL: replaces JANUS_URL: set one of the two',
    ]);
    expect(problemsOf({ ...AUTH, JANUS_POOL: 'ws://a:1|ws://a:2' })).toEqual([
      'JANUS_ADMIN_SECRET: is required when JANUS_POOL gives Admin API URLs',
    ]);
    expect(problemsOf({ ...AUTH, JANUS_POOL: 'ws://a:1,ws://a:1' })).toEqual(['JANUS_POOL: lists ws://a:1 twice']);
    expect(problemsOf({ ...AUTH, JANUS_POOL: 'ws://a:1|ws://a:2|ws://a:3', JANUS_ADMIN_SECRET: 'x' })[0]).toMatch(
      /^JANUS_POOL: "ws:\/\/a:1\|ws:\/\/a:2\|ws:\/\/a:3" is not API_URL or API_URL\|ADMIN_URL/,
    );
    expect(problemsOf({ ...AUTH, JANUS_POOL: 'http://a:1' })[0]).toMatch(
      /^JANUS_POOL: "http:\/\/a:1" has scheme http:/,
    );
    expect(
      problemsOf({ ...AUTH, JANUS_POOL: 'ws://a:1', JANUS_ADMIN_URL: 'ws://a:2', JANUS_ADMIN_SECRET: 'x' }),
    ).toEqual(["JANUS_ADMIN_URL: does not go with JANUS_POOL: give each server's Admin API there (API_URL|ADMIN_URL)"]);
  });

  it('accepts the usual boolean spellings and `info` for LOG_LEVEL', () => {
    expect(loadConfig({ ...AUTH, JANUS_URL: 'ws://j:1', AUTH_REQUIRED: '0' }).authRequired).toBe(false);
    expect(loadConfig({ ...AUTH, JANUS_URL: 'ws://j:1', AUTH_REQUIRED: 'YES' }).authRequired).toBe(true);
    expect(loadConfig({ ...AUTH, JANUS_URL: 'ws://j:1', LOG_LEVEL: 'info' }).logLevel).toBe('log');
  });

  it('requires a JWT key when auth is required, and reads the auth, signaling and VideoRoom variables', () => {
    expect(problemsOf({ JANUS_URL: 'ws://127.0.0.1:8188' })).toEqual([
      expect.stringMatching(/^JWT_SECRET: or JWT_JWKS_URL is required when AUTH_REQUIRED is true/),
    ]);
    expect(problemsOf({ JANUS_URL: 'ws://127.0.0.1:8188', JWT_SECRET: 'short' })[0]).toMatch(
      /^JWT_SECRET: must be at least 32/,
    );
    expect(problemsOf({ JANUS_URL: 'ws://127.0.0.1:8188', JWT_JWKS_URL: 'ftp://idp/jwks' })[0]).toMatch(
      /^JWT_JWKS_URL: /,
    );
    const config = loadConfig({
      JANUS_URL: 'ws://127.0.0.1:8188',
      JWT_JWKS_URL: 'https://idp.example.org/.well-known/jwks.json',
      JWT_ROLES_CLAIM: 'realm_roles',
      JWT_ADMIN_ROLE: 'room-admin',
      WS_MAX_PAYLOAD_BYTES: '65536',
      SDP_MAX_BYTES: '32768',
      WS_PING_INTERVAL_MS: '50000',
      RATE_LIMIT_POINTS: '5',
      VIDEOROOM_ROOM_SECRETS: '1234=abc, 42=def',
      VIDEOROOM_DEFAULT_SECRET: 'dflt',
    });
    expect(config.auth).toMatchObject({
      required: true,
      jwksUrl: 'https://idp.example.org/.well-known/jwks.json',
      rolesClaim: 'realm_roles',
      adminRole: 'room-admin',
    });
    expect(config.signaling).toEqual({
      maxPayloadBytes: 65536,
      maxSdpBytes: 32768,
      heartbeat: { intervalMs: 50000, timeoutMs: 20000 },
      rateLimit: { perSocket: 5, perIp: 100, windowSeconds: 10 },
    });
    expect([...config.videoRoom.roomSecrets]).toEqual([
      [1234, 'abc'],
      [42, 'def'],
    ]);
    expect(config.videoRoom.defaultSecret).toBe('dflt');
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', VIDEOROOM_ROOM_SECRETS: 'room=1' })[0]).toMatch(
      /^VIDEOROOM_ROOM_SECRETS: /,
    );
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', SDP_MAX_BYTES: '10' })[0]).toMatch(/^SDP_MAX_BYTES: /);
  });

  it('reads each plugin its own room (or mountpoint) secrets and admin key', () => {
    const config = loadConfig({
      ...AUTH,
      JANUS_URL: 'ws://a:1',
      VIDEOROOM_DEFAULT_SECRET: 'v',
      AUDIOBRIDGE_ROOM_SECRETS: '1234=ab',
      AUDIOBRIDGE_ADMIN_KEY: 'abk',
      STREAMING_MOUNTPOINT_SECRETS: '7=st',
      STREAMING_DEFAULT_SECRET: 'sd',
      TEXTROOM_ROOM_SECRETS: '1234=tr',
      TEXTROOM_ADMIN_KEY: 'trk',
    });
    expect(config.videoRoom).toEqual({ roomSecrets: new Map(), defaultSecret: 'v', adminKey: undefined });
    expect(config.audioBridge).toEqual({
      roomSecrets: new Map([[1234, 'ab']]),
      defaultSecret: undefined,
      adminKey: 'abk',
    });
    expect(config.streaming).toEqual({ roomSecrets: new Map([[7, 'st']]), defaultSecret: 'sd', adminKey: undefined });
    expect(config.textRoom).toEqual({
      roomSecrets: new Map([[1234, 'tr']]),
      defaultSecret: undefined,
      adminKey: 'trk',
    });
    for (const name of ['AUDIOBRIDGE_ROOM_SECRETS', 'STREAMING_MOUNTPOINT_SECRETS', 'TEXTROOM_ROOM_SECRETS']) {
      expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', [name]: 'x=1' })[0]).toMatch(new RegExp(`^${name}: `));
    }
  });

  it('takes STREAMING_RECORDING_DIR as an absolute plain path (unset: no recording folder)', () => {
    expect(loadConfig({ ...AUTH, JANUS_URL: 'ws://a:1' }).streamingRecordingDir).toBeUndefined();
    const dir = '/var/lib/janus/recordings';
    expect(loadConfig({ ...AUTH, JANUS_URL: 'ws://a:1', STREAMING_RECORDING_DIR: dir }).streamingRecordingDir).toBe(
      dir,
    );
    for (const bad of ['recordings', '/tmp/a b', '/tmp/$(x)']) {
      expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', STREAMING_RECORDING_DIR: bad })[0]).toMatch(
        /^STREAMING_RECORDING_DIR: must be an absolute path/,
      );
    }
  });

  it('takes AUDIOBRIDGE_RECORDING_DIR as an absolute plain path (unset: AudioBridge recording is refused)', () => {
    expect(loadConfig({ ...AUTH, JANUS_URL: 'ws://a:1' }).audioBridgeRecordingDir).toBeUndefined();
    const dir = '/var/lib/janus/audiobridge';
    expect(loadConfig({ ...AUTH, JANUS_URL: 'ws://a:1', AUDIOBRIDGE_RECORDING_DIR: dir }).audioBridgeRecordingDir).toBe(
      dir,
    );
    for (const bad of ['audio', '/tmp/a b', '/tmp/$(x)']) {
      expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', AUDIOBRIDGE_RECORDING_DIR: bad })[0]).toMatch(
        /^AUDIOBRIDGE_RECORDING_DIR: must be an absolute path/,
      );
    }
  });

  it('refuses tokens without exp unless JWT_REQUIRE_EXP=false', () => {
    expect(loadConfig({ ...AUTH, JANUS_URL: 'ws://a:1' }).auth.requireExp).toBe(true);
    expect(loadConfig({ ...AUTH, JANUS_URL: 'ws://a:1', JWT_REQUIRE_EXP: 'false' }).auth.requireExp).toBe(false);
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', JWT_REQUIRE_EXP: 'sometimes' })[0]).toMatch(
      /^JWT_REQUIRE_EXP: must be true or false/,
    );
  });

  it('leaves /metrics open without METRICS_TOKEN, and wants a long header-safe token when set', () => {
    expect(loadConfig({ ...AUTH, JANUS_URL: 'ws://a:1' }).metrics).toEqual({
      token: undefined,
      eventLoopSampleMs: 500,
    });
    const token = 'scrape-token-0123456789';
    expect(loadConfig({ ...AUTH, JANUS_URL: 'ws://a:1', METRICS_TOKEN: token }).metrics).toEqual({
      token,
      eventLoopSampleMs: 500,
    });
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', METRICS_TOKEN: 'short' })[0]).toMatch(
      /^METRICS_TOKEN: must be at least 16/,
    );
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', METRICS_TOKEN: 'has spaces and "quotes"' })[0]).toMatch(
      /^METRICS_TOKEN: may hold only/,
    );
  });

  it('samples the event-loop delay every METRICS_EVENT_LOOP_SAMPLE_MS (10 ms to 10 s)', () => {
    const base = { ...AUTH, JANUS_URL: 'ws://a:1' };
    expect(loadConfig({ ...base, METRICS_EVENT_LOOP_SAMPLE_MS: '100' }).metrics.eventLoopSampleMs).toBe(100);
    for (const bad of ['5', '20000', 'fast']) {
      expect(problemsOf({ ...base, METRICS_EVENT_LOOP_SAMPLE_MS: bad })[0]).toMatch(/^METRICS_EVENT_LOOP_SAMPLE_MS: /);
    }
  });

  it('runs alone without REDIS_URL; REDIS_URL turns multi-instance mode on, INSTANCE_TTL_S its heartbeat TTL', () => {
    const base = { ...AUTH, JANUS_URL: 'ws://a:1' };
    expect(loadConfig(base).scaleOut).toBeUndefined();
    // INSTANCE_TTL_S alone changes nothing: there is no other instance to tell.
    expect(loadConfig({ ...base, INSTANCE_TTL_S: '5' }).scaleOut).toBeUndefined();
    expect(loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' }).scaleOut).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      instanceTtlSeconds: 9,
    });
    expect(
      loadConfig({ ...base, REDIS_URL: ' rediss://app:pw@redis.internal:6380/2 ', INSTANCE_TTL_S: '5' }).scaleOut,
    ).toEqual({ redisUrl: 'rediss://app:pw@redis.internal:6380/2', instanceTtlSeconds: 5 });
  });

  it('refuses a bad REDIS_URL or INSTANCE_TTL_S by name (CONFIG_INVALID), never repeating the password', () => {
    const base = { ...AUTH, JANUS_URL: 'ws://a:1' };
    const problem = (env: Record<string, string>): string => {
      const problems = problemsOf({ ...base, ...env });
      expect(problems).toHaveLength(1);
      expect(problems[0]).not.toContain('hunter2');
      return problems[0];
    };
    expect(problem({ REDIS_URL: 'http://u:hunter2@redis:6379' })).toMatch(
      /^REDIS_URL: .* has scheme http: \(expected redis:\/\//,
    );
    expect(problem({ REDIS_URL: 'redis:hunter2' })).toMatch(/^REDIS_URL: has no host/);
    expect(problem({ REDIS_URL: 'redis host:hunter2' })).toMatch(/^REDIS_URL: is not a URL/);
    expect(problem({ REDIS_URL: 'redis://:hunter2@redis:6379/keys' })).toMatch(/^REDIS_URL: .* database number/);
    expect(problem({ REDIS_URL: 'redis://:hunter2@redis:6379/0?db=1' })).toMatch(/^REDIS_URL: .* database number/);
    expect(problem({ REDIS_URL: 'redis://redis', INSTANCE_TTL_S: '1' })).toMatch(
      /^INSTANCE_TTL_S: must be an integer from 3 to 300/,
    );
    expect(() => loadConfig({ ...base, REDIS_URL: 'ftp://redis' })).toThrow(
      expect.objectContaining({ name: 'ConfigError', code: 'CONFIG_INVALID' }),
    );
  });

  it('reads TRUST_PROXY as no proxy, a hop count or proxy addresses, and refuses true and bad entries', () => {
    const trustOf = (value?: string) =>
      loadConfig({ ...AUTH, JANUS_URL: 'ws://a:1', ...(value === undefined ? {} : { TRUST_PROXY: value }) }).http
        .trustProxy;
    for (const off of [undefined, '', 'false', 'OFF', '0']) expect(trustOf(off)).toBeUndefined();
    expect(trustOf('2')).toEqual({ hops: 2 });
    expect(trustOf(' loopback, 10.0.0.0/8 ,192.168.1.7,fd00::/8 ')).toEqual({
      addresses: ['loopback', '10.0.0.0/8', '192.168.1.7', 'fd00::/8'],
    });
    for (const value of ['true', 'yes']) {
      expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', TRUST_PROXY: value })[0]).toMatch(
        /^TRUST_PROXY: true would believe any X-Forwarded-For/,
      );
    }
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', TRUST_PROXY: '33' })[0]).toMatch(/^TRUST_PROXY: a hop count/);
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', TRUST_PROXY: 'loopback,proxy.example.org' })[0]).toMatch(
      /^TRUST_PROXY: "proxy.example.org" is not an IP address/,
    );
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', TRUST_PROXY: '10.0.0.0/33' })[0]).toMatch(/^TRUST_PROXY: /);
    expect(problemsOf({ ...AUTH, JANUS_URL: 'ws://a:1', TRUST_PROXY: 'loopback,,10.0.0.1' })[0]).toMatch(
      /^TRUST_PROXY: has an empty entry/,
    );
  });

  it('takes the client address from X-Forwarded-For only through the proxies TRUST_PROXY names (as Express)', () => {
    const headers = { 'x-forwarded-for': '203.0.113.9, 198.51.100.4' };
    // No proxy trusted: the peer, whatever the header says.
    expect(clientAddress('127.0.0.1', headers, trustFunction(undefined))).toBe('127.0.0.1');
    // One hop: the entry the proxy appended (the client may have sent the rest).
    expect(clientAddress('127.0.0.1', headers, trustFunction({ hops: 1 }))).toBe('198.51.100.4');
    expect(clientAddress('127.0.0.1', headers, trustFunction({ hops: 2 }))).toBe('203.0.113.9');
    // By address: only a trusted peer is believed, and each entry only as far as trusted proxies go.
    const loopback = trustFunction({ addresses: ['loopback'] });
    expect(clientAddress('127.0.0.1', headers, loopback)).toBe('198.51.100.4');
    expect(clientAddress('::ffff:127.0.0.1', headers, loopback)).toBe('198.51.100.4');
    expect(clientAddress('192.0.2.1', headers, loopback)).toBe('192.0.2.1');
    const chain = trustFunction({ addresses: ['loopback', '198.51.100.0/24'] });
    expect(clientAddress('127.0.0.1', headers, chain)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', {}, loopback)).toBe('127.0.0.1');
    expect(clientAddress(undefined, headers, loopback)).toBeUndefined();
  });
});
