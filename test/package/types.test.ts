import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { copyApp, npmInstall, tsc } from './support/run.js';

/** The exported types named `...Options` of each entry point, read with the TypeScript API from the installed package. */
function optionTypes(dir: string): Map<string, string[]> {
  const entries = ['nestjs-janus', 'nestjs-janus/core', 'nestjs-janus/health', 'nestjs-janus/metrics'];
  const probe = join(dir, 'src', 'probe.ts');
  writeFileSync(probe, entries.map((e, i) => `import type * as e${i} from '${e}';\nexport type { e${i} };\n`).join(''));
  const program = ts.createProgram([probe], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probe);
  if (!source) throw new Error('probe not in the program');
  const found = new Map<string, string[]>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    const moduleSymbol = checker.getSymbolAtLocation(statement.moduleSpecifier);
    if (!moduleSymbol) throw new Error(`${specifier} does not resolve from ${dir}`);
    const names = checker
      .getExportsOfModule(moduleSymbol)
      .filter((s) => s.name.endsWith('Options'))
      .filter((s) => {
        const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
        return (target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) !== 0;
      })
      .map((s) => s.name)
      .sort();
    found.set(specifier, names);
  }
  return found;
}

/** The ```ts blocks of a Markdown file, with the line each starts on. */
function codeBlocks(markdown: string): Array<{ line: number; code: string }> {
  const blocks: Array<{ line: number; code: string }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== '```') end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** `tsc` diagnostics (`file(line,col): error ...`), grouped by file. */
function diagnosticsByFile(output: string): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line.trim());
    if (!match) continue;
    const [, file = '', row = '0', , message = ''] = match;
    byFile.set(file, [...(byFile.get(file) ?? []), `${row}: ${message}`]);
  }
  return byFile;
}

/**
 * The packed library's types as consumers see them, with every optional peer installed
 * (test/package/fixtures/types): every entry point under nodenext, node16 and bundler resolution with
 * skipLibCheck off and exactOptionalPropertyTypes on, every public option type taking `undefined`, and every
 * ```ts block of libs/janus/README.md compiling as a module of its own.
 */
describe('types of the packed library in a strict consumer', () => {
  const packed = inject('packed');
  let dir: string;

  beforeAll(async () => {
    dir = copyApp('types', packed);
    const { ms } = await npmInstall(dir);
    console.log(`types: npm install ${ms} ms`);
  });

  it('every exported ...Options type of every entry point takes undefined in its optional fields', async () => {
    const found = optionTypes(dir);
    const lines = ["import type { AcceptsUndefined } from './entries.js';"];
    let n = 0;
    for (const [specifier, names] of found) {
      lines.push(`import type * as m${n} from '${specifier}';`);
      for (const name of names) lines.push(`export const ${name}_${n}: AcceptsUndefined<m${n}.${name}> = true;`);
      n++;
    }
    writeFileSync(join(dir, 'src', 'options.generated.ts'), lines.join('\n') + '\n');
    // The connection, admin, module, health and metrics options at least (a scan that finds none checks nothing).
    expect(found.get('nestjs-janus/core')).toEqual(
      expect.arrayContaining(['JanusConnectionOptions', 'JanusAdminClientOptions', 'JanusRequestOptions']),
    );
    expect(found.get('nestjs-janus')).toEqual(
      expect.arrayContaining(['JanusModuleOptions', 'JanusModuleForRootOptions', 'JanusModuleAsyncOptions']),
    );
    expect(found.get('nestjs-janus/health')).toEqual(['JanusHealthCheckOptions']);
    expect(found.get('nestjs-janus/metrics')).toEqual(
      expect.arrayContaining(['JanusMetricsOptions', 'JanusMetricsModuleOptions', 'JanusMetricsModuleAsyncOptions']),
    );
    const result = await tsc(dir, 'tsconfig.json');
    console.log(`types: tsc (nodenext) ${result.ms} ms`);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it.each(['node16', 'bundler'])('every entry point type-checks under %s resolution', async (mode) => {
    const result = await tsc(dir, `tsconfig.${mode}.json`);
    console.log(`types: tsc (${mode}) ${result.ms} ms`);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('every ```ts block of libs/janus/README.md compiles as a complete module against the package', async () => {
    // The README as shipped in the tarball (the one npm shows).
    const readme = readFileSync(join(packed.dir, 'README.md'), 'utf8');
    const blocks = codeBlocks(readme);
    expect(blocks.length).toBeGreaterThan(0);
    const readmeDir = join(dir, 'readme');
    mkdirSync(readmeDir, { recursive: true });
    const files = blocks.map((block, i) => {
      const file = `readme/block-${i + 1}.ts`;
      writeFileSync(join(dir, file), block.code + '\n');
      return { ...block, index: i + 1, file };
    });
    const result = await tsc(dir, 'tsconfig.readme.json');
    console.log(`types: tsc (README blocks) ${result.ms} ms`);
    const errors = diagnosticsByFile(result.stdout);
    const failing = files
      .filter((f) => errors.has(f.file))
      .map((f) => {
        const messages = (errors.get(f.file) ?? []).map((m) => {
          const [row = '0', ...rest] = m.split(': ');
          return `    README line ${f.line + Number(row) - 1}: ${rest.join(': ')}`;
        });
        return `block ${f.index} (README line ${f.line}):\n${messages.join('\n')}`;
      });
    expect(failing.join('\n'), `README blocks that do not compile as modules`).toBe('');
    expect(result.code).toBe(0);
  });
});
