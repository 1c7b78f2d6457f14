import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import ts from 'typescript';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot, run } from './support/run.js';

interface Manifest {
  name: string;
  license: string;
  engines: { node: string };
  repository: { type: string; url: string; directory?: string };
  homepage: string;
  bugs: { url: string };
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

/** What `attw --format json` prints (the parts read here). */
interface AttwReport {
  analysis: { problems: Array<{ kind: string; entrypoint?: string; resolutionKind?: string }> };
}

/** Every `any` written as a type in a declaration file: `file:line: text of the line`. */
function anyTypes(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const hits: string[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      hits.push(`${file}:${line + 1}: ${text.split('\n')[line]?.trim() ?? ''}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return hits;
}

/** The tarball `npm pack` makes of libs/janus: its contents, metadata and the packaging linters' verdicts. */
describe('the packed nestjs-janus tarball', () => {
  const packed = inject('packed');
  const manifest = JSON.parse(readFileSync(join(packed.dir, 'package.json'), 'utf8')) as Manifest;
  const declarations = packed.files.filter((f) => f.endsWith('.d.ts'));

  it('ships the build, README, LICENSE and package.json, and no source maps, sources or tests', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js']));
    expect(packed.files.filter((f) => !f.startsWith('dist/'))).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(packed.files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(packed.files.filter((f) => /\.(spec|test)\.|(^|\/)src\//.test(f))).toEqual([]);
    const withMapComment = packed.files
      .filter((f) => f.endsWith('.js'))
      .filter((f) => readFileSync(join(packed.dir, f), 'utf8').includes('sourceMappingURL'));
    expect(withMapComment).toEqual([]);
  });

  it('has an MIT LICENSE and the metadata npm shows: repository, homepage, bugs, Node >= 20.19', () => {
    expect(manifest.license).toBe('MIT');
    const license = readFileSync(join(packed.dir, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(license).toContain('nestjs-janus contributors');
    expect(manifest.repository).toEqual({
      type: 'git',
      url: 'git+https://github.com/nestjs-janus/nestjs-janus.git',
      directory: 'libs/janus',
    });
    expect(manifest.homepage).toMatch(/^https:\/\/github\.com\/nestjs-janus\/nestjs-janus/);
    expect(manifest.bugs.url).toBe('https://github.com/nestjs-janus/nestjs-janus/issues');
    expect(manifest.engines.node).toBe('>=20.19');
  });

  it('depends on ws and its types only; Nest 11 and 12 are accepted as peers', () => {
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@types/ws', 'ws']);
    expect(manifest.peerDependencies['@nestjs/common']).toBe('^11.0.0 || ^12.0.0');
    expect(manifest.peerDependencies['@nestjs/core']).toBe('^11.0.0 || ^12.0.0');
    expect(Object.keys(manifest.exports).sort()).toEqual(['.', './core', './health', './metrics', './package.json']);
  });

  it('declares no `any` type in any .d.ts file', () => {
    // The scan finds `any` written as a type, and not the word in comments, names or strings.
    const sample = "/** any */ export declare const anyName: 'any'; export declare function f(x: any): Array<any>;";
    expect(anyTypes('sample.d.ts', sample)).toHaveLength(2);
    expect(declarations.length).toBeGreaterThan(20);
    const hits = declarations.flatMap((f) => anyTypes(f, readFileSync(join(packed.dir, f), 'utf8')));
    expect(hits).toEqual([]);
  });

  it('ships no @internal declaration (stripInternal)', () => {
    const leaked = declarations.filter((f) => readFileSync(join(packed.dir, f), 'utf8').includes('@internal'));
    expect(leaked).toEqual([]);
  });

  it('publint finds nothing, suggestions included', async () => {
    const tarball = readFileSync(packed.tarball);
    const result = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    expect(result.pkg).toMatchObject({ name: 'nestjs-janus' });
    const messages = result.messages.map(
      (m) => `${m.type}: ${formatMessage(m, result.pkg, { color: false }) ?? m.code}`,
    );
    expect(messages).toEqual([]);
  });

  it('attw: CommonJS consumers resolve to ESM (require(esm), Node >= 20.19) and nothing else is wrong', async () => {
    const attw = join(repoRoot, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
    const out = join(packed.work, 'attw.json');
    // Into a file: attw exits before a pipe has taken more than 64 KB of its JSON.
    const result = await run(
      'sh',
      ['-c', '"$0" "$1" "$2" --format json --no-definitely-typed > "$3"', process.execPath, attw, packed.tarball, out],
      { cwd: packed.work, timeoutMs: 60_000, allowFailure: true },
    );
    expect(result.stderr).toBe('');
    const report = JSON.parse(readFileSync(out, 'utf8')) as AttwReport;
    const kinds = [...new Set(report.analysis.problems.map((p) => p.kind))];
    expect(kinds).toEqual(['CJSResolvesToESM']);
    // Reported once per entry point, for node16 from CommonJS only.
    const where = report.analysis.problems.map((p) => `${p.entrypoint} ${p.resolutionKind}`).sort();
    expect(where).toEqual(['. node16-cjs', './core node16-cjs', './health node16-cjs', './metrics node16-cjs']);
  });
});
