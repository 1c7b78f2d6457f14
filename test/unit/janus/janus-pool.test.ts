import 'reflect-metadata';
import type {
  AudioBridgeService,
  JanusService,
  StreamingService,
  TextRoomService,
  VideoRoomService,
} from 'nestjs-janus';
import { JanusPluginError, StreamingErrorCode, VideoRoomErrorCode } from 'nestjs-janus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AudioBridgeAdminService } from '../../../src/audiobridge/audiobridge-admin.service.js';
import { loadConfig } from '../../../src/config/index.js';
import { JanusPool, PoolServer, type PlacedPlugin } from '../../../src/janus/index.js';
import { MemoryPlacementStore, placementKey, type PlacementStore } from '../../../src/janus/placement-store.js';
import { AudioBridgeSecrets, RoomAdminService, RoomSecrets, StreamingSecrets } from '../../../src/room-admin/index.js';
import { ScaleOut } from '../../../src/scale-out/index.js';
import { StreamingAdminService } from '../../../src/streaming/streaming-admin.service.js';

/** What each plugin request of the fake servers answers (a method not named here fails, as Janus does). */
const REPLIES: Record<string, unknown> = {
  exists: { exists: false },
  list: { list: [] },
  listParticipants: { participants: [] },
  listForwarders: { publishers: [], rtp_forwarders: [] },
  kick: {},
  create: { room: 0, permanent: false },
};

/** The requests the fake servers got: server label and method. */
type Calls = Array<[string, string]>;

/** A plugin service stand-in (any of the four) that records its requests on `calls`. */
function fakePlugin(label: string, calls: Calls): object {
  return new Proxy(
    {},
    {
      // Not a thenable: an async function may resolve with it.
      get: (_, method) =>
        method === 'then'
          ? undefined
          : (): Promise<unknown> => {
              calls.push([label, String(method)]);
              return method in REPLIES
                ? Promise.resolve(REPLIES[String(method)])
                : Promise.reject(new Error(`${String(method)}: no such room`));
            },
    },
  );
}

/** A pool server without Janus: `handles` is its load, `live` its link. */
function fakeServer(index: number, calls: Calls, handles: number, live = true): PoolServer {
  const label = `janus-${index}`;
  const janus = {
    state: live ? 'connected' : 'disconnected',
    connection: { handleCount: handles },
    admin: undefined,
  } as unknown as JanusService;
  const plugin = fakePlugin(label, calls);
  return new PoolServer(
    `ws://${label}:8188`,
    label,
    index,
    janus,
    plugin as VideoRoomService,
    plugin as AudioBridgeService,
    plugin as StreamingService,
    plugin as TextRoomService,
  );
}

/** Two servers, the second more loaded, in one instance (the memory placement store). */
function twoServers(): { pool: JanusPool; idle: PoolServer; busy: PoolServer; calls: Calls } {
  const calls: Calls = [];
  const idle = fakeServer(0, calls, 0);
  const busy = fakeServer(1, calls, 5);
  return { pool: new JanusPool([idle, busy], ScaleOut.alone()), idle, busy, calls };
}

/** The server id the pool's store names for `room` (undefined: not placed). */
function placementOf(pool: JanusPool, plugin: PlacedPlugin, room: number): Promise<string | undefined> {
  return (pool as unknown as { store: PlacementStore }).store.get(placementKey(plugin, room));
}

