import type { ClientName } from './clients.js';
import type { SetupShape, SetupName } from './deployment.js';
import type { Metrics } from './jobs.js';
import { median } from './util.js';

/**
 * Who ran a job: one of the three clients, the app (cases 5 and `servers`), the Janode-based server (`servers`), or
 * a deployment of the app (`scale`).
 */
export type Runner = ClientName | 'app' | 'janode-server' | 'socketio-server' | SetupName;

/** Every figure of a run: per repetition, per job (e.g. `throughput N=1000`), per runner. */
export type RunData = Array<Record<string, Partial<Record<Runner, Metrics>>>>;

/** How a metric is judged against the raw client (or, in case 5, the app against the library). */
export interface Target {
  /**
   * `ratio`: client/raw (`servers`: app/Janode server) must be <= max (or >= min); `absolute`: the value itself
   * (of nestjs-janus, or of the app); `diff`: app − direct.
   */
  kind: 'ratio' | 'absolute' | 'diff';
  max?: number;
  min?: number;
  text: string;
}

/** One row of a table: a job, a metric of it, how to show it, and its target if the issue sets one. */
export interface Row {
  job: string;
  label: string;
  metric: string;
  digits: number;
  target?: Target;
}

const format = (value: number, digits: number): string =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';

const times = (value: number): string => (Number.isFinite(value) ? `${format(value, 2)}x` : '—');

function values(data: RunData, job: string, runner: Runner, metric: string): number[] {
  return data.map((rep) => rep[job]?.[runner]?.[metric] ?? Number.NaN);
}

/** Median over repetitions of `a/b` computed within each repetition. */
function medianRatio(data: RunData, job: string, a: Runner, b: Runner, metric: string): number {
  return median(
    data.map((rep) => {
      const x = rep[job]?.[a]?.[metric];
      const y = rep[job]?.[b]?.[metric];
      return x === undefined || y === undefined || y === 0 ? Number.NaN : x / y;
    }),
  );
}

function medianDiff(data: RunData, job: string, a: Runner, b: Runner, metric: string): number {
  return median(
    data.map((rep) => {
      const x = rep[job]?.[a]?.[metric];
      const y = rep[job]?.[b]?.[metric];
      return x === undefined || y === undefined ? Number.NaN : x - y;
    }),
  );
}

function verdict(target: Target | undefined, value: number): string {
  if (!target || !Number.isFinite(value)) return '';
  const ok = (target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min);
  return ok ? 'met' : '**missed**';
}

/** The table of the three clients: medians, median of per-repetition ratios to raw, the target and its verdict. */
export function clientTable(data: RunData, rows: Row[]): string {
  const lines = [
    '| case | metric | raw | janode | nestjs-janus | janode / raw | nestjs-janus / raw | target (nestjs-janus) | |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const row of rows) {
    const med = (runner: Runner): string => format(median(values(data, row.job, runner, row.metric)), row.digits);
    const ratio = (runner: Runner): number => medianRatio(data, row.job, runner, 'raw', row.metric);
    const own =
      row.target?.kind === 'absolute'
        ? median(values(data, row.job, 'nestjs-janus', row.metric))
        : ratio('nestjs-janus');
    lines.push(
      `| ${row.job} | ${row.label} | ${med('raw')} | ${med('janode')} | ${med('nestjs-janus')} | ${times(ratio('janode'))} | ${times(ratio('nestjs-janus'))} | ${row.target?.text ?? ''} | ${verdict(row.target, own)} |`,
    );
  }
  return lines.join('\n');
}

/** Case 5: the library called directly against the same flow through the app's socket.io gateway. */
export function appTable(data: RunData, rows: Row[]): string {
  const lines = [
    '| case | metric | nestjs-janus direct | through the app | app − direct | app / direct | target | |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const row of rows) {
    const med = (runner: Runner): string => format(median(values(data, row.job, runner, row.metric)), row.digits);
    const diff = medianDiff(data, row.job, 'app', 'nestjs-janus', row.metric);
    const ratio = medianRatio(data, row.job, 'app', 'nestjs-janus', row.metric);
    lines.push(
      `| ${row.job} | ${row.label} | ${med('nestjs-janus')} | ${med('app')} | ${format(diff, row.digits)} | ${times(ratio)} | ${row.target?.text ?? ''} | ${verdict(row.target, diff)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The `servers` case: the app against the Janode-based server, side by side, and the app's goal; when the rows have
 * figures of socket.io with no application (the heartbeat case), a column for it.
 */
export function serversTable(data: RunData, rows: Row[]): string {
  const floor = rows.some((row) => values(data, row.job, 'socketio-server', row.metric).some(Number.isFinite));
  const lines = [
    `| figure | ours (the app) | Janode server | ours / Janode |${floor ? ' socket.io alone |' : ''} goal (ours) | |`,
    `| --- | ---: | ---: | ---: |${floor ? ' ---: |' : ''} --- | --- |`,
  ];
  for (const row of rows) {
    const med = (runner: Runner): number => median(values(data, row.job, runner, row.metric));
    const ratio = medianRatio(data, row.job, 'app', 'janode-server', row.metric);
    const judged = row.target?.kind === 'absolute' ? med('app') : ratio;
    const bare = floor ? ` ${format(med('socketio-server'), row.digits)} |` : '';
    lines.push(
      `| ${row.label} | ${format(med('app'), row.digits)} | ${format(med('janode-server'), row.digits)} | ${times(ratio)} |${bare} ${row.target?.text ?? ''} | ${verdict(row.target, judged)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The `scale` case: each setup's medians side by side, and the median of the per-repetition ratios to the first
 * setup (the baseline) for joins/s and p95; then where the CPU went and where the rooms were placed.
 */
export function scaleTable(data: RunData, job: string, setups: readonly SetupShape[]): string {
  const base = setups[0].name;
  const med = (setup: SetupName, metric: string, digits: number): string =>
    format(median(values(data, job, setup, metric)), digits);
  const ratio = (setup: SetupName, metric: string): string => times(medianRatio(data, job, setup, base, metric));
  const lines = [
    `| setup | joins/s | p50 ms | p95 ms | ratio joins/s vs ${base} | ratio p95 vs ${base} |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { name, label } of setups) {
    lines.push(
      `| ${name}: ${label} | ${med(name, 'joins_per_s', 0)} | ${med(name, 'join_p50_ms', 1)} | ${med(name, 'join_p95_ms', 1)} | ${ratio(name, 'joins_per_s')} | ${ratio(name, 'join_p95_ms')} |`,
    );
  }
  lines.push(
    '',
    `| setup | CPU ms per join: apps | Janus | Redis | total | ratio total vs ${base} | failed joins (all reps) | participants per Janus | rooms per Janus |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  );
  for (const { name, janus } of setups) {
    const failed = values(data, job, name, 'failed').filter((v) => Number.isFinite(v));
    const perJanus = (what: string): string =>
      Array.from({ length: janus }, (_, k) => med(name, `janus${k + 1}_${what}`, 0)).join(' / ');
    lines.push(
      `| ${name} | ${med(name, 'app_cpu_ms_per_join', 2)} | ${med(name, 'janus_cpu_ms_per_join', 2)} | ${med(name, 'redis_cpu_ms_per_join', 2)} | ${med(name, 'cpu_ms_per_join', 2)} | ${ratio(name, 'cpu_ms_per_join')} | ${
        failed.length
          ? format(
              failed.reduce((x, y) => x + y, 0),
              0,
            )
          : '—'
      } | ${perJanus('participants')} | ${perJanus('rooms')} |`,
    );
  }
  return lines.join('\n');
}
