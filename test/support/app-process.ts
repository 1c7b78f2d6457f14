import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withOpenFiles } from '../../tools/child-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOOKS = new URL('./ts-hooks.mjs', import.meta.url).href;
/** `node --import` this: registers the hooks that run the TypeScript sources. */
export const REGISTER_HOOKS = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(HOOKS)})`;

/** The app (`src/main.ts`) in a process of its own. */
export interface AppProcess {
  readonly child: ChildProcess;
  /** Its URL, once it listens; rejects with its output when it exits first. */
  readonly url: Promise<string>;
  /** What it printed so far. */
  readonly output: string[];
  /** Kills it (SIGKILL) if it still runs and resolves once it exited. */
  kill(): Promise<void>;
}

/**
 * Starts `src/main.ts` from the sources (no build) with `env` on top of this process's environment; `nodeFlags` go
 * to node before the script, `cwd` defaults to the repository; with `openFiles`, its soft limit on open files is
 * raised to that (one per socket).
 */
export function startAppProcess(
  env: Record<string, string>,
  options: { nodeFlags?: string[]; cwd?: string; openFiles?: number } = {},
): AppProcess {
  const main = join(ROOT, 'src', 'main.ts');
  const args = [...(options.nodeFlags ?? []), '--import', REGISTER_HOOKS, main];
  const [command, commandArgs] =
    options.openFiles === undefined
      ? [process.execPath, args]
      : withOpenFiles(options.openFiles, process.execPath, args);
  const child = spawn(command, commandArgs, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'log', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output.push(chunk.toString());
      const listening = /listening on (http:\/\/\S+)/.exec(output.join(''));
      if (listening) resolve(listening[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`the app exited (${code ?? signal}):\n${output.join('')}`)));
  });
  url.catch(() => undefined);
  return {
    child,
    url,
    output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
