import { describe, expect, it, vi } from 'vitest';

/** Which Nest packages were loaded (the mocks below record it). */
const loaded = vi.hoisted(() => new Set<string>());
for (const name of ['@nestjs/common', '@nestjs/core', '@nestjs/terminus', 'prom-client', 'reflect-metadata']) {
  vi.doMock(name, () => {
    loaded.add(name);
    return {};
  });
}

describe('nestjs-janus/core', () => {
  it('loads no Nest package (nor reflect-metadata, terminus, prom-client) and has the core, plugins and Admin API', async () => {
    const core = await import('nestjs-janus/core');
    expect(core.JanusConnection).toBeTypeOf('function');
    expect(core.JanusAdminClient).toBeTypeOf('function');
    expect(core.VideoRoomPlugin).toBeTypeOf('function');
    expect(core.JanusError).toBeTypeOf('function');
    expect([...loaded]).toEqual([]);
    expect(Object.keys(core)).not.toContain('JanusModule');

    // The check can fail: the root entry point loads Nest.
    await import('nestjs-janus').catch(() => undefined);
    expect(loaded.has('@nestjs/common')).toBe(true);
  });
});
