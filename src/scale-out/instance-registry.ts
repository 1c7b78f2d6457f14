import type { Redis } from 'ioredis';
import type { JanusConnection, JanusId } from 'nestjs-janus';
import { redactUrl } from '../config/index.js';
import { REDIS_KEY_PREFIX } from './redis-keys.js';

/** The keys of one instance's records (all expire: see {@link InstanceRegistry}). */
export function instanceKeys(id: string): { alive: string; sessions: string; load: string; reaper: string } {
  const base = `${REDIS_KEY_PREFIX}instance:${id}`;
  return { alive: `${base}:alive`, sessions: `${base}:sessions`, load: `${base}:load`, reaper: `${base}:reaper` };
}

/** The set of the instances that wrote a record (expires too). */
export const INSTANCES_KEY = `${REDIS_KEY_PREFIX}instances`;

/** What the registry logs. */
export interface RegistryLog {
  log(message: string): void;
  warn(message: string): void;
}

/** How the registry runs. */
export interface InstanceRegistryOptions {
  /** This instance's id (unique per process start). */
  readonly instanceId: string;
  /** `INSTANCE_TTL_S` in ms: the heartbeat's lifetime; renewed every third of it, expired owners swept as often. */
  readonly ttlMs: number;
  /** How often the sessions are compared with the last record (a new session is recorded within this). Default 1 s. */
  readonly checkMs?: number;
}

/** One instance's placement record, read back (tests, diagnostics). */
export interface InstanceRecord {
  readonly alive: boolean;
  /** Janus session id -> the Janus API URL it lives on. */
  readonly sessions: ReadonlyMap<JanusId, string>;
}

/**
 * Placement records of the app instances in Redis, and the sweep that ends the Janus sessions of the instances that
 * died.
 *
 * Each instance keeps, under `nestjs-janus:instance:<id>:`
 * - `alive`: its heartbeat, set with a TTL of `INSTANCE_TTL_S` and renewed every third of it;
 * - `sessions`: a hash of the Janus session ids its connections own -> the Janus URL they are on, rewritten as soon
 *   as the set changes (checked every second) and with every heartbeat; it expires after ten TTLs without one;
 * - `load` (with a Janus pool only): a hash of each Janus URL -> the handles this instance has there (what the pool
 *   places rooms by), rewritten with `sessions`, and on its own when only the counts changed;
 * and its id in the set `nestjs-janus:instances`.
 *
 * Every third of the TTL each instance looks for instances whose heartbeat expired; one of them (a `reaper` lock,
 * set-if-absent) claims each such session on its own connection to that session's Janus and destroys it (Janus needs
 * the claim: a session can only be destroyed over the transport that holds it), then deletes the dead instance's
 * record. So the sessions of an instance that died are gone from Janus within `TTL + TTL/3` (plus a Janus round
 * trip). Sessions on a Janus URL the sweeper is not connected to are left to an instance connected there (or to
 * Janus's own timeouts).
 */
