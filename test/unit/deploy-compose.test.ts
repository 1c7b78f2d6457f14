import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

/**
 * docs/deploy (the compose file and the configs it uses) against the code: the app's environment in compose.yaml
 * must pass the app's own config loader with the values .env.example asks for, and the files that must agree on a
 * port, an address or a secret do. Nothing is started here; docs/DEPLOYMENT.md says what was run by hand.
 */

const deploy = fileURLToPath(new URL('../../docs/deploy/', import.meta.url));
const read = (path: string): string => readFileSync(join(deploy, path), 'utf8');

type Env = Record<string, string>;

/** `KEY=value` lines of a dotenv file (comments and blank lines skipped). */
function parseDotenv(text: string): Env {
  const env: Env = {};
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`not a KEY=value line: ${line}`);
    env[match[1]] = match[2];
  }
  return env;
}

/**
 * Compose's interpolation of one value: `${VAR}`, `${VAR:-default}` (default when unset or empty), `${VAR:?message}`
 * (an error when unset or empty) and `$$`. Anything else is refused, so that the test notices syntax it does not
 * model.
 */
function interpolate(value: string, vars: Env, where: string): string {
  return value.replace(/\$\$|\$\{([^}]*)\}|\$/g, (token: string, inner: string | undefined) => {
    if (token === '$$') return '$';
    const match = inner === undefined ? null : /^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)(.*))?$/.exec(inner);
    if (!match) throw new Error(`${where}: unsupported interpolation ${token}`);
    const [, name, op, arg] = match;
    const set = vars[name] ?? '';
    if (op === ':?' && set === '') throw new Error(`${where}: ${name} is required (${arg})`);
    return set === '' && op === ':-' ? arg : set;
  });
}

