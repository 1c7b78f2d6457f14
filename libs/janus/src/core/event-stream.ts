import { Observable, type Subscriber } from 'rxjs';

/** The subscriber list of a stream nobody listens to (shared: the lists are never mutated). */
const NONE: readonly never[] = [];

/**
 * @internal A hot multicast stream for the event hot path: what an rxjs `Subject` does here (`next`, `complete`;
 * a subscriber added after `complete` completes at once; one added or removed during `next` does not change that
 * delivery), without the per-value cost of `Subject.next` in the rxjs 7 build that Node loads (a closure and an
 * iterator allocated for every value). Every event from Janus goes through one or more of these, and every handle
 * holds a few, so they keep little per subscriber: lists exactly as long as they need to be (V8 gives an array built
 * by spreading or filtering room for 17 entries, ~150 bytes more per list), and no teardown per subscriber (rxjs
 * would keep it in an array of the subscriber's own, ~0.2 KB more): a subscriber that unsubscribes is closed, is
 * skipped from then on, and leaves the list at the next value, subscriber or completion.
 */
export class EventStream<T> {
  /**
   * Replaced, never mutated: `next` iterates the array it started with. May still hold subscribers that have
   * unsubscribed since the last value (closed ones, skipped).
   */
  private subscribers: readonly Subscriber<T>[] = NONE;
  private completed = false;

  private view?: Observable<T>;

  /** What subscribers see (made on first use: a stream read only through {@link EventStream.add} needs none). */
  get observable(): Observable<T> {
    return (this.view ??= new Observable<T>((subscriber) => {
      this.add(subscriber);
    }));
  }

  /** True while someone listens. */
  get observed(): boolean {
    return this.subscribers.some((s) => !s.closed);
  }

  get isCompleted(): boolean {
    return this.completed;
  }

  /**
   * Delivers what follows to `subscriber` until it unsubscribes (completes it at once if the stream has completed).
   * For an `Observable` built on this stream, which needs no teardown (see the class).
   */
  add(subscriber: Subscriber<T>): void {
    if (this.completed) {
      subscriber.complete();
      return;
    }
    const current = this.open();
    this.subscribers = current.length === 0 ? [subscriber] : current.concat([subscriber]);
  }

  next(value: T): void {
    const subscribers = this.subscribers;
    let closed = false;
    for (let i = 0; i < subscribers.length; i++) {
      const subscriber = subscribers[i];
      if (subscriber.closed) closed = true;
      else subscriber.next(value);
    }
    if (closed) this.subscribers = this.open();
  }

  /** Completes every subscriber; later `next` calls reach no one. Idempotent. */
  complete(): void {
    if (this.completed) return;
    this.completed = true;
    const subscribers = this.subscribers;
    this.subscribers = NONE;
    for (const subscriber of subscribers) if (!subscriber.closed) subscriber.complete();
  }

  /** The subscribers that have not unsubscribed (the current list itself when all of them). */
  private open(): readonly Subscriber<T>[] {
    const current = this.subscribers;
    let n = 0;
    for (const subscriber of current) if (!subscriber.closed) n++;
    if (n === current.length) return current;
    if (n === 0) return NONE;
    // `slice`: an exact-size copy of what `filter` returns with room for more.
    return current.filter((subscriber) => !subscriber.closed).slice();
  }
}
