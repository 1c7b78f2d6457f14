#!/usr/bin/env node
// Installs what the project needs and is missing: npm packages, then Debian packages.
// Plain Node with no dependencies, so it runs on a fresh clone before `npm install`.
//   node scripts/setup.mjs --for demo    npm packages + janus and ffmpeg
//   node scripts/setup.mjs --for test    npm packages + everything the tests use
//   node scripts/setup.mjs --apt janus   only the named Debian packages (used by the Janus harness)
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A file under Debian's multiarch library folder of this machine (`/usr/lib/x86_64-linux-gnu/...`). */
function multiarchLib(path) {
  const triplet = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }[process.arch] ?? `${process.arch}-linux-gnu`;
  return `/usr/lib/${triplet}/${path}`;
}

/** Debian packages per purpose: the binary (or file) that proves each one is there. */
const PACKAGES = {
  // ffmpeg: `npm run demo` feeds a test pattern to its Streaming mountpoint.
  demo: { janus: '/usr/bin/janus', ffmpeg: '/usr/bin/ffmpeg' },
  // chromium: the e2e tests drive Debian's Chromium through playwright-core (never a Playwright-downloaded browser).
  // coturn: the TURN test runs a real TURN server with the credentials /api/ice-servers mints.
  // ffmpeg: the Streaming tests feed real Opus/VP8 RTP to a mountpoint and make an Ogg Opus file.
  // python3-gi, gir1.2-gst-rtsp-server-1.0 and GStreamer's base/good plugins: the RTSP server the Streaming tests
  // start (test/support/rtsp-server.py serves a VP8 test pattern that Janus pulls).
  test: {
    janus: '/usr/bin/janus',
    chromium: '/usr/bin/chromium',
    coturn: '/usr/bin/turnserver',
    ffmpeg: '/usr/bin/ffmpeg',
    'python3-gi': '/usr/lib/python3/dist-packages/gi/__init__.py',
    'gir1.2-gst-rtsp-server-1.0': multiarchLib('girepository-1.0/GstRtspServer-1.0.typelib'),
    'gstreamer1.0-plugins-base': multiarchLib('gstreamer-1.0/libgstvideotestsrc.so'),
    'gstreamer1.0-plugins-good': multiarchLib('gstreamer-1.0/libgstvpx.so'),
    // redis-server: the scale-out tests run two app instances sharing a private Redis (test/support/redis.ts).
    'redis-server': '/usr/bin/redis-server',
  },
};

function fail(message) {
  console.error(`setup: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) fail(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  // 20.19: require() of ES modules, which the CommonJS consumer test of the package relies on.
  if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js >= 20.19 is required, this is ${process.version}`);
}

function ensureNpmPackages() {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && (!existsSync(lock) || statSync(installed).mtimeMs >= statSync(lock).mtimeMs)) return;
  console.log('setup: installing npm packages');
  run('npm', existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
}

/** Installs the Debian packages whose binaries are missing, with apt-get (as root, or through sudo -n). */
export function ensureDebianPackages(wanted) {
  const missing = Object.entries(wanted)
    .filter(([, bin]) => !existsSync(bin))
    .map(([pkg]) => pkg);
  if (missing.length === 0) return;
  if (!existsSync('/etc/debian_version') || !hasCommand('apt-get')) {
    fail(`missing ${missing.join(', ')}; this is not a Debian-like system with apt-get: install them by hand`);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot && (!hasCommand('sudo') || spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status !== 0)) {
    fail(
      `missing ${missing.join(', ')}; run as root or with password-less sudo, or: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => (isRoot ? run('apt-get', args, { env }) : run('sudo', ['-n', 'apt-get', ...args], { env }));
  console.log(`setup: installing Debian packages: ${missing.join(', ')}`);
  apt(['update', '-q']);
  apt(['install', '-y', '-q', '--no-install-recommends', ...missing]);
  for (const pkg of missing) {
    if (!existsSync(wanted[pkg])) fail(`${pkg} was installed but ${wanted[pkg]} is still missing`);
  }
}

function main(argv) {
  checkNode();
  const forIdx = argv.indexOf('--for');
  const aptIdx = argv.indexOf('--apt');
  if (aptIdx >= 0) {
    const names = argv.slice(aptIdx + 1).filter((a) => !a.startsWith('--'));
    const all = Object.assign({}, ...Object.values(PACKAGES));
    const wanted = Object.fromEntries(names.map((n) => [n, all[n] ?? `/usr/bin/${n}`]));
    ensureDebianPackages(wanted);
    return;
  }
  const purpose = forIdx >= 0 ? argv[forIdx + 1] : 'test';
  if (!PACKAGES[purpose]) fail(`unknown purpose "${purpose}" (demo, test)`);
  ensureNpmPackages();
  ensureDebianPackages(PACKAGES[purpose]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
