import { Observable, type Subscriber, type TeardownLogic } from 'rxjs';

/** The subscriber list of a stream nobody listens to (shared: the lists are never mutated). */
const NONE: readonly never[] = [];

/**
 * @internal A hot multicast stream for the event hot path: what an rxjs `Subject` does here (`next`, `complete`;
 * a subscriber added after `complete` completes at once; one added or removed during `next` does not change that
 * delivery), without the per-value cost of `Subject.next` in the rxjs 7 build that Node loads (a closure and an
 * iterator allocated for every value). Every event from Janus goes through one or more of these, and every handle
 * holds a few: the subscriber lists are exactly as long as they need to be (V8 gives an array built by spreading or
 * filtering room for 17 entries, ~150 bytes more per list).
 */
export class EventStream<T> {
  /** Replaced, never mutated: `next` iterates the array it started with. */
  private subscribers: readonly Subscriber<T>[] = NONE;
  private completed = false;

  private view?: Observable<T>;

  /** What subscribers see (made on first use: a stream read only through {@link EventStream.add} needs none). */
  get observable(): Observable<T> {
    return (this.view ??= new Observable<T>((subscriber) => this.add(subscriber)));
  }

  /** True while someone listens (emitting then costs nothing but the check). */
  get observed(): boolean {
    return this.subscribers.length > 0;
  }

  get isCompleted(): boolean {
    return this.completed;
  }

  /**
   * Delivers what follows to `subscriber` (completes it at once if the stream has completed); what removes it. For
   * an `Observable` built on this stream.
   */
  add(subscriber: Subscriber<T>): TeardownLogic {
    if (this.completed) {
      subscriber.complete();
      return undefined;
    }
    const current = this.subscribers;
    this.subscribers = current.length === 0 ? [subscriber] : current.concat([subscriber]);
    return () => this.remove(subscriber);
  }

  next(value: T): void {
    const subscribers = this.subscribers;
    for (let i = 0; i < subscribers.length; i++) subscribers[i].next(value);
  }

  /** Completes every subscriber; later `next` calls reach no one. Idempotent. */
  complete(): void {
    if (this.completed) return;
    this.completed = true;
    const subscribers = this.subscribers;
    this.subscribers = NONE;
    for (const subscriber of subscribers) subscriber.complete();
  }

  private remove(subscriber: Subscriber<T>): void {
    const current = this.subscribers;
    const i = current.indexOf(subscriber);
    if (i < 0) return;
    this.subscribers = current.length === 1 ? NONE : current.slice(0, i).concat(current.slice(i + 1));
  }
}
