import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  AudioBridgeErrorCode,
  JanusPluginError,
  StreamingErrorCode,
  TextRoomErrorCode,
  VideoRoomErrorCode,
  type AudioBridgeService,
  type JanusService,
  type JanusSession,
  type StreamingService,
  type TextRoomService,
  type VideoRoomService,
} from 'nestjs-janus';
import { AppError } from '../errors/index.js';
import type { ScaleOut } from '../scale-out/scale-out.js';
import { MemoryPlacementStore, placementKey, RedisPlacementStore, type PlacementStore } from './placement-store.js';

/** The plugins whose rooms (mountpoints) are placed on one server of the pool. */
export type PlacedPlugin = 'videoroom' | 'audiobridge' | 'streaming' | 'textroom';

/** Janus's "no such room" (for Streaming, "no such mountpoint") error code, per placed plugin. */
const NO_SUCH_ROOM: Readonly<Record<PlacedPlugin, number>> = {
  videoroom: VideoRoomErrorCode.NO_SUCH_ROOM,
  audiobridge: AudioBridgeErrorCode.NO_SUCH_ROOM,
  streaming: StreamingErrorCode.NO_SUCH_MOUNTPOINT,
  textroom: TextRoomErrorCode.NO_SUCH_ROOM,
};

/**
 * Janus's "room already exists" error code, per placed plugin (Streaming has none of its own: 456 "cannot create"
 * covers a mountpoint id in use, among others).
 */
const ROOM_EXISTS: Readonly<Record<PlacedPlugin, number>> = {
  videoroom: VideoRoomErrorCode.ROOM_EXISTS,
  audiobridge: AudioBridgeErrorCode.ROOM_EXISTS,
  streaming: StreamingErrorCode.CANT_CREATE,
  textroom: TextRoomErrorCode.ROOM_EXISTS,
};

/** `err` is Janus's answer `code` of `plugin`. */
function isPluginCode(err: unknown, code: number): boolean {
  return err instanceof JanusPluginError && err.janusCode === code;
}

/**
 * The placement of every TextRoom room: a browser's data channel is set up before it names a room, so with a pool the
 * plugin's rooms are placed together, on one server.
 */
export const TEXTROOM_PLACEMENT = 'all';

/** How often a server's handle count is read from its Admin API (when it has one) to check the app's own counters. */
export const ADMIN_LOAD_CHECK_MS = 5000;
/** How long a room this instance placed counts as load on its server before its participants do. */
export const RECENT_PLACEMENT_MS = 10_000;
/** How long the other instances' counters read from Redis are reused. */
const SHARED_LOAD_TTL_MS = 500;

/** One Janus server of the app: its connection, and the plugin services that administer its rooms. */
export class PoolServer {
  constructor(
    /** Its id in placements (the API URL as configured: the same on every instance). */
    readonly id: string,
    /** The id without credentials. */
    readonly label: string,
    /** Its position in `JANUS_POOL` (0 without a pool). */
    readonly index: number,
    readonly janus: JanusService,
    readonly videoRoom: VideoRoomService,
    readonly audioBridge: AudioBridgeService,
    readonly streaming: StreamingService,
    readonly textRoom: TextRoomService,
  ) {}

  /**
   * Where another Janus sends it media (VideoRoom remote publishers): the host of its API URL (127.0.0.1 for a Unix
   * socket).
   */
  get mediaHost(): string {
    try {
      const url = new URL(this.id);
      return url.protocol === 'ws+unix:' || !url.hostname ? '127.0.0.1' : url.hostname.replace(/^\[|\]$/g, '');
    } catch {
      return '127.0.0.1';
    }
  }

  /** Connected to its Janus right now. */
  get live(): boolean {
    return this.janus.state === 'connected';
  }

  /** The app's shared Janus session on this server (sockets' handles are attached on it). */
  sharedSession(): Promise<JanusSession> {
    return this.janus.sharedSession();
  }
}

