// What the harnesses do with the processes they start (Janus, redis-server, ffmpeg, the demo's app): stop one
// politely with a deadline, and make sure none outlives this Node process.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** True while `child` has neither exited nor been killed by a signal. */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * Sends `signal` (SIGTERM unless told) to `child`, SIGKILL after `graceMs` if it is still there, and resolves once
 * it has exited (at once if it already had). A spawn that failed (no such program) counts as exited.
 */
export async function stopChild(
  child: ChildProcess,
  graceMs: number,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (!isRunning(child) || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  child.kill(signal);
  const force = signal === 'SIGKILL' ? undefined : setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(force);
}

const tracked = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Kills `child` when this Node process ends: from an exit hook when it exits normally, and from a detached watchdog
 * shell (`tail --pid` on our PID) when it dies in a way no hook sees (SIGKILL, OOM). Both let go once the child
 * exits on its own or is stopped.
 */
export function killWithThisProcess(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const running of tracked) running.kill('SIGKILL');
    });
  }
  tracked.add(child);
  const script = `tail --pid=${process.pid} -f /dev/null 2>/dev/null; kill -KILL ${child.pid} 2>/dev/null`;
  const guard = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  guard.unref();
  child.once('exit', () => {
    tracked.delete(child);
    try {
      if (guard.pid) process.kill(-guard.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
}

/** This process's hard limit on open files (`ulimit -Hn`), from /proc; Infinity when unlimited. */
export function hardOpenFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const hard = line?.split(/\s{2,}/)[2];
  return hard === undefined || hard === 'unlimited' ? Number.POSITIVE_INFINITY : Number(hard);
}

/**
 * `command args` as a shell that first raises its soft limit on open files to `openFiles` (`ulimit -n`), then
 * `exec`s it (same PID): for a process that holds thousands of sockets where the default soft limit is 1024.
 * The shell fails, saying why, when `openFiles` is above the hard limit.
 */
export function withOpenFiles(openFiles: number, command: string, args: readonly string[]): [string, string[]] {
  return ['/bin/sh', ['-c', 'ulimit -n "$0" && exec "$@"', String(openFiles), command, ...args]];
}
