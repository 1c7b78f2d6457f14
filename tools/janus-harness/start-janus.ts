import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { killWithThisProcess, stopChild } from '../child-process.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Works from the TypeScript source (tools/janus-harness) and from the build (dist/tools/janus-harness). */
const projectRoot = [join(here, '..', '..'), join(here, '..', '..', '..')].find((dir) =>
  existsSync(join(dir, 'scripts', 'setup.mjs')),
)!;
const templatesDir = join(projectRoot, 'tools', 'janus-harness', 'templates');
const JANUS_BIN = '/usr/bin/janus';

/** Janus plugins the project uses; every other plugin in the package is disabled. */
export const DEFAULT_PLUGINS = ['echotest', 'videoroom', 'audiobridge', 'streaming', 'textroom'] as const;

export interface StartJanusOptions {
  /** Plugin short names to load (`echotest`, `videoroom`, `audiobridge`, ...). Default: {@link DEFAULT_PLUGINS}. */
  plugins?: readonly string[];
  /** `api_secret`; `false` turns it off. Default: a random secret. */
  apiSecret?: string | false;
  /** `admin_secret`. Default: a random secret. */
  adminSecret?: string;
  /** `token_auth` (stored tokens added through the Admin API). Default false. */
  tokenAuth?: boolean;
  /** `session_timeout` in seconds. Default 60. */
  sessionTimeout?: number;
  /** `reclaim_session_timeout` in seconds (> 0 lets a client claim its sessions after a drop). Default 20. */
  reclaimSessionTimeout?: number;
  /** Serve the API on a Unix socket (`ws_unix`) instead of TCP; `true` picks a path in the config dir. */
  wsUnix?: boolean | string;
  /** `full_trickle`: Janus trickles its own candidates instead of putting them in its SDP. Default false. */
  fullTrickle?: boolean;
  /** `ice_enforce_list` (e.g. an interface name) to pin the ICE interface. */
  iceEnforceList?: string;
  /** The secret of the demo rooms (1234 of VideoRoom, AudioBridge and TextRoom). Default: a random secret. */
  videoRoomSecret?: string;
  /** VideoRoom `admin_key` (required to create rooms when set). Default: unset. */
  videoRoomAdminKey?: string;
  /** TextRoom `admin_key` (then creating rooms, also over a browser's data channel, needs it). Default: unset. */
  textRoomAdminKey?: string;
  /** Janus `debug_level` (0-7). Default 4. */
  debugLevel?: number;
  /** How long to wait for the first `info` answer. Default 20 000 ms. */
  startTimeoutMs?: number;
}

export interface JanusInstance {
  /** `ws://127.0.0.1:<port>` of the Janus WebSocket API (subprotocol `janus-protocol`); with `wsUnix`, the `ws+unix://` URL. */
  readonly wsUrl: string;
  /** `ws://127.0.0.1:<port>` of the Admin API (subprotocol `janus-admin-protocol`). */
  readonly adminUrl: string;
  /** `ws+unix://<path>` when `wsUnix` was asked for. */
  readonly wsUnixUrl?: string;
  readonly apiSecret?: string;
  readonly adminSecret: string;
  readonly videoRoomSecret: string;
  /** The TextRoom `admin_key`, when one was asked for. */
  readonly textRoomAdminKey?: string;
  /** PID of the running Janus process (changes on restart). */
  readonly pid: number;
  readonly logFile: string;
  readonly configDir: string;
  /** Stops Janus (SIGTERM, then SIGKILL after 5 s) and removes its temp dir. Idempotent. */
  stop(): Promise<void>;
  /** Kills Janus at once with SIGKILL (a crash), keeping the config for `restart()`. */
  kill(): Promise<void>;
  /** Stops Janus if it runs and starts it again on the same ports and config: all sessions are gone. */
  restart(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound and released, so another process could take it first: rare). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Installs Debian's `janus` when it is missing (through scripts/setup.mjs). */
export function ensureJanusInstalled(): void {
  if (existsSync(JANUS_BIN)) return;
  const result = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'setup.mjs'), '--apt', 'janus'], {
    stdio: 'inherit',
  });
  if (result.status !== 0 || !existsSync(JANUS_BIN)) {
    throw new Error('Janus is not installed and could not be installed (see the setup output above)');
  }
}