/**
 * The Janus servers of the app and which of them holds what. Without `JANUS_POOL` there is one server and every
 * question is answered at once, without Redis. With it:
 * - a room (of VideoRoom, AudioBridge, TextRoom; a Streaming mountpoint) lives on one server: the first to need it
 *   places it on the least-loaded live server with a set-if-absent (in Redis with `REDIS_URL`), so every instance
 *   and every concurrent join agree, and everyone of the room is placed there; a read ({@link JanusPool.locate})
 *   places nothing;
 * - sessions without a room (EchoTest, WHIP echo) go to the least-loaded live server;
 * - a server whose link is down is out of the pool: a room placed on it moves (compare-and-set) to a live server at
 *   its next join, and it takes new rooms again once connected;
 * - load = the handles on the server, counted by every instance (its own connection's count, the others' from their
 *   Redis records), or what the server's Admin API counts when that is more (read every {@link ADMIN_LOAD_CHECK_MS}).
 */
export class JanusPool implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JanusPool');
  readonly servers: readonly PoolServer[];
  private readonly store: PlacementStore;
  private readonly adminCounts = new Map<PoolServer, number>();
  /** Rooms this instance placed lately, oldest first. */
  private readonly recent: Array<{ server: PoolServer; at: number }> = [];
  private shared?: { at: number; loads: Promise<ReadonlyMap<string, number>> };
  private timer?: NodeJS.Timeout;

  constructor(
    /** The servers, in `JANUS_POOL` order (one without it). */
    servers: readonly PoolServer[],
    private readonly scaleOut: ScaleOut,
  ) {
    this.servers = servers;
    this.store = scaleOut.redis ? new RedisPlacementStore(scaleOut.redis) : new MemoryPlacementStore();
  }

  /** More than one server. */
  get pooled(): boolean {
    return this.servers.length > 1;
  }

  /** The first server (the only one without `JANUS_POOL`). */
  get primary(): PoolServer {
    return this.servers[0];
  }

  onApplicationBootstrap(): void {
    if (!this.pooled || !this.servers.some((s) => s.janus.admin)) return;
    this.timer = setInterval(() => void this.checkAdminCounts(), ADMIN_LOAD_CHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The server with `id`, if it is one of the pool's. */
  byId(id: string | undefined): PoolServer | undefined {
    return id === undefined ? undefined : this.servers.find((s) => s.id === id);
  }

  /**
   * The server that holds `room` of `plugin`: where it is placed, or (not placed yet, or placed on a server that is
   * down while another is up) `prefer` if live, else the least-loaded live server, recorded so that every instance
   * agrees. For what joins, creates or changes the room (one that may not exist: {@link inRoom}); a pure read takes
   * {@link locate}.
   */
  async serverForRoom(plugin: PlacedPlugin, room: number | string, prefer?: PoolServer): Promise<PoolServer> {
    return (await this.place(plugin, room, prefer)).server;
  }

  /**
   * Where a read of `room` of `plugin` goes, recording nothing: the server it is placed on (the rules of
   * {@link serverForRoom}), else `prefer` if live, else the least-loaded live server. A read of a room nobody
   * placed (maybe one that does not exist) leaves no placement behind.
   */
  async locate(plugin: PlacedPlugin, room: number | string, prefer?: PoolServer): Promise<PoolServer> {
    if (!this.pooled) return this.primary;
    const server = this.byId(await this.store.get(placementKey(plugin, room)));
    if (server && this.serves(server)) return server;
    return prefer?.live ? prefer : this.leastLoaded();
  }

  /** {@link serverForRoom}, and whether this call placed the room where nothing was (`fresh`: its own placement). */
  private async place(
    plugin: PlacedPlugin,
    room: number | string,
    prefer?: PoolServer,
  ): Promise<{ server: PoolServer; fresh: boolean }> {
    if (!this.pooled) return { server: this.primary, fresh: false };
    const key = placementKey(plugin, room);
    const placed = await this.store.get(key);
    const server = this.byId(placed);
    if (server && this.serves(server)) return { server, fresh: false };
    // Not placed (or on a server that is down): `prefer` when it is live, else the least-loaded server.
    const candidate = prefer?.live ? prefer : await this.leastLoaded(undefined, true);
    if (placed === undefined) {
      const { value, set } = await this.store.setIfAbsent(key, candidate.id);
      return { server: this.byId(value) ?? candidate, fresh: set };
    }
    const winner = await this.store.replace(key, placed, candidate.id);
    if (winner === candidate.id && server) {
      this.logger.warn(`${plugin} room ${String(room)} moves from ${server.label} (down) to ${candidate.label}`);
    }
    return { server: this.byId(winner) ?? candidate, fresh: false };
  }

  /** A room placed on `server` is served there: it is live, or no server is. */
  private serves(server: PoolServer): boolean {
    return server.live || !this.servers.some((s) => s.live);
  }

  /**
   * For a request that moves something of `server` (a participant, a viewer) into `room` without a new
   * PeerConnection (AudioBridge `changeroom`, Streaming `switch`): `room`'s server, which must be `server` (an
   * unplaced room is placed there); `CONFLICT` naming what to do `instead` when it is on another one.
   */
  async requireOn(server: PoolServer, plugin: PlacedPlugin, room: number, instead: string): Promise<PoolServer> {
    if ((await this.serverForRoom(plugin, room, server)) !== server) {
      const what = plugin === 'streaming' ? 'mountpoint' : 'room';
      throw new AppError('CONFLICT', `${what} ${room} is on another Janus server: ${instead}`);
    }
    return server;
  }

  /** Records that `room` of `plugin` was created on `server` (a room the app created there). */
  async placeRoom(plugin: PlacedPlugin, room: number | string, server: PoolServer): Promise<void> {
    if (!this.pooled) return;
    await this.store.replace(placementKey(plugin, room), server.id, server.id);
  }

  /**
   * Creates a room (mountpoint) with `create` on the server it belongs on and places it there; resolves with what
   * `create` resolved with. `room` given: placed once, before `create` (where it is placed already, else where a new
   * room goes); should `create` fail, other than because the room exists there, a placement this call made is taken
   * back unless it names another server by then. No `room`: created on the least-loaded live server and placed under the id it got.
   */
  async createRoom<T>(
    plugin: PlacedPlugin,
    room: number | string | undefined,
    create: (server: PoolServer) => Promise<T>,
    idOf: (created: T) => number | string,
  ): Promise<T> {
    if (room === undefined) {
      const server = await this.leastLoaded(undefined, true);
      const created = await create(server);
      await this.placeRoom(plugin, idOf(created), server);
      return created;
    }
    const { server, fresh } = await this.place(plugin, room);
    try {
      return await create(server);
    } catch (err) {
      // A room that exists there already is where it is placed (maybe by a concurrent create that won).
      if (fresh && !isPluginCode(err, ROOM_EXISTS[plugin])) await this.unplace(plugin, room, server);
      throw err;
    }
  }

  /**
   * Runs `use` on the server that holds `room` of `plugin` ({@link serverForRoom}: an unplaced room is placed) and
   * resolves with what it resolves with. When `use` rejects, the error is rethrown as it is, after the placement is
   * taken back if that server's Janus said there is no such room: a join or change of an id nobody created leaves
   * no record.
   */
  async inRoom<T>(plugin: PlacedPlugin, room: number | string, use: (server: PoolServer) => Promise<T>): Promise<T> {
    const server = await this.serverForRoom(plugin, room);
    try {
      return await use(server);
    } catch (err) {
      await this.forgetIfMissing(plugin, room, server, err);
      throw err;
    }
  }

  /**
   * After a request on `room` failed on `server` with `err`: when that server's Janus said the room (mountpoint) does
   * not exist, its placement goes, while it still names `server`.
   */
  private async forgetIfMissing(
    plugin: PlacedPlugin,
    room: number | string,
    server: PoolServer,
    err: unknown,
  ): Promise<void> {
    if (!this.pooled || !isPluginCode(err, NO_SUCH_ROOM[plugin])) return;
    await this.unplace(plugin, room, server);
  }

  /** Forgets `room`'s placement while it still names `server`; a store error is only logged (`create`'s is thrown). */
  private async unplace(plugin: PlacedPlugin, room: number | string, server: PoolServer): Promise<void> {
    try {
      await this.store.deleteIf(placementKey(plugin, room), server.id);
    } catch (err) {
      this.logger.warn(`${plugin} room ${String(room)}: its placement stays (${(err as Error).message})`);
    }
  }

  /**
   * What `list` gives on every live server (the only one without a pool), merged: a room listed by several servers
   * (one configured in each Janus) appears once, as the server it is placed on (else the first) lists it.
   */
  async listAll<T>(
    plugin: PlacedPlugin,
    list: (server: PoolServer) => Promise<readonly T[]>,
    idOf: (item: T) => number | string,
  ): Promise<T[]> {
    if (!this.pooled) return [...(await list(this.primary))];
    const live = this.servers.filter((s) => s.live);
    const lists = await Promise.all(live.map(async (s) => ({ server: s, items: await list(s) })));
    const byId = new Map<string, { server: PoolServer; item: T }[]>();
    for (const { server, items } of lists) {
      for (const item of items) {
        const id = String(idOf(item));
        const seen = byId.get(id) ?? [];
        seen.push({ server, item });
        byId.set(id, seen);
      }
    }
    const merged: T[] = [];
    for (const [id, seen] of byId) {
      const placed = seen.length > 1 ? this.byId(await this.store.get(placementKey(plugin, id))) : undefined;
      merged.push((seen.find((x) => x.server === placed) ?? seen[0]).item);
    }
    return merged;
  }

  /** Forgets where `room` of `plugin` is (it was destroyed). */
  async forgetRoom(plugin: PlacedPlugin, room: number | string): Promise<void> {
    if (!this.pooled) return;
    await this.store.delete(placementKey(plugin, room));
  }

  /**
   * The live server with the fewest handles (ties: the first in `JANUS_POOL`), other than `except` when another is
   * live; every server counts when none is live. A room this instance placed in the last
   * {@link RECENT_PLACEMENT_MS} counts as one handle more on its server (its participants are not counted yet): a
   * burst of new rooms spreads over the servers. `placing`: the answer is where a new room goes (counted so).
   */
  async leastLoaded(except?: PoolServer, placing = false): Promise<PoolServer> {
    if (!this.pooled) return this.primary;
    const others = this.servers.filter((s) => s.live && s !== except);
    const live = others.length > 0 ? others : this.servers.filter((s) => s.live);
    const candidates = live.length > 0 ? live : this.servers;
    const loads = await this.loads();
    // From here on synchronous: concurrent placements see each other's recent placements.
    const now = Date.now();
    while (this.recent.length > 0 && now - this.recent[0].at > RECENT_PLACEMENT_MS) this.recent.shift();
    const load = (s: PoolServer): number => loads.get(s)! + this.recent.filter((r) => r.server === s).length;
    let best = candidates[0];
    for (const s of candidates) if (load(s) < load(best)) best = s;
    if (placing) this.recent.push({ server: best, at: now });
    return best;
  }

  /** Each server's load: the handles the instances count on it, or its Admin API's count when that is more. */
  async loads(): Promise<Map<PoolServer, number>> {
    const shared = await this.sharedLoads();
    const loads = new Map<PoolServer, number>();
    for (const s of this.servers) {
      const counted = s.janus.connection.handleCount + (shared.get(s.id) ?? 0);
      loads.set(s, Math.max(counted, this.adminCounts.get(s) ?? 0));
    }
    return loads;
  }

  /** The other instances' counters, from their records in Redis (none alone). */
  private sharedLoads(): Promise<ReadonlyMap<string, number>> {
    const registry = this.scaleOut.registry;
    if (!registry) return Promise.resolve(new Map());
    const now = Date.now();
    if (!this.shared || now - this.shared.at > SHARED_LOAD_TTL_MS) {
      this.shared = { at: now, loads: registry.otherLoads().catch(() => new Map<string, number>()) };
    }
    return this.shared.loads;
  }

  /** Reads each live server's handle count from its Admin API. */
  private async checkAdminCounts(): Promise<void> {
    await Promise.all(
      this.servers.map(async (s) => {
        const admin = s.janus.admin;
        if (!admin || !s.live) return this.adminCounts.delete(s);
        try {
          let handles = 0;
          for (const id of await admin.listSessions()) handles += (await admin.listHandles(id)).length;
          this.adminCounts.set(s, handles);
        } catch {
          this.adminCounts.delete(s);
        }
        return undefined;
      }),
    );
  }
}
