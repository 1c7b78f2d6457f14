import 'reflect-metadata';
import type { StreamingService } from 'nestjs-janus';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { StreamingSecrets } from '../../../src/room-admin/index.js';
import { createOptionsOf, SocketCreateMountpointDto } from '../../../src/streaming/dto/socket-admin.dto.js';
import type { JanusPool, PlacedPlugin, PoolServer } from '../../../src/janus/index.js';
import { RECORDING_OFF, StreamingAdminService } from '../../../src/streaming/streaming-admin.service.js';

/** A StreamingService stand-in recording the requests the service sends (no Janus in a unit test). */
function fakeStreaming(media: Array<{ mid: string; recording?: string }>): {
  service: StreamingService;
  calls: Array<[string, Record<string, unknown>]>;
} {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const record =
    (name: string, reply: unknown) =>
    (body: Record<string, unknown>): Promise<unknown> => {
      calls.push([name, body]);
      return Promise.resolve(reply);
    };
  const service = {
    info: record('info', { streaming: 'info', info: { id: 5, enabled: true, type: 'live', secret: 'sss', media } }),
    recording: record('recording', { streaming: 'ok' }),
    disable: record('disable', { streaming: 'ok' }),
  } as unknown as StreamingService;
  return { service, calls };
}

function adminService(service: StreamingService, env: Record<string, string> = {}): StreamingAdminService {
  const config = loadConfig({ JANUS_URL: 'ws://j:1', AUTH_REQUIRED: 'false', STREAMING_DEFAULT_SECRET: 'sss', ...env });
  // One server (no JANUS_POOL): the pool answers with it at once, for reads (locate) and changes (inRoom) alike.
  const server = { streaming: service } as unknown as PoolServer;
  const pool = {
    locate: () => Promise.resolve(server),
    inRoom: <T>(_plugin: PlacedPlugin, _id: number, use: (s: PoolServer) => Promise<T>) => use(server),
  } as unknown as JanusPool;
  return new StreamingAdminService(pool, new StreamingSecrets(config), config);
}

describe('StreamingAdminService', () => {
  it('disable with stop_recording stops the recording streams itself and never passes stop_recording to Janus', async () => {
    const { service, calls } = fakeStreaming([{ mid: 'a', recording: '/r/a' }, { mid: 'v' }]);
    await adminService(service).disable(5, true);
    expect(calls.map(([name]) => name)).toEqual(['info', 'recording', 'disable']);
    expect(calls[1][1]).toEqual({ id: 5, action: 'stop', media: [{ mid: 'a' }], secret: 'sss' });
    expect(calls[2][1]).toEqual({ id: 5, stop_recording: false, secret: 'sss' });
  });

  it('disable with stop_recording and nothing recording: only the disable', async () => {
    const { service, calls } = fakeStreaming([{ mid: 'a' }, { mid: 'v' }]);
    await adminService(service).disable(5, true);
    expect(calls.map(([name]) => name)).toEqual(['info', 'disable']);
  });

  it('recording without STREAMING_RECORDING_DIR is FORBIDDEN before anything reaches Janus', async () => {
    const { service, calls } = fakeStreaming([{ mid: 'a' }]);
    await expect(adminService(service).startRecording(5)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: RECORDING_OFF,
    });
    expect(calls).toEqual([]);
  });

  it('recording names one file per stream in STREAMING_RECORDING_DIR; info never shows the secret', async () => {
    const { service, calls } = fakeStreaming([{ mid: 'a' }, { mid: 'v.1' }]);
    const admin = adminService(service, { STREAMING_RECORDING_DIR: '/rec/' });
    const started = await admin.startRecording(5);
    expect(started.files.map((f) => f.mid)).toEqual(['a', 'v.1']);
    expect(started.files[1].filename).toMatch(/^\/rec\/mountpoint-5-\d+-v_1$/);
    expect(calls[1][1]).toMatchObject({ id: 5, action: 'start', media: started.files, secret: 'sss' });
    expect(await admin.describe(5, true)).not.toHaveProperty('secret');
  });
});

describe("createOptionsOf: Janode's create to an RTP mountpoint", () => {
  it('its audio / video / data become streams a, v, d; port2 and port3 together make simulcast', () => {
    const dto = Object.assign(new SocketCreateMountpointDto(), {
      name: 'n',
      audio: { port: 5000, pt: 111, rtpmap: 'opus/48000/2' },
      video: { pt: 100, rtpmap: 'VP8/90000', port2: 5004, port3: 5006, buffer: true },
      data: {},
    });
    expect(createOptionsOf(dto)).toMatchObject({
      type: 'rtp',
      name: 'n',
      media: [
        { type: 'audio', mid: 'a', port: 5000, pt: 111, rtpmap: 'opus/48000/2' },
        {
          type: 'video',
          mid: 'v',
          port: 0,
          pt: 100,
          rtpmap: 'VP8/90000',
          bufferkf: true,
          simulcast: true,
          port2: 5004,
          port3: 5006,
        },
        { type: 'data', mid: 'd', port: 0 },
      ],
    });
  });

  it('refuses a mountpoint without any stream (BAD_REQUEST)', () => {
    expect(() => createOptionsOf(new SocketCreateMountpointDto())).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
  });
});
