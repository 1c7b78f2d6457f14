import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type PackedLibrary, repoRoot, run, tscBin } from './run.js';

declare module 'vitest' {
  export interface ProvidedContext {
    packed: PackedLibrary;
  }
}

/**
 * Builds libs/janus into a fresh directory (plain `tsc` with the library's own tsconfig: the Nest CLI's `tsc`
 * builder does the same for a library without assets, in a third of the time) and packs it with `npm pack`, once
 * for the whole `package` project. Nothing under libs/janus is written: the stage is a copy.
 *
 * `NESTJS_JANUS_PACKAGE_FROM=<checkout>` packs another checkout of the repository instead (e.g. an older commit
 * from `git worktree add`), to see which of these tests an older package fails.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const from = resolve(process.env.NESTJS_JANUS_PACKAGE_FROM ?? repoRoot);
  const work = mkdtempSync(join(tmpdir(), 'nestjs-janus-package-'));
  try {
    const stage = join(work, 'stage');
    const started = performance.now();
    cpSync(join(from, 'libs', 'janus'), stage, {
      recursive: true,
      filter: (src) => !/[/\\](dist|node_modules)$/.test(src),
    });
    await run(
      process.execPath,
      [tscBin, '-p', join(from, 'libs/janus/tsconfig.lib.json'), '--outDir', join(stage, 'dist')],
      {
        cwd: from,
        timeoutMs: 120_000,
      },
    );
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: stage,
      timeoutMs: 60_000,
    });
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    if (!info) throw new Error(`npm pack printed no package: ${packed.stdout}`);
    const tarball = join(work, info.filename);
    await run('tar', ['-xzf', tarball, '-C', work], { cwd: work, timeoutMs: 30_000 });
    const manifest = JSON.parse(readFileSync(join(work, 'package', 'package.json'), 'utf8')) as { version: string };
    project.provide('packed', {
      tarball,
      files: info.files.map((f) => f.path).sort(),
      dir: join(work, 'package'),
      version: manifest.version,
      work,
      from,
    });
    console.log(
      `package: packed ${info.filename} (${info.files.length} files) from ${from} in ${Math.round(performance.now() - started)} ms`,
    );
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
  return () => rmSync(work, { recursive: true, force: true });
}