interface ComposeService {
  environment?: Record<string, string | number | boolean>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const compose = load(read('compose.yaml')) as ComposeFile;
const example = parseDotenv(read('.env.example'));
/** Every `${NAME...}` compose.yaml refers to. */
const referenced = new Set([...read('compose.yaml').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));

/** .env.example as a user fills it in: every empty value a fresh secret (as `openssl rand -hex 32`), some overrides. */
function filledIn(overrides: Env = {}): Env {
  const vars: Env = {};
  for (const [key, value] of Object.entries(example)) vars[key] = value || randomBytes(32).toString('hex');
  vars.PUBLIC_IP = '';
  return { ...vars, ...overrides };
}

/** A service's environment after interpolation. */
function environmentOf(service: string, vars: Env): Env {
  const env: Env = {};
  for (const [key, value] of Object.entries(compose.services[service]?.environment ?? {})) {
    // Compose wants strings: a bare number or boolean in YAML would be a mistake waiting to happen.
    expect(typeof value, `${service}.${key} should be a string in compose.yaml`).toBe('string');
    env[key] = interpolate(String(value), vars, `${service}.${key}`);
  }
  return env;
}

/** `key = value` of a Janus config file (jcfg), first occurrence, quotes removed. */
function jcfg(text: string, key: string): string {
  const match = new RegExp(`^\\s*${key}\\s*=\\s*"?([^"\\n]*)"?`, 'm').exec(text);
  if (!match) throw new Error(`no ${key}`);
  return match[1].trim();
}

describe('docs/deploy/compose.yaml and its configs', () => {
  it('has the app, Janus, coturn and nginx, each on the host network', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'coturn', 'janus', 'nginx']);
    for (const service of Object.values(compose.services)) {
      expect((service as { network_mode?: string }).network_mode).toBe('host');
    }
  });

  it('asks .env.example for every variable it uses', () => {
    expect([...referenced].filter((name) => !(name in example))).toEqual([]);
  });

  it('gives the app an environment its config loader accepts, as .env.example describes it', () => {
    const config = loadConfig(environmentOf('app', filledIn()));
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000, trustProxy: { addresses: ['loopback'] } });
    expect(config.authRequired).toBe(true);
    expect(config.janus.urls).toEqual(['ws://127.0.0.1:8188']);
    expect(config.janus.admin?.url).toBe('ws://127.0.0.1:7188');
    expect(config.ice.stunUrls).toEqual(['stun:rtc.example.org:3478']);
    expect(config.ice.turnUrls).toEqual([
      'turn:rtc.example.org:3478?transport=udp',
      'turn:rtc.example.org:3478?transport=tcp',
    ]);
    expect(config.metrics.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to start without a secret (compose stops on the :? of an empty .env value)', () => {
    expect(() => environmentOf('app', filledIn({ JWT_SECRET: '' }))).toThrow(/JWT_SECRET is required/);
    expect(() => environmentOf('janus', filledIn({ JANUS_ADMIN_SECRET: '' }))).toThrow(/JANUS_ADMIN_SECRET/);
  });

  it('gives the app and Janus (and coturn) the same secrets', () => {
    const vars = filledIn({ PUBLIC_IP: '203.0.113.10' });
    const [app, janus, coturn] = ['app', 'janus', 'coturn'].map((s) => environmentOf(s, vars));
    expect(janus.JANUS_API_SECRET).toBe(app.JANUS_API_SECRET);
    expect(janus.JANUS_ADMIN_SECRET).toBe(app.JANUS_ADMIN_SECRET);
    expect(janus.VIDEOROOM_SECRET).toBe(app.VIDEOROOM_DEFAULT_SECRET);
    expect(coturn.TURN_SECRET).toBe(app.TURN_SECRET);
    expect(janus.JANUS_NAT_1_1_MAPPING).toBe('203.0.113.10');
    expect(coturn.TURN_EXTERNAL_IP).toBe('203.0.113.10');
    // Every variable Janus's and coturn's entrypoints require is given.
    const required = {
      janus: [...read('janus/entrypoint.sh').matchAll(/=\$\(secret (\w+)\)$/gm)].map((m) => m[1]),
      coturn: [...read('coturn/entrypoint.sh').matchAll(/fail "(\w+) is required"/g)].map((m) => m[1]),
    };
    expect(required.janus).toEqual(['JANUS_API_SECRET', 'JANUS_ADMIN_SECRET', 'VIDEOROOM_SECRET']);
    expect(required.coturn).toEqual(['TURN_SECRET', 'TURN_REALM']);
    for (const [service, names] of Object.entries(required)) {
      const env = environmentOf(service, vars);
      for (const name of names) expect(env[name] ?? '', `${service}.${name}`).not.toBe('');
    }
  });

  it('points the app at the Janus API and Admin API that Janus serves, on loopback only', () => {
    const ws = read('janus/janus.transport.websockets.jcfg');
    const app = environmentOf('app', filledIn());
    expect(jcfg(ws, 'ws_ip')).toBe('127.0.0.1');
    expect(jcfg(ws, 'admin_ws_ip')).toBe('127.0.0.1');
    expect(app.JANUS_URL).toBe(`ws://${jcfg(ws, 'ws_ip')}:${jcfg(ws, 'ws_port')}`);
    expect(app.JANUS_ADMIN_URL).toBe(`ws://${jcfg(ws, 'admin_ws_ip')}:${jcfg(ws, 'admin_ws_port')}`);
  });

  it('renders every placeholder of the Janus and coturn templates in their entrypoints', () => {
    const janusTemplates = readdirSync(join(deploy, 'janus')).filter((f) => f.endsWith('.jcfg'));
    for (const [templates, script] of [
      [janusTemplates.map((f) => `janus/${f}`), 'janus/entrypoint.sh'],
      [['coturn/turnserver.conf'], 'coturn/entrypoint.sh'],
    ] as const) {
      const rendered = new Set([...read(script).matchAll(/s\|@([A-Z0-9_]+)@\|/g)].map((m) => m[1]));
      for (const template of templates) {
        const used = [...read(template).matchAll(/@([A-Z0-9_]+)@/g)].map((m) => m[1]);
        expect({ template, missing: used.filter((name) => !rendered.has(name)) }).toEqual({ template, missing: [] });
      }
    }
    // The Janus image copies every template.
    const dockerfile = read('janus/Dockerfile');
    for (const template of janusTemplates) expect(dockerfile).toContain(template);
  });

  it('sends nginx to the app, STUN/TURN URLs to coturn, and documents the ports the firewall must open', () => {
    const app = environmentOf('app', filledIn());
    expect(read('nginx/nestjs-janus.conf.template')).toContain(`server ${app.HOST}:${app.PORT};`);
    const turn = read('coturn/turnserver.conf');
    const turnPort = /^listening-port=(\d+)$/m.exec(turn)![1];
    for (const url of [...app.STUN_URLS.split(','), ...app.TURN_URLS.split(',')]) {
      expect(url).toMatch(new RegExp(`:${turnPort}(\\?|$)`));
    }
    const guide = readFileSync(fileURLToPath(new URL('../../docs/DEPLOYMENT.md', import.meta.url)), 'utf8');
    const rtp = jcfg(read('janus/janus.jcfg'), 'rtp_port_range');
    const relay = `${/^min-port=(\d+)$/m.exec(turn)![1]}-${/^max-port=(\d+)$/m.exec(turn)![1]}`;
    for (const ports of [rtp, relay, turnPort]) expect(guide).toContain(ports);
  });
});