export class InstanceRegistry {
  private readonly keys: ReturnType<typeof instanceKeys>;
  private readonly checkMs: number;
  private readonly beatMs: number;
  private timer?: NodeJS.Timeout;
  private written?: string;
  private writtenLoad?: string;
  private nextBeat = 0;
  private nextSweep = 0;
  private running?: Promise<void>;
  private readonly lastUrls = new Map<JanusConnection, string>();
  private failing = false;
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    /** This instance's Janus connections (one per server of the pool). */
    private readonly connections: readonly JanusConnection[],
    private readonly log: RegistryLog,
    private readonly options: InstanceRegistryOptions,
  ) {
    this.keys = instanceKeys(options.instanceId);
    this.beatMs = Math.max(1000, Math.floor(options.ttlMs / 3));
    this.checkMs = Math.min(options.checkMs ?? 1000, this.beatMs);
  }

  /**
   * Several Janus servers (`JANUS_POOL`): the record carries the handle counts the pool places rooms by. Alone, they
   * would only make the record change with every attach and detach.
   */
  private get pooled(): boolean {
    return this.connections.length > 1;
  }

  /** How long after an instance dies its Janus sessions are gone at the latest (without the Janus round trip). */
  get boundMs(): number {
    return this.options.ttlMs + this.beatMs;
  }

  /** Writes the first record and starts the heartbeat and the sweep. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.beat();
    this.nextSweep = Date.now() + this.beatMs;
    this.timer = setInterval(() => this.tick(), this.checkMs);
    this.timer.unref();
  }

  /**
   * Stops the timer and deletes this instance's record (a clean shutdown: the Janus connection destroys its own
   * sessions). Waits for a tick under way first.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.redis
      .multi()
      .del(this.keys.alive, this.keys.sessions, this.keys.load)
      .srem(INSTANCES_KEY, this.options.instanceId)
      .exec()
      .catch((err: unknown) => this.log.warn(`could not delete this instance's record in Redis: ${message(err)}`));
  }

  /** One instance's record as Redis has it. */
  async record(instanceId: string): Promise<InstanceRecord> {
    const keys = instanceKeys(instanceId);
    const [alive, sessions] = await Promise.all([this.redis.exists(keys.alive), this.redis.hgetall(keys.sessions)]);
    return {
      alive: alive === 1,
      sessions: new Map(Object.entries(sessions).map(([id, url]) => [Number(id), url])),
    };
  }

  /**
   * Ends the Janus sessions of every instance whose heartbeat expired (those on a Janus this instance is connected
   * to), and forgets those instances. Resolves with the number of sessions destroyed.
   */
  async sweep(): Promise<number> {
    const byUrl = new Map<string, JanusConnection>();
    for (const c of this.connections) if (c.state === 'connected' && c.serverUrl) byUrl.set(c.serverUrl, c);
    if (byUrl.size === 0) return 0;
    let destroyed = 0;
    for (const id of await this.redis.smembers(INSTANCES_KEY)) {
      if (id === this.options.instanceId || this.stopped) continue;
      const keys = instanceKeys(id);
      if ((await this.redis.exists(keys.alive)) === 1) continue;
      // One sweeper per dead instance at a time; the lock outlives a slow sweep, never a crashed sweeper for long.
      const locked = await this.redis.set(keys.reaper, this.options.instanceId, 'PX', this.options.ttlMs, 'NX');
      if (locked !== 'OK') continue;
      let left = 0;
      for (const [sessionId, sessionUrl] of Object.entries(await this.redis.hgetall(keys.sessions))) {
        const janus = byUrl.get(sessionUrl);
        if (!janus) {
          left++;
          continue;
        }
        try {
          if (await janus.claimAndDestroySession(Number(sessionId))) destroyed++;
          await this.redis.hdel(keys.sessions, sessionId);
        } catch (err) {
          left++;
          this.log.warn(`could not destroy Janus session ${sessionId} of dead instance ${id}: ${message(err)}`);
        }
      }
      if (left === 0) {
        await this.redis.multi().del(keys.sessions, keys.load, keys.reaper).srem(INSTANCES_KEY, id).exec();
        this.log.log(`instance ${id} stopped its heartbeat: its Janus sessions are destroyed and its record deleted`);
      } else {
        await this.redis.del(keys.reaper);
      }
    }
    return destroyed;
  }

  private tick(): void {
    if (this.running || this.stopped) return;
    this.running = this.step()
      .then(
        () => {
          if (this.failing) this.log.log('Redis answers again: placement records are kept up to date');
          this.failing = false;
        },
        (err: unknown) => {
          // Once per outage: Redis reconnects by itself, and the next tick tries again.
          if (!this.failing) this.log.warn(`placement records: Redis did not answer (${message(err)})`);
          this.failing = true;
        },
      )
      .finally(() => (this.running = undefined));
  }

  private async step(): Promise<void> {
    const now = Date.now();
    if (now >= this.nextBeat || this.fingerprint() !== this.written) await this.beat();
    else if (this.pooled && JSON.stringify(this.loadOf()) !== this.writtenLoad) await this.beat(true);
    if (now >= this.nextSweep) {
      this.nextSweep = now + this.beatMs;
      await this.sweep();
    }
  }

  /**
   * The handles every other live instance has on each Janus URL (from their `load` records): what the Janus pool
   * adds to its own counts.
   */
  async otherLoads(): Promise<Map<string, number>> {
    const others = (await this.redis.smembers(INSTANCES_KEY)).filter((id) => id !== this.options.instanceId);
    const loads = new Map<string, number>();
    if (others.length === 0) return loads;
    // One round trip for all of them: each one's heartbeat and load record.
    const read = this.redis.pipeline();
    for (const id of others) {
      const keys = instanceKeys(id);
      read.exists(keys.alive).hgetall(keys.load);
    }
    const replies = ((await read.exec()) ?? []).map(([err, value]) => (err ? undefined : value));
    for (let i = 0; i < others.length; i++) {
      if (replies[2 * i] !== 1) continue;
      const load = (replies[2 * i + 1] ?? {}) as Record<string, string>;
      for (const [url, n] of Object.entries(load)) loads.set(url, (loads.get(url) ?? 0) + Number(n));
    }
    return loads;
  }

  /** Each connection's URL (the last known while it reconnects) and sessions: what the `sessions` record shows. */
  private fingerprint(): string {
    return this.connections
      .map((c) => {
        const url = c.serverUrl ?? this.lastUrls.get(c);
        if (url !== undefined) this.lastUrls.set(c, url);
        return `${url ?? ''} ${c.sessionIds.sort((a, b) => a - b).join(',')}`;
      })
      .join(';');
  }

  /** With a pool, each server's handle count (what the `load` record shows); empty alone. */
  private loadOf(): Record<string, string> {
    const load: Record<string, string> = {};
    if (!this.pooled) return load;
    for (const c of this.connections) {
      const url = this.lastUrls.get(c);
      if (url !== undefined) load[url] = String(c.handleCount);
    }
    return load;
  }

  /**
   * Renews the heartbeat and rewrites the record of this instance's sessions and load, in one transaction. When
   * only the handle counts changed since the last record (`loadOnly`: an attach or a detach), the load alone.
   */
  private async beat(loadOnly = false): Promise<void> {
    const fingerprint = this.fingerprint();
    const load = this.loadOf();
    const recordTtlMs = 10 * this.options.ttlMs;
    const multi = this.redis.multi();
    if (loadOnly) {
      multi.del(this.keys.load);
    } else {
      multi.set(this.keys.alive, String(Date.now()), 'PX', this.options.ttlMs).del(this.keys.sessions, this.keys.load);
      const sessions: Record<string, string> = {};
      for (const c of this.connections) {
        const url = this.lastUrls.get(c);
        if (url === undefined) continue;
        for (const id of c.sessionIds) sessions[String(id)] = url;
      }
      if (Object.keys(sessions).length > 0) {
        multi.hset(this.keys.sessions, sessions).pexpire(this.keys.sessions, recordTtlMs);
      }
    }
    if (Object.keys(load).length > 0) multi.hset(this.keys.load, load).pexpire(this.keys.load, recordTtlMs);
    if (!loadOnly) multi.sadd(INSTANCES_KEY, this.options.instanceId).pexpire(INSTANCES_KEY, recordTtlMs);
    await multi.exec();
    this.written = fingerprint;
    this.writtenLoad = JSON.stringify(load);
    if (!loadOnly) this.nextBeat = Date.now() + this.beatMs;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? redactUrl(err.message) : String(err);
}