function janusLibDir(): string {
  const candidates = ['/usr/lib/x86_64-linux-gnu/janus', '/usr/lib/aarch64-linux-gnu/janus', '/usr/lib/janus'];
  const fromMultiarch = readdirSync('/usr/lib')
    .filter((d) => d.endsWith('-linux-gnu'))
    .map((d) => join('/usr/lib', d, 'janus'));
  const dir = [...fromMultiarch, ...candidates].find((d) => existsSync(join(d, 'plugins')));
  if (!dir) throw new Error('cannot find the Janus plugins folder under /usr/lib');
  return dir;
}

/** Comma-separated list of the `.so` files in a folder that are not wanted. */
function disabledModules(dir: string, prefix: string, wanted: readonly string[]): string {
  if (!existsSync(dir)) return '';
  const want = new Set(wanted.map((w) => `${prefix}${w}.so`));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.so') && !want.has(f))
    .join(',');
}

function render(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`janus template: no value for {{${key}}}`);
    return value;
  });
}

function secret(): string {
  return randomBytes(12).toString('hex');
}

/** Sends `info` on the Janus WebSocket API and resolves when Janus answers `server_info`. */
function probeInfo(wsUrl: string, apiSecret: string | undefined, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, 'janus-protocol');
    const timer = setTimeout(() => done(false), timeoutMs);
    function done(ok: boolean): void {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(ok);
    }
    ws.once('open', () => {
      ws.send(JSON.stringify({ janus: 'info', transaction: 'harness-info', apisecret: apiSecret }));
    });
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { janus?: string };
      done(msg.janus === 'server_info');
    });
    ws.once('error', () => done(false));
    ws.once('close', () => done(false));
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts a private Janus on loopback: config rendered from the project's templates into a fresh temp dir,
 * WebSocket and Admin API on free 127.0.0.1 ports. Resolves once Janus answers `info`.
 */
