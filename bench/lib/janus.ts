import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { startJanus, type JanusInstance, type StartJanusOptions } from '../../tools/janus-harness/index.js';
import type { JanusTarget } from './clients.js';
import type { Metrics } from './jobs.js';
import { RawJanusClient } from './raw-client.js';
import { FANOUT_ROOM, JOIN_ROOM, JOIN_ROOMS } from './rooms.js';

export interface BenchJanus {
  readonly instance: JanusInstance;
  readonly target: JanusTarget;
  /** Janus's `version_string`. */
  readonly version: string;
  stop(): Promise<void>;
}

export interface BenchJanusOptions {
  /** Janus `debug_level` (default 3: errors and warnings). */
  debugLevel?: number;
  /** How many meetings of the join rooms to create from JOIN_ROOM on (default JOIN_ROOMS). */
  joinRooms?: number;
  /** The secrets (random when absent): the servers of a pool share theirs. */
  secrets?: Pick<StartJanusOptions, 'apiSecret' | 'adminSecret' | 'videoRoomSecret'>;
  /** The `secret` of the rooms it creates (none when absent). */
  roomSecret?: string;
}

/**
 * A private Janus configured for load: `debug_level = 3` (warnings: levels 4+ log every session and handle),
 * `session_timeout = 120` (large runs hold idle sessions), `reclaim_session_timeout = 0` (sessions of a closed
 * socket go at once, so runs do not leak into each other). The harness already serves `json = "plain"`.
 * Creates the bench's VideoRooms with a high `publishers` limit.
 */
export async function startBenchJanus(options: BenchJanusOptions = {}): Promise<BenchJanus> {
  const instance = await startJanus({
    debugLevel: options.debugLevel ?? 3,
    sessionTimeout: 120,
    reclaimSessionTimeout: 0,
    ...options.secrets,
  });
  const target: JanusTarget = { url: instance.wsUrl, apiSecret: instance.apiSecret };
  let version = 'unknown';
  try {
    const raw = await RawJanusClient.connect(target.url, target.apiSecret);
    const info = (await raw.request({ janus: 'info' })) as { version_string?: string };
    version = info.version_string ?? version;
    const session = (await raw.request({ janus: 'create' })).data!.id!;
    const handle = (await raw.request({ janus: 'attach', session_id: session, plugin: 'janus.plugin.videoroom' })).data!
      .id!;
    const rooms: Array<[number, boolean]> = [[FANOUT_ROOM, true]];
    for (let i = 0; i < (options.joinRooms ?? JOIN_ROOMS); i++) rooms.push([JOIN_ROOM + i, false]);
    for (const [room, notifyJoining] of rooms) {
      const reply = await raw.request({
        janus: 'message',
        session_id: session,
        handle_id: handle,
        body: {
          request: 'create',
          room,
          publishers: 10_000,
          notify_joining: notifyJoining,
          bitrate: 128_000,
          ...(options.roomSecret === undefined ? {} : { secret: options.roomSecret }),
        },
      });
      const data = reply.plugindata?.data;
      if (data?.videoroom !== 'created') throw new Error(`cannot create room ${room}: ${JSON.stringify(data)}`);
    }
    await raw.request({ janus: 'destroy', session_id: session });
    await raw.close();
  } catch (err) {
    await instance.stop();
    throw err;
  }
  return { instance, target, version, stop: () => instance.stop() };
}

/**
 * How many participants each of `rooms` has on the Janus at `target` (VideoRoom `listparticipants`; 0 for a room
 * it does not have). Tells on which server of a pool the app placed each room.
 */
export async function participantsPerRoom(target: JanusTarget, rooms: readonly number[]): Promise<number[]> {
  const raw = await RawJanusClient.connect(target.url, target.apiSecret);
  try {
    const session = (await raw.request({ janus: 'create' })).data!.id!;
    const handle = (await raw.request({ janus: 'attach', session_id: session, plugin: 'janus.plugin.videoroom' })).data!
      .id!;
    const counts: number[] = [];
    for (const room of rooms) {
      const reply = await raw.request({
        janus: 'message',
        session_id: session,
        handle_id: handle,
        body: { request: 'listparticipants', room },
      });
      const participants = reply.plugindata?.data.participants;
      counts.push(Array.isArray(participants) ? participants.length : 0);
    }
    await raw.request({ janus: 'destroy', session_id: session });
    return counts;
  } finally {
    await raw.close();
  }
}

/** What Janus wrote to its log from a mark on: the errors of a request on a session or handle already gone. */
export class JanusLog {
  constructor(private readonly file: string) {}

  /** Where the log ends now. */
  mark(): number {
    return statSync(this.file).size;
  }

  /** What Janus logged since `mark`. */
  textSince(mark: number): string {
    const size = statSync(this.file).size;
    const buffer = Buffer.alloc(Math.max(0, size - mark));
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, mark);
    } finally {
      closeSync(fd);
    }
    return buffer.toString('utf8');
  }

  /** Counts, in what Janus logged since `mark`, the errors of requests on sessions or handles already gone. */
  countSince(mark: number): Metrics {
    const text = this.textSince(mark);
    const count = (pattern: RegExp): number => text.match(pattern)?.length ?? 0;
    return {
      // ice.c, a plugin pushing an event or asked to act on a handle whose plugin session is gone
      janus_invalid_plugin_session: count(/Invalid plugin session/g),
      // janus.c, a request on a session/handle id that no longer exists (answered 458 / 459)
      janus_no_such_session: count(/Couldn't find any session/g),
      janus_no_such_handle: count(/Couldn't find any handle/g),
      janus_error_lines: count(/\[ERR\]/g),
    };
  }
}
