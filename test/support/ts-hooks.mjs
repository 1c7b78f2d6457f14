/**
 * Node module hooks that run the TypeScript sources in a child process as the build would (TypeScript's own
 * transpiler: decorators and their metadata, which Nest's injection needs), without building: `nestjs-janus`
 * resolves to libs/janus/src and `./x.js` imports to `./x.ts`. Register them with `node --import` and a module that
 * calls `register()` of `node:module` (see test/integration/app/sigterm.test.ts). Transpile only: type errors are
 * the typecheck's business.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = new URL('../../', import.meta.url);
const LIBRARY = {
  'nestjs-janus': 'libs/janus/src/index.ts',
  'nestjs-janus/health': 'libs/janus/src/health/index.ts',
  'nestjs-janus/metrics': 'libs/janus/src/metrics/index.ts',
};

export async function resolve(specifier, context, nextResolve) {
  if (Object.hasOwn(LIBRARY, specifier)) {
    return { url: new URL(LIBRARY[specifier], root).href, format: 'module', shortCircuit: true };
  }
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const js = new URL(specifier, context.parentURL);
    const source = new URL(js.href.replace(/\.js$/, '.ts'));
    if (!existsSync(js) && existsSync(source)) return { url: source.href, format: 'module', shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2023,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: true,
      inlineSourceMap: true,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
