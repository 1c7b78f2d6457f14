import type { Redis } from 'ioredis';
import { REDIS_KEY_PREFIX } from '../scale-out/redis-keys.js';

/**
 * Where the pool keeps which Janus server holds which room: in Redis with several instances (all of them agree),
 * in memory alone. Values are server ids.
 */
export interface PlacementStore {
  get(key: string): Promise<string | undefined>;
  /**
   * Sets `key` to `value` unless it has a value; resolves with the value it has afterwards (the winner's) and
   * whether this call set it (a concurrent call may have set the same value first).
   */
  setIfAbsent(key: string, value: string): Promise<{ value: string; set: boolean }>;
  /** Sets `key` to `value` if it is still `expected` (or absent); resolves with the value it has afterwards. */
  replace(key: string, expected: string, value: string): Promise<string>;
  delete(key: string): Promise<void>;
  /** Deletes `key` only while it holds `expected` (a value set since by someone else stays). */
  deleteIf(key: string, expected: string): Promise<void>;
}

/** The key of a room's placement: `nestjs-janus:room:<plugin>:<room>`. */
export function placementKey(plugin: string, room: number | string): string {
  return `${REDIS_KEY_PREFIX}room:${plugin}:${String(room)}`;
}

/** One process: a map. */
export class MemoryPlacementStore implements PlacementStore {
  private readonly map = new Map<string, string>();

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.map.get(key));
  }

  setIfAbsent(key: string, value: string): Promise<{ value: string; set: boolean }> {
    const current = this.map.get(key);
    if (current !== undefined) return Promise.resolve({ value: current, set: false });
    this.map.set(key, value);
    return Promise.resolve({ value, set: true });
  }

  replace(key: string, expected: string, value: string): Promise<string> {
    const current = this.map.get(key);
    if (current !== undefined && current !== expected) return Promise.resolve(current);
    this.map.set(key, value);
    return Promise.resolve(value);
  }

  delete(key: string): Promise<void> {
    this.map.delete(key);
    return Promise.resolve();
  }

  deleteIf(key: string, expected: string): Promise<void> {
    if (this.map.get(key) === expected) this.map.delete(key);
    return Promise.resolve();
  }
}

/** Compare-and-set in one Redis step: the key is set only while it is absent or still holds ARGV[1]. */
const REPLACE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if (not current) or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return ARGV[2]
end
return current`;

/** Compare-and-delete in one Redis step: the key is deleted only while it holds ARGV[1]. */
const DELETE_IF_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Several instances: Redis (`SET NX` and a compare-and-set script), so every instance reads the same placement. */
export class RedisPlacementStore implements PlacementStore {
  constructor(private readonly redis: Redis) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined;
  }

  async setIfAbsent(key: string, value: string): Promise<{ value: string; set: boolean }> {
    const [[, set], [, current]] = (await this.redis.multi().set(key, value, 'NX').get(key).exec()) as [
      [Error | null, unknown],
      [Error | null, string | null],
    ];
    return set === 'OK' ? { value, set: true } : { value: current ?? value, set: false };
  }

  async replace(key: string, expected: string, value: string): Promise<string> {
    return String(await this.redis.eval(REPLACE_SCRIPT, 1, key, expected, value));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async deleteIf(key: string, expected: string): Promise<void> {
    await this.redis.eval(DELETE_IF_SCRIPT, 1, key, expected);
  }
}
