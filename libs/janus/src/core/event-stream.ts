import { Observable, type Subscriber } from 'rxjs';

/**
 * @internal A hot multicast stream for the event hot path: what an rxjs `Subject` does here (`next`, `complete`;
 * a subscriber added after `complete` completes at once; one added or removed during `next` does not change that
 * delivery), without the per-value cost of `Subject.next` in the rxjs 7 build that Node loads (a closure and an
 * iterator allocated for every value). Every event from Janus goes through one or more of these.
 */
export class EventStream<T> {
  /** Replaced, never mutated: `next` iterates the array it started with. */
  private subscribers: Subscriber<T>[] = [];
  private completed = false;

  /** What subscribers see. */
  readonly observable: Observable<T> = new Observable<T>((subscriber) => {
    if (this.completed) {
      subscriber.complete();
      return undefined;
    }
    this.subscribers = [...this.subscribers, subscriber];
    return () => {
      this.subscribers = this.subscribers.filter((s) => s !== subscriber);
    };
  });

  /** True while someone listens (emitting then costs nothing but the check). */
  get observed(): boolean {
    return this.subscribers.length > 0;
  }

  get isCompleted(): boolean {
    return this.completed;
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
    this.subscribers = [];
    for (const subscriber of subscribers) subscriber.complete();
  }
}
