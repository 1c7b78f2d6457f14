import { describe, expect, it, vi } from 'vitest';

/** Which optional peers were loaded (the mocks below record it). */
const loaded = vi.hoisted(() => new Set<string>());
vi.mock('prom-client', () => {
  loaded.add('prom-client');
  return {};
});
vi.mock('@nestjs/terminus', () => {
  loaded.add('@nestjs/terminus');
  return {};
});

describe('entry points', () => {
  it('importing nestjs-janus loads neither @nestjs/terminus nor prom-client; the subpaths load them', async () => {
    const lib = await import('nestjs-janus');
    expect(lib.JanusModule).toBeTypeOf('function');
    expect(lib.JanusService).toBeTypeOf('function');
    expect([...loaded]).toEqual([]);

    // The subpaths fail against the empty stand-ins; only whether they loaded the peer matters here.
    await import('nestjs-janus/metrics').catch(() => undefined);
    expect([...loaded]).toEqual(['prom-client']);
    await import('nestjs-janus/health').catch(() => undefined);
    expect([...loaded]).toEqual(['prom-client', '@nestjs/terminus']);
  });
});