/** `createRoom` of `room` with a `create` that fails with `error` (after `before`, given the server it runs on). */
function failingCreate(
  pool: JanusPool,
  plugin: PlacedPlugin,
  room: number,
  error: Error,
  before: (server: PoolServer) => Promise<void> = () => Promise.resolve(),
): Promise<unknown> {
  return pool.createRoom(
    plugin,
    room,
    async (server) => {
      await before(server);
      throw error;
    },
    () => room,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('JanusPool.locate: where a read goes, recording nothing', () => {
  it('an unplaced room: the least-loaded live server (or a live `prefer`), and still no placement', async () => {
    const { pool, idle, busy } = twoServers();
    expect(await pool.locate('videoroom', 4242)).toBe(idle);
    expect(await pool.locate('videoroom', 4242, busy)).toBe(busy);
    expect(await placementOf(pool, 'videoroom', 4242)).toBeUndefined();
  });

  it('does not count as a recent placement: new rooms still go to the least-loaded server', async () => {
    const calls: Calls = [];
    const [first, second] = [fakeServer(0, calls, 1), fakeServer(1, calls, 1)];
    const pool = new JanusPool([first, second], ScaleOut.alone());
    for (const room of [1, 2, 3]) expect(await pool.locate('videoroom', room)).toBe(first);
    // Had the reads counted as placements on `first`, this new room would go to `second`.
    expect(await pool.serverForRoom('videoroom', 10)).toBe(first);
  });

  it('a placed room: its server, however loaded; one placed on a down server: a live one, the placement kept', async () => {
    const { pool, idle, busy } = twoServers();
    await pool.placeRoom('videoroom', 7, busy);
    expect(await pool.locate('videoroom', 7, idle)).toBe(busy);

    const calls: Calls = [];
    const down = fakeServer(0, calls, 0, false);
    const up = fakeServer(1, calls, 3);
    const degraded = new JanusPool([down, up], ScaleOut.alone());
    await degraded.placeRoom('videoroom', 8, down);
    expect(await degraded.locate('videoroom', 8)).toBe(up);
    expect(await placementOf(degraded, 'videoroom', 8)).toBe(down.id);
  });

  it('without a pool: the only server', async () => {
    const only = fakeServer(0, [], 0, false);
    expect(await new JanusPool([only], ScaleOut.alone()).locate('streaming', 1)).toBe(only);
  });
});

describe('JanusPool.createRoom with an id', () => {
  it('places the room once, on the server it creates it on', async () => {
    const { pool, idle } = twoServers();
    const setIfAbsent = vi.spyOn(MemoryPlacementStore.prototype, 'setIfAbsent');
    const replace = vi.spyOn(MemoryPlacementStore.prototype, 'replace');
    const created = await pool.createRoom(
      'audiobridge',
      31,
      (s) => Promise.resolve({ room: 31, on: s }),
      (c) => c.room,
    );
    expect(created.on).toBe(idle);
    expect(setIfAbsent.mock.calls.length + replace.mock.calls.length).toBe(1);
    expect(await placementOf(pool, 'audiobridge', 31)).toBe(idle.id);
  });

  it('a failed create leaves no placement behind', async () => {
    const { pool } = twoServers();
    const failed = failingCreate(pool, 'videoroom', 32, new Error('427 room exists'));
    await expect(failed).rejects.toThrow('427 room exists');
    expect(await placementOf(pool, 'videoroom', 32)).toBeUndefined();
  });

  it("a failed create keeps a placement it did not make: the room's, or one made on another server meanwhile", async () => {
    const { pool, idle, busy } = twoServers();
    await pool.placeRoom('streaming', 33, busy);
    const onBusy = failingCreate(pool, 'streaming', 33, new Error('456 exists'));
    await expect(onBusy).rejects.toThrow('456 exists');
    expect(await placementOf(pool, 'streaming', 33)).toBe(busy.id);

    const movedMeanwhile = failingCreate(pool, 'streaming', 34, new Error('timeout'), async (s) => {
      expect(s).toBe(idle);
      await pool.forgetRoom('streaming', 34);
      await pool.placeRoom('streaming', 34, busy);
    });
    await expect(movedMeanwhile).rejects.toThrow('timeout');
    expect(await placementOf(pool, 'streaming', 34)).toBe(busy.id);
  });

  it('a create refused because the room exists there keeps the placement it made (the room is there)', async () => {
    const { pool, idle } = twoServers();
    const exists = new JanusPluginError(VideoRoomErrorCode.ROOM_EXISTS, 'Room 35 already exists');
    await expect(failingCreate(pool, 'videoroom', 35, exists)).rejects.toBe(exists);
    expect(await placementOf(pool, 'videoroom', 35)).toBe(idle.id);
  });
});

describe('JanusPool.inRoom: a request on the server of a room', () => {
  it('runs on the server the room is placed on, and resolves with what the request resolved with', async () => {
    const { pool, busy } = twoServers();
    await pool.placeRoom('videoroom', 41, busy);
    expect(await pool.inRoom('videoroom', 41, (s) => Promise.resolve(s))).toBe(busy);
    expect(await placementOf(pool, 'videoroom', 41)).toBe(busy.id);
  });

  it('a success on an unplaced room keeps the placement it made', async () => {
    const { pool, idle } = twoServers();
    expect(await pool.inRoom('audiobridge', 42, () => Promise.resolve('done'))).toBe('done');
    expect(await placementOf(pool, 'audiobridge', 42)).toBe(idle.id);
  });

  it('Janus\'s "no such room" of that plugin takes the placement back, and the same error is rethrown', async () => {
    const { pool } = twoServers();
    const missing = new JanusPluginError(VideoRoomErrorCode.NO_SUCH_ROOM, 'No such room (43)');
    await expect(pool.inRoom('videoroom', 43, () => Promise.reject(missing))).rejects.toBe(missing);
    expect(await placementOf(pool, 'videoroom', 43)).toBeUndefined();

    const noMountpoint = new JanusPluginError(StreamingErrorCode.NO_SUCH_MOUNTPOINT, 'No such mountpoint/stream 44');
    await expect(pool.inRoom('streaming', 44, () => Promise.reject(noMountpoint))).rejects.toBe(noMountpoint);
    expect(await placementOf(pool, 'streaming', 44)).toBeUndefined();
  });

  it('any other error keeps the placement (another plugin\'s "no such room" code included), rethrown as it is', async () => {
    const { pool, idle } = twoServers();
    const refused = new JanusPluginError(VideoRoomErrorCode.UNAUTHORIZED, 'Unauthorized');
    await expect(pool.inRoom('videoroom', 45, () => Promise.reject(refused))).rejects.toBe(refused);
    expect(await placementOf(pool, 'videoroom', 45)).toBe(idle.id);

    const timeout = new Error('timeout');
    await expect(pool.inRoom('videoroom', 46, () => Promise.reject(timeout))).rejects.toBe(timeout);
    expect(await placementOf(pool, 'videoroom', 46)).toBe(idle.id);

    // 426 is VideoRoom's "no such room"; to Streaming it means something else.
    const otherCode = new JanusPluginError(VideoRoomErrorCode.NO_SUCH_ROOM, 'No such room (47)');
    await expect(pool.inRoom('streaming', 47, () => Promise.reject(otherCode))).rejects.toBe(otherCode);
    expect(await placementOf(pool, 'streaming', 47)).toBe(idle.id);
  });
});

describe('room admin reads place nothing; changes place the room', () => {
  const config = loadConfig({ JANUS_URL: 'ws://j:1', AUTH_REQUIRED: 'false' });

  it('VideoRoom: exists, describe, participants, forwarders of an unknown room leave no placement', async () => {
    const { pool, idle, calls } = twoServers();
    const admin = new RoomAdminService(pool, new RoomSecrets(config));
    expect(await admin.exists(9001)).toBe(false);
    await expect(admin.describeRoom(9001)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await admin.listParticipants(9001);
    await admin.listForwarders(9001);
    expect(await placementOf(pool, 'videoroom', 9001)).toBeUndefined();
    expect(new Set(calls.map(([label]) => label))).toEqual(new Set([idle.label]));

    await admin.kick(9001, 1);
    expect(await placementOf(pool, 'videoroom', 9001)).toBe(idle.id);
  });

  it('VideoRoom: a read of a placed room goes to its server', async () => {
    const { pool, busy, calls } = twoServers();
    const admin = new RoomAdminService(pool, new RoomSecrets(config));
    await pool.placeRoom('videoroom', 9002, busy);
    await admin.exists(9002);
    await admin.listParticipants(9002);
    expect(calls).toEqual([
      [busy.label, 'exists'],
      [busy.label, 'listParticipants'],
    ]);
  });

  it('AudioBridge: exists, describe, participants, forwarders of an unknown room leave no placement', async () => {
    const { pool, busy, calls } = twoServers();
    const admin = new AudioBridgeAdminService(pool, new AudioBridgeSecrets(config), config);
    expect(await admin.exists(9003)).toBe(false);
    await expect(admin.describeRoom(9003)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await admin.listParticipants(9003);
    await admin.listForwarders(9003);
    expect(await placementOf(pool, 'audiobridge', 9003)).toBeUndefined();

    await pool.placeRoom('audiobridge', 9004, busy);
    calls.length = 0;
    await admin.listParticipants(9004);
    expect(calls).toEqual([[busy.label, 'listParticipants']]);
  });

  it('Streaming: describing an unknown mountpoint leaves no placement; kicking its viewers places it', async () => {
    const { pool, idle } = twoServers();
    const admin = new StreamingAdminService(pool, new StreamingSecrets(config), config);
    await expect(admin.describe(9005, true)).rejects.toThrow('no such room');
    expect(await placementOf(pool, 'streaming', 9005)).toBeUndefined();
    await expect(admin.kickAll(9005)).rejects.toThrow('no such room');
    expect(await placementOf(pool, 'streaming', 9005)).toBe(idle.id);
  });
});
