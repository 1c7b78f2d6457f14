import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JanusInstance } from '../../tools/janus-harness/index.js';
import { janusSessions, ROOM, runApp, installWithJanus } from './support/janus-app.js';
import { tsc } from './support/run.js';

/** What test/package/fixtures/nest12-esm/src/main.ts prints. */
interface Report {
  rooms: number[];
  joining: { id: number; display?: string };
  exists: boolean;
  displays: string[];
  health: { status: string; info?: Record<string, { status: string; version?: string }> };
  metricsConnected: boolean;
  sessionsLeft: number[];
}

/**
 * A Nest 12 app as `nest new` makes it today (@nestjs/schematics 12's default template is ESM: `"type": "module"`,
 * `module`/`moduleResolution` `nodenext`, strict; exactOptionalPropertyTypes added here), with the packed library
 * and its peers installed, compiled with tsc and run against a real Janus: JanusModule.forRootAsync, JanusService,
 * VideoRoomService, the app's own plugin class, nestjs-janus/health behind terminus, nestjs-janus/metrics.
 */
describe('Nest 12 ESM app (nest new template) with the packed nestjs-janus', () => {
  const packed = inject('packed');
  let janus: JanusInstance;
  let dir: string;

  beforeAll(async () => {
    dir = await installWithJanus('nest12-esm', packed, (started) => (janus = started));
  });
  afterAll(async () => {
    await janus?.stop();
  });

  it('compiles with strict tsc (nodenext, exactOptionalPropertyTypes)', async () => {
    const result = await tsc(dir, 'tsconfig.build.json');
    console.log(`nest12-esm: tsc ${result.ms} ms`);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('runs against a real Janus: rooms, a join seen by another participant, its own plugin, health, metrics, clean close', async () => {
    const report = await runApp<Report>(dir, 'dist/main.js', janus, 'nest12-esm');
    expect(report.rooms).toContain(ROOM);
    expect(report.joining).toMatchObject({ display: 'bob' });
    expect(report.exists).toBe(true);
    expect(report.displays).toEqual(['alice', 'bob']);
    expect(report.health).toMatchObject({ status: 'ok', info: { janus: { status: 'up', version: '1.1.2' } } });
    expect(report.metricsConnected).toBe(true);
    // The app left its sessions open: closing the app destroyed them on Janus.
    expect(report.sessionsLeft).toEqual([]);
    expect(await janusSessions(janus)).toEqual([]);
  });
});
