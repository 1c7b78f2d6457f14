import { JanusRequestError, JanusTimeoutError, type JanusError } from '../errors/janus.errors.js';
import type { JanusErrorMessage, JanusMessageBase } from '../interfaces/protocol.interface.js';

/** One request waiting for its reply. */
interface PendingRequest {
  resolve: (message: JanusMessageBase) => void;
  reject: (error: Error) => void;
  /** `performance.now()` past which the request times out. */
  deadline: number;
  /** The Janus request kind, for errors and metrics. */
  request: string;
  /** Resolves on `ack` (keepalive, trickle); every other request waits for its final reply. */
  ackResolves: boolean;
  /** Owners: a request dies with its session/handle. */
  session?: RequestOwner;
  handle?: RequestOwner;
  startedAt: number;
  timeoutMs: number;
}

/**
 * Called when a request ends: kind, outcome, duration and, for an `error` reply, Janus's numeric error code.
 * Used by metrics; absent means zero cost.
 */
export type RequestObserver = (
  request: string,
  outcome: 'success' | 'error' | 'timeout' | 'closed',
  durationMs: number,
  janusCode?: number,
) => void;

/**
 * A session or handle that owns requests. The table keeps its count of requests in flight, so that ending an owner
 * (every session destroy, every handle detach) looks through the table only when the owner has requests in flight:
 * a scan per destroy made thousands of concurrent sessions quadratic.
 */
export interface RequestOwner {
  /** @internal Requests of this owner in the table; maintained by the table only. */
  pendingRequests: number;
}

export interface SendOptions {
  timeoutMs: number;
  ackResolves?: boolean;
  session?: RequestOwner;
  handle?: RequestOwner;
}

/**
 * Correlates requests and replies by `transaction`: one Map entry per pending request, removed on its reply,
 * its timeout, or the end of its owner. Replies of kind `error` reject with {@link JanusRequestError}.
 *
 * Timeouts: one timer for the whole table, armed for the earliest deadline, instead of a timer per request (a
 * `Timeout` object, a timer-list insert and remove, and in a request-at-a-time workload a timer list created and
 * dropped every request). When it fires, it times out what is due and re-arms for the next deadline; a reply
 * costs nothing. With one timeout for all requests, deadlines come in order and the timer fires about once per
 * timeout period. It is unref'd: the socket, not a pending request, keeps the process alive.
 */
export class TransactionTable {
  private readonly pending = new Map<string, PendingRequest>();
  private seq = 0;
  private timer?: NodeJS.Timeout;
  /** When the armed timer fires (`performance.now()` time); Infinity when none is armed. */
  private timerAt = Number.POSITIVE_INFINITY;
  private readonly sweep = (): void => {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    // Timer callbacks can run up to a millisecond early against performance.now(): count that as due.
    const now = performance.now() + 1;
    let next = Number.POSITIVE_INFINITY;
    for (const [tx, entry] of this.pending) {
      if (entry.deadline > now) {
        if (entry.deadline < next) next = entry.deadline;
        continue;
      }
      this.remove(tx, entry);
      this.observer?.(entry.request, 'timeout', performance.now() - entry.startedAt);
      entry.reject(new JanusTimeoutError(entry.request, entry.timeoutMs));
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
  };

  constructor(
    /** Makes transaction ids unique across connections of one process (e.g. `a`, `b`). */
    private readonly prefix: string,
    public observer?: RequestObserver,
  ) {}

  /** Number of requests waiting for a reply. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Registers a request under a fresh transaction id and returns the promise of its reply. `send` puts the
   * frame on the wire (it gets the transaction id); if it throws, the entry is removed and the promise rejects.
   */
  start<T extends JanusMessageBase>(
    request: string,
    opts: SendOptions,
    send: (transaction: string) => void,
  ): Promise<T> {
    const transaction = this.prefix + (++this.seq).toString(36);
    return new Promise<T>((resolve, reject) => {
      const startedAt = performance.now();
      const entry: PendingRequest = {
        resolve: resolve as (message: JanusMessageBase) => void,
        reject,
        deadline: startedAt + opts.timeoutMs,
        request,
        ackResolves: opts.ackResolves === true,
        session: opts.session,
        handle: opts.handle,
        startedAt,
        timeoutMs: opts.timeoutMs,
      };
      if (entry.deadline < this.timerAt) this.arm(entry.deadline);
      this.pending.set(transaction, entry);
      if (entry.session) entry.session.pendingRequests++;
      if (entry.handle) entry.handle.pendingRequests++;
      try {
        send(transaction);
      } catch (err) {
        this.remove(transaction, entry);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /**
   * Offers a frame that carries a transaction. Returns true when it settled a pending request (or was an
   * `ack` for a request that waits for more, or a late `ack` after its final reply); false when the frame is
   * not a reply and should be routed as an event.
   */
  settle(transaction: string, message: JanusMessageBase): boolean {
    const entry = this.pending.get(transaction);
    const kind = message.janus;
    if (!entry) return kind === 'ack';
    if (kind === 'ack' && !entry.ackResolves) return true;
    this.remove(transaction, entry);
    if (kind === 'error') {
      const error = (message as JanusErrorMessage).error;
      this.observer?.(entry.request, 'error', performance.now() - entry.startedAt, error?.code);
      entry.reject(new JanusRequestError(error?.code ?? 0, error?.reason ?? 'unknown error', entry.request));
    } else {
      this.observer?.(entry.request, 'success', performance.now() - entry.startedAt);
      entry.resolve(message);
    }
    return true;
  }

  /** Rejects every pending request (the connection dropped). */
  rejectAll(makeError: (request: string) => JanusError): void {
    if (this.pending.size === 0) return;
    const entries = [...this.pending.values()];
    this.pending.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    for (const entry of entries) {
      if (entry.session) entry.session.pendingRequests--;
      if (entry.handle) entry.handle.pendingRequests--;
      this.observer?.(entry.request, 'closed', performance.now() - entry.startedAt);
      entry.reject(makeError(entry.request));
    }
  }

  /** Rejects the pending requests owned by a session (and its handles), or by one handle. */
  rejectOwned(owner: RequestOwner, makeError: (request: string) => JanusError): void {
    if (owner.pendingRequests === 0) return;
    for (const [tx, entry] of this.pending) {
      if (owner.pendingRequests === 0) return;
      if (entry.session !== owner && entry.handle !== owner) continue;
      this.remove(tx, entry);
      this.observer?.(entry.request, 'closed', performance.now() - entry.startedAt);
      entry.reject(makeError(entry.request));
    }
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(this.sweep, Math.max(0, at - performance.now()));
    this.timer.unref();
  }

  private remove(transaction: string, entry: PendingRequest): void {
    this.pending.delete(transaction);
    if (entry.session) entry.session.pendingRequests--;
    if (entry.handle) entry.handle.pendingRequests--;
  }
}
