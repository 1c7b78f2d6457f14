import { readdirSync, readFileSync } from 'node:fs';

/** Value at quantile `q` (0..1) of ascending `sorted` (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** Median of the finite values (NaN when there are none). */
export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
}

/** p50 and p99 of latency samples (ms). */
export function latencySummary(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

/** This process's CPU time (user + system) in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; resolves when all settled. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Full GCs until the heap stops shrinking (needs `--expose-gc`). */
export async function settleHeap(): Promise<NodeJS.MemoryUsage> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 6; i++) {
    await sleep(20);
    gc();
    const used = process.memoryUsage().heapUsed;
    if (last - used < 4096) break;
    last = used;
  }
  return process.memoryUsage();
}

const CLOCK_TICKS_PER_S = 100;

/** CPU time (ms) and RSS (bytes) of any process, from /proc (Linux). */
export function procStats(pid: number): { cpuMs: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return { cpuMs: ((utime + stime) * 1000) / CLOCK_TICKS_PER_S, rss: rssKb * 1024 };
}

/** Waits until `done()` or until nothing changed in `quietMs` (`progress()` is polled); returns whether done. */
export async function waitFor(done: () => boolean, progress: () => number, quietMs: number): Promise<boolean> {
  let last = progress();
  let lastChange = performance.now();
  while (!done()) {
    await sleep(5);
    const now = progress();
    if (now !== last) {
      last = now;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > quietMs) {
      return false;
    }
  }
  return true;
}

/**
 * CPU time (ms) of every thread of a process, to the nanosecond: the sum of the first field (time on the CPU, ns)
 * of `/proc/<pid>/task/<tid>/schedstat`. `/proc/<pid>/stat` counts in clock ticks (10 ms), too coarse for an idle
 * window of a few ms of CPU per second. Threads that ended in between are not counted (Node's threads live as long as
 * the process). With `onlyThread`, that thread's alone (the main thread's id is the pid). Falls back to
 * {@link procStats} (the whole process) when the kernel has no schedstat.
 */
export function threadCpuMs(pid: number, onlyThread?: number): number {
  let ns = 0;
  try {
    for (const tid of onlyThread === undefined ? readdirSync(`/proc/${pid}/task`) : [String(onlyThread)]) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // the thread ended meanwhile
      }
    }
  } catch {
    return procStats(pid).cpuMs;
  }
  return ns / 1e6;
}

/** Voluntary context switches of the main thread (`/proc/<pid>/task/<pid>/status`): how often it went to sleep. */
export function mainThreadWakeups(pid: number): number {
  const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
  return Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? Number.NaN);
}

/** A process's CPU per second (all threads; the main thread alone) and main-thread wake-ups per second. */
export interface RestFigures {
  cpu_ms_per_s: number;
  main_thread_cpu_ms_per_s: number;
  wakeups_per_s: number;
}

/**
 * Starts measuring `pids` from now: the returned function gives each one's {@link RestFigures} since then (in the
 * order of `pids`), over one common span.
 */
export function restMeter(pids: readonly number[]): () => RestFigures[] {
  const start = pids.map((pid) => ({
    cpu: threadCpuMs(pid),
    main: threadCpuMs(pid, pid),
    wakeups: mainThreadWakeups(pid),
  }));
  const t0 = performance.now();
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    return pids.map((pid, i) => ({
      cpu_ms_per_s: (threadCpuMs(pid) - start[i].cpu) / seconds,
      main_thread_cpu_ms_per_s: (threadCpuMs(pid, pid) - start[i].main) / seconds,
      wakeups_per_s: (mainThreadWakeups(pid) - start[i].wakeups) / seconds,
    }));
  };
}

/**
 * Waits until every process of `pids` has used less than 10 ms of CPU in a 250 ms span (its work done: a teardown,
 * the collector after a probe), at most `maxMs`. An idle server stays far below that (a few ms per second).
 */
export async function quiet(pids: number | readonly number[], maxMs = 30_000): Promise<void> {
  const list = typeof pids === 'number' ? [pids] : pids;
  const deadline = performance.now() + maxMs;
  let last = list.map((pid) => threadCpuMs(pid));
  while (performance.now() < deadline) {
    await sleep(250);
    const now = list.map((pid) => threadCpuMs(pid));
    if (now.every((ms, i) => ms - last[i] < 10)) return;
    last = now;
  }
}
