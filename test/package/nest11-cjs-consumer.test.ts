import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JanusInstance } from '../../tools/janus-harness/index.js';
import { janusSessions, ROOM, runApp, installWithJanus } from './support/janus-app.js';
import { tsc } from './support/run.js';

/** What test/package/fixtures/nest11-cjs/src/main.ts prints. */
interface Report {
  rooms: number[];
  joining: { id: number; display?: string };
  exists: boolean;
  displays: string[];
  health: { status: string; info?: Record<string, { status: string; version?: string }> };
  metricsConnected: boolean;
  sessionsLeft: number[];
  loadedFrom: string;
}

/**
 * A Nest 11 app made from the classic CommonJS template (`module: commonjs`, `moduleResolution: node`, no
 * `"type"`; strict added) with TypeScript 5.9, as most existing Nest apps are. The package is ESM-only: the
 * compiled `require('nestjs-janus')` loads it through Node's require(esm) (Node >= 20.19), and the `/health` and
 * `/metrics` subpaths resolve under the classic resolution through `typesVersions`. Also type-checked the way the
 * later Nest 11 template sets TypeScript up (`nodenext` in a CommonJS package).
 */
describe('Nest 11 CommonJS app (classic template) with the packed nestjs-janus', () => {
  const packed = inject('packed');
  let janus: JanusInstance;
  let dir: string;

  beforeAll(async () => {
    dir = await installWithJanus('nest11-cjs', packed, (started) => (janus = started));
  });
  afterAll(async () => {
    await janus?.stop();
  });

  it('installs with Nest 11 and TypeScript 5.9', () => {
    const version = (name: string): string =>
      (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
        .version;
    expect(version('@nestjs/common')).toMatch(/^11\./);
    expect(version('@nestjs/core')).toMatch(/^11\./);
    expect(version('typescript')).toMatch(/^5\.9\./);
  });

  it('compiles with strict tsc under classic node resolution (module commonjs), subpaths included', async () => {
    const result = await tsc(dir, 'tsconfig.build.json', true);
    console.log(`nest11-cjs: tsc ${result.ms} ms`);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('type-checks under nodenext in the CommonJS package (the later Nest 11 template)', async () => {
    const result = await tsc(dir, 'tsconfig.nodenext.json', true);
    console.log(`nest11-cjs: tsc (nodenext) ${result.ms} ms`);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('runs against a real Janus through require(esm): rooms, a join seen by another participant, its own plugin, health, metrics, clean close', async () => {
    const report = await runApp<Report>(dir, 'dist/main.js', janus, 'nest11-cjs');
    expect(report.loadedFrom).toBe(join(dir, 'node_modules', 'nestjs-janus', 'dist', 'index.js'));
    expect(report.rooms).toContain(ROOM);
    expect(report.joining).toMatchObject({ display: 'bob' });
    expect(report.exists).toBe(true);
    expect(report.displays).toEqual(['alice', 'bob']);
    expect(report.health).toMatchObject({ status: 'ok', info: { janus: { status: 'up', version: '1.1.2' } } });
    expect(report.metricsConnected).toBe(true);
    expect(report.sessionsLeft).toEqual([]);
    expect(await janusSessions(janus)).toEqual([]);
  });
});