export async function startJanus(opts: StartJanusOptions = {}): Promise<JanusInstance> {
  ensureJanusInstalled();
  const configDir = mkdtempSync(join(tmpdir(), 'nestjs-janus-'));
  const logFile = join(configDir, 'janus.log');
  const libDir = janusLibDir();
  const [wsPort, adminPort] = [await freePort(), await freePort()];
  const apiSecret = opts.apiSecret === false ? undefined : (opts.apiSecret ?? secret());
  const adminSecret = opts.adminSecret ?? secret();
  const videoRoomSecret = opts.videoRoomSecret ?? secret();
  const unixPath = opts.wsUnix === true ? join(configDir, 'janus.sock') : opts.wsUnix || undefined;
  const plugins = opts.plugins ?? DEFAULT_PLUGINS;

  const values: Record<string, string> = {
    CONFIG_DIR: configDir,
    LIB_DIR: libDir,
    DEBUG_LEVEL: String(opts.debugLevel ?? 4),
    SERVER_NAME: `nestjs-janus-${wsPort}`,
    ADMIN_SECRET: adminSecret,
    API_SECRET_LINE: apiSecret ? `\tapi_secret = "${apiSecret}"` : '',
    TOKEN_AUTH: opts.tokenAuth ? 'true' : 'false',
    SESSION_TIMEOUT: String(opts.sessionTimeout ?? 60),
    RECLAIM_SESSION_TIMEOUT: String(opts.reclaimSessionTimeout ?? 20),
    RTP_PORT_RANGE: '20000-40000',
    FULL_TRICKLE: opts.fullTrickle ? 'true' : 'false',
    ICE_ENFORCE_LINE: opts.iceEnforceList ? `\tice_enforce_list = "${opts.iceEnforceList}"` : '',
    DISABLED_PLUGINS: disabledModules(join(libDir, 'plugins'), 'libjanus_', plugins),
    DISABLED_TRANSPORTS: disabledModules(join(libDir, 'transports'), 'libjanus_', ['websockets']),
    DISABLED_LOGGERS: disabledModules(join(libDir, 'loggers'), 'libjanus_', []),
    DISABLED_EVENTS: disabledModules(join(libDir, 'events'), 'libjanus_', []),
    WS_PORT: String(wsPort),
    ADMIN_WS_PORT: String(adminPort),
    WS_UNIX_LINE: unixPath ? `\tws_unix = "${unixPath}"` : '',
    VIDEOROOM_ROOM_SECRET: videoRoomSecret,
    VIDEOROOM_ADMIN_KEY_LINE: opts.videoRoomAdminKey ? `\tadmin_key = "${opts.videoRoomAdminKey}"` : '',
    TEXTROOM_ADMIN_KEY_LINE: opts.textRoomAdminKey ? `\tadmin_key = "${opts.textRoomAdminKey}"` : '',
  };
  for (const file of readdirSync(templatesDir).filter((f) => f.endsWith('.jcfg'))) {
    writeFileSync(join(configDir, file), render(readFileSync(join(templatesDir, file), 'utf8'), values));
  }

  // With ws_unix set, Janus serves the API on the Unix socket only.
  const wsUrl = unixPath ? `ws+unix://${unixPath}` : `ws://127.0.0.1:${wsPort}`;
  const startTimeoutMs = opts.startTimeoutMs ?? 20_000;
  let child: ChildProcess | undefined;
  let removed = false;

  async function launch(): Promise<void> {
    // A process group of its own: a terminal's Ctrl-C (SIGINT to the foreground group) reaches the owner, which
    // stops its app first and Janus last, instead of killing Janus under the app. The watchdog covers an owner that
    // dies without stopping it.
    const proc = spawn(JANUS_BIN, ['-F', configDir, '-C', join(configDir, 'janus.jcfg'), '-L', logFile, '-N'], {
      stdio: 'ignore',
      detached: true,
    });
    child = proc;
    let exited = false;
    proc.once('exit', () => (exited = true));
    killWithThisProcess(proc);
    const deadline = Date.now() + startTimeoutMs;
    while (!exited && Date.now() < deadline) {
      if (await probeInfo(wsUrl, apiSecret, 1000)) return;
      if (exited) break;
      await new Promise<void>((r) => setTimeout(r, 50));
    }
    const why = exited
      ? `exited with ${proc.exitCode ?? proc.signalCode}`
      : `did not answer info in ${startTimeoutMs} ms`;
    await terminate('SIGKILL');
    throw new Error(`Janus ${why}. Last log lines (${logFile}):\n${tail(logFile)}`);
  }

  async function terminate(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const proc = child;
    child = undefined;
    if (proc) await stopChild(proc, 5000, signal);
  }

  await launch();

  const instance: JanusInstance = {
    wsUrl,
    adminUrl: `ws://127.0.0.1:${adminPort}`,
    wsUnixUrl: unixPath ? `ws+unix://${unixPath}` : undefined,
    apiSecret,
    adminSecret,
    videoRoomSecret,
    textRoomAdminKey: opts.textRoomAdminKey,
    get pid() {
      return child?.pid ?? -1;
    },
    logFile,
    configDir,
    async stop() {
      await terminate('SIGTERM');
      if (!removed && !process.env.KEEP_JANUS_LOGS) {
        removed = true;
        rmSync(configDir, { recursive: true, force: true });
      }
    },
    async kill() {
      await terminate('SIGKILL');
    },
    async restart() {
      await terminate('SIGTERM');
      await launch();
    },
  };
  return instance;
}
