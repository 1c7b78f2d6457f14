import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild } from '../../tools/child-process.js';
import { freePort } from '../../tools/janus-harness/index.js';

const TURNSERVER = '/usr/bin/turnserver';

/** A private coturn (Debian `coturn`) with the TURN REST API (`use-auth-secret`), in the foreground. */
export interface Coturn {
  /** The listening port (UDP and TCP). */
  readonly port: number;
  /** The address it listens and relays on: this machine's own non-loopback address. */
  readonly address: string;
  stop(): Promise<void>;
}

/** Starts coturn on `address` (this machine's own, never another host) and waits until its TCP port answers. */
export async function startCoturn(opts: { secret: string; address: string }): Promise<Coturn> {
  if (!existsSync(TURNSERVER)) {
    const setup = spawnSync(process.execPath, ['scripts/setup.mjs', '--apt', 'coturn'], { stdio: 'inherit' });
    if (setup.status !== 0 || !existsSync(TURNSERVER))
      throw new Error('coturn is not installed and could not be installed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'nestjs-janus-coturn-'));
  const port = await freePort();
  const conf = join(dir, 'turnserver.conf');
  writeFileSync(
    conf,
    [
      `listening-port=${port}`,
      `listening-ip=${opts.address}`,
      `relay-ip=${opts.address}`,
      'min-port=49152',
      'max-port=65535',
      'use-auth-secret',
      `static-auth-secret=${opts.secret}`,
      'realm=nestjs-janus.test',
      'fingerprint',
      'no-cli',
      'no-tls',
      'no-dtls',
      'no-multicast-peers',
      // Relaying to this machine's own address is the point of the test; coturn refuses "loopback/private" peers
      // only when told to, so nothing more is needed. No other host is ever a peer here.
      `userdb=${join(dir, 'turndb')}`,
      `log-file=${join(dir, 'turn.log')}`,
      `pidfile=${join(dir, 'turn.pid')}`,
      'simple-log',
    ].join('\n'),
  );
  const proc: ChildProcess = spawn(TURNSERVER, ['-c', conf], { stdio: 'ignore' });
  let exited = false;
  proc.once('exit', () => (exited = true));
  const kill = (): void => {
    if (!exited) proc.kill('SIGKILL');
  };
  process.once('exit', kill);
  const deadline = Date.now() + 10_000;
  while (!(await answers(opts.address, port))) {
    if (exited || Date.now() > deadline) {
      kill();
      throw new Error(`coturn did not start (see ${join(dir, 'turn.log')})`);
    }
    await new Promise<void>((r) => setTimeout(r, 50));
  }
  return {
    port,
    address: opts.address,
    async stop() {
      process.removeListener('exit', kill);
      await stopChild(proc, 3000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
