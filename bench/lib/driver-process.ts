// The parent's end of the socket.io load driver (lib/driver.ts): forks the driver child and sends it one command
// at a time. Used by the `servers`, `capacity` and `scale` cases.
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DriverCommand, DriverReply, DriverRequest } from './driver.js';
import type { Job, Metrics } from './jobs.js';

/** dist/bench/lib → dist/bench (where child.js is). */
const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The parent's end of the driver child. */
export class Driver {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (m: Metrics) => void; reject: (e: Error) => void }>();
  private next = 0;
  readonly ready: Promise<Metrics>;

  constructor(nodeFlags: readonly string[]) {
    const job: Job = { kind: 'servers-driver' };
    this.child = fork(join(benchDir, 'child.js'), [JSON.stringify(job)], {
      execArgv: ['--expose-gc', ...nodeFlags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
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
