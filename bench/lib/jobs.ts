import type { ClientName, JanusTarget } from './clients.js';

/** What one child process runs: one case, for one client, at one size. */
export type Job =
  | { kind: 'keepalive'; client: ClientName; janus: JanusTarget; count: number; batches?: number }
  | { kind: 'lifecycle'; client: ClientName; janus: JanusTarget; count: number; batches?: number }
  | { kind: 'throughput'; client: ClientName; janus: JanusTarget; flows: number; room: number; batches?: number }
  | {
      kind: 'fanout';
      client: ClientName;
      janus: JanusTarget;
      publishers: number;
      room: number;
      /** Write the event frames received to this file (a recording for `replay`; not a timed run). */
      recordTo?: string;
    }
  | { kind: 'replay'; client: ClientName; janus: JanusTarget; recording: string; passes: number; turns?: boolean }
  | { kind: 'memory'; client: ClientName; janus: JanusTarget; sessions: number }
  | {
      kind: 'direct-join';
      client: ClientName;
      janus: JanusTarget;
      participants: number;
      room: number;
      sequential: number;
      batches?: number;
    }
  | {
      kind: 'app-join';
      appUrl: string;
      appPid: number;
      token: string;
      participants: number;
      room: number;
      sequential: number;
      batches?: number;
    };

/** Named figures of one run (units in the names: `_ms`, `_us`, `_per_s`, `_bytes`...). */
export type Metrics = Record<string, number>;

/** What a child sends back at the end. */
export type JobOutcome = { ok: true; metrics: Metrics } | { ok: false; error: string };

/**
 * Jobs with `batches` take turns with the other clients' children: the child sends `waiting` when it is ready for
 * its next batch (after its warm-up, then after each batch) and runs it when told `run`. Every client then sees
 * the same background load, minute by minute, instead of each its own minute of a noisy machine.
 */
export type ChildMessage = JobOutcome | { waiting: true };
export interface ParentMessage {
  run: true;
}

/** Waits for the parent's go before each batch. */
export interface Turns {
  batches: number;
  next(): Promise<void>;
}

/** A recording of fan-out event frames: who received them, and the frames as Janus sent them. */
export interface Recording {
  /** [session id, handle id] of each recipient, in the order of the run. */
  recipients: Array<[number, number]>;
  frames: string[];
}
