// The parent's end of the socket.io load driver (lib/driver.ts): forks the driver child and sends it one command
// at a time. Used by the `servers`, `capacity` and `scale` cases.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DriverCommand, DriverReply, DriverRequest } from './driver.js';
import type { Metrics } from './jobs.js';
import { withOpenFiles } from '../../tools/child-process.js';

/** dist/bench/lib → dist/bench (where driver-child.js is). */
const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** How the driver child starts (the bench's defaults when absent). */
export interface DriverLaunch {
  /** Its script (default: the built `driver-child.js` next to this module's folder). */
  script?: string;
  /** Node flags before the script (default: `--expose-gc`). */
  execArgv?: readonly string[];
  /** Its soft limit on open files, raised to this (`ulimit -n`): one per socket it holds. */
  openFiles?: number;
}

/** The parent's end of the driver child. */
export class Driver {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (m: Metrics) => void; reject: (e: Error) => void }>();
  private next = 0;
  readonly ready: Promise<Metrics>;

  constructor(nodeFlags: readonly string[], launch: DriverLaunch = {}) {
    const args = [
      ...(launch.execArgv ?? ['--expose-gc']),
      ...nodeFlags,
      launch.script ?? join(benchDir, 'driver-child.js'),
    ];
    const [command, commandArgs] =
      launch.openFiles === undefined
        ? [process.execPath, args]
        : withOpenFiles(launch.openFiles, process.execPath, args);
    this.child = spawn(command, commandArgs, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => this.pending.set(0, { resolve, reject }));
    this.child.on('message', (message: DriverReply) => {
      const waiter = this.pending.get(message.driver);
      if (!waiter) return;
      this.pending.delete(message.driver);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`driver: ${message.error}`));
    });
    this.child.once('exit', (code, signal) => {
      for (const { reject } of this.pending.values()) reject(new Error(`the driver exited with ${code ?? signal}`));
      this.pending.clear();
    });
  }

  call(command: DriverCommand): Promise<Metrics> {
    const driver = ++this.next;
    return new Promise((resolve, reject) => {
      this.pending.set(driver, { resolve, reject });
      this.child.send({ driver, command } satisfies DriverRequest);
    });
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const force = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.call({ cmd: 'exit' }).catch(() => undefined);
    await exited;
    clearTimeout(force);
  }
}
