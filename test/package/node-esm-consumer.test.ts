import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JanusInstance } from '../../tools/janus-harness/index.js';
import { janusSessions, ROOM, runApp, installWithJanus } from './support/janus-app.js';
import { tsc } from './support/run.js';

/** What test/package/fixtures/node-esm/src/main.ts prints. */
interface Report {
  rooms: number[];
  joining: { id: number; display?: string };
  exists: boolean;
  displays: string[];
  sessionsLeft: number[];
  rootEntry: string;
}

/**
 * A plain Node.js ESM app without Nest (test/package/fixtures/node-esm) that imports only `nestjs-janus/core`,
 * with the packed tarball and rxjs installed: it compiles under strict tsc and runs against a real Janus.
 */
describe('plain Node.js ESM app on nestjs-janus/core (packed tarball, no Nest installed)', () => {
  const packed = inject('packed');
  let janus: JanusInstance;
  let dir: string;

  beforeAll(async () => {
    dir = await installWithJanus('node-esm', packed, (started) => (janus = started));
  });
  afterAll(async () => {
    await janus?.stop();
  });

  it('installs without any Nest package, nor reflect-metadata; the ws types come with the library', () => {
    expect(existsSync(join(dir, 'node_modules', 'nestjs-janus', 'package.json'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules', '@types', 'ws', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules', '@nestjs'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules', 'reflect-metadata'))).toBe(false);
  });

  it('compiles with strict tsc (nodenext, exactOptionalPropertyTypes, the .d.ts files checked)', async () => {
    const result = await tsc(dir);
    console.log(`node-esm: tsc ${result.ms} ms`);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('connects, lists rooms, sees a participant join, runs its own plugin class, closes, leaves no session', async () => {
    const report = await runApp<Report>(dir, 'dist/main.js', janus, 'node-esm');
    expect(report.rooms).toContain(ROOM);
    expect(report.joining).toMatchObject({ display: 'bob' });
    expect(report.exists).toBe(true);
    expect(report.displays).toEqual(['alice', 'bob']);
    expect(report.sessionsLeft).toEqual([]);
    // The root entry point needs Nest; the framework-free one loaded above without it.
    expect(report.rootEntry).toMatch(/Cannot find package '@nestjs\//);
    expect(await janusSessions(janus)).toEqual([]);
  });
});
