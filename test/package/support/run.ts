import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The workspace's TypeScript compiler (the version the Nest 12 CLI uses). */
export const tscBin = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
/** Consumer apps, one directory each (package.json, tsconfig.json, src/). */
export const fixturesDir = join(repoRoot, 'test', 'package', 'fixtures');

/** What the `package` project's global setup packed (see global-setup.ts). */
export interface PackedLibrary {
  /** Absolute path of the `.tgz` made by `npm pack`. */
  tarball: string;
  /** Paths inside the tarball (relative to `package/`), sorted. */
  files: string[];
  /** The tarball, extracted. */
  dir: string;
  version: string;
  /** A temp directory for this run (removed at the end). */
  work: string;
  /** The checkout the package was built from. */
  from: string;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  timeoutMs: number;
  /** Resolve with the result instead of rejecting when the command exits non-zero. */
  allowFailure?: boolean;
}

/**
 * The environment for commands run in throwaway apps: this process's, without what `npm test` sets for the
 * workspace (`npm_config_local_prefix` and friends would point npm at the repository instead of the app).
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'INIT_CWD' && !key.startsWith('VITEST') && key !== 'NODE_OPTIONS') {
      env[key] = value;
    }
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

/** Runs a command to completion within `timeoutMs` (then kills it); rejects on a non-zero exit with its output. */
export function run(cmd: string, args: string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: cleanEnv(options.env), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out after ${options.timeoutMs} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = { code, stdout, stderr, ms: Math.round(performance.now() - started) };
      if (code !== 0 && !options.allowFailure) {
        reject(new Error(`${cmd} ${args.join(' ')} exited with ${code} in ${options.cwd}\n${stdout}\n${stderr}`));
      } else {
        resolve(result);
      }
    });
  });
}

/**
 * Copies the consumer app `name` from test/package/fixtures into the run's temp directory, with its
 * `nestjs-janus` dependency pointing at the packed tarball; returns the app's directory.
 */
export function copyApp(name: string, packed: PackedLibrary): string {
  const dir = join(packed.work, 'apps', name);
  cpSync(join(fixturesDir, name), dir, { recursive: true });
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { dependencies: Record<string, string> };
  if (!('nestjs-janus' in manifest.dependencies))
    throw new Error(`${name}/package.json does not depend on nestjs-janus`);
  manifest.dependencies['nestjs-janus'] = `file:${packed.tarball}`;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return dir;
}

/** `npm install` as a user would, from the local cache when it can (`--prefer-offline`). */
export function npmInstall(dir: string): Promise<RunResult> {
  return run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    timeoutMs: 240_000,
  });
}

/** Type-checks / compiles with `tsc -p <project>` (the workspace's TypeScript unless the app has its own). */
export function tsc(dir: string, project = 'tsconfig.json', ownCompiler = false): Promise<RunResult> {
  const bin = ownCompiler ? join(dir, 'node_modules', 'typescript', 'bin', 'tsc') : tscBin;
  return run(process.execPath, [bin, '-p', join(dir, project)], { cwd: dir, timeoutMs: 120_000, allowFailure: true });
}

/** The last line of `stdout` that parses as a JSON object: what a consumer app reports. */
export function lastJsonLine<T>(stdout: string): T {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no JSON line in the output:\n${stdout}`);
  return JSON.parse(line) as T;
}
