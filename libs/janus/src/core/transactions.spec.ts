import { describe, expect, it } from 'vitest';
import { filter } from 'rxjs';
import { JanusConnectionClosedError } from '../errors/janus.errors.js';
import { EventStream } from './event-stream.js';
import { TransactionTable, type RequestOwner } from './transactions.js';

const closed = (request: string): JanusConnectionClosedError => new JanusConnectionClosedError('gone', request);

describe('TransactionTable owners', () => {
  it('counts the requests in flight of each owner and rejects only the owned ones', async () => {
    const table = new TransactionTable('t-');
    const session: RequestOwner = { pendingRequests: 0 };
    const handle: RequestOwner = { pendingRequests: 0 };
    const other: RequestOwner = { pendingRequests: 0 };
    const sent: string[] = [];
    const send = (tx: string): void => {
      sent.push(tx);
    };
    const bySession = table.start('create', { timeoutMs: 10_000, session }, send);
    const byHandle = table.start('message', { timeoutMs: 10_000, session, handle }, send);
    const byOther = table.start('keepalive', { timeoutMs: 10_000, session: other }, send);
    expect([session.pendingRequests, handle.pendingRequests, other.pendingRequests]).toEqual([2, 1, 1]);

    table.rejectOwned(handle, closed);
    await expect(byHandle).rejects.toBeInstanceOf(JanusConnectionClosedError);
    expect([session.pendingRequests, handle.pendingRequests]).toEqual([1, 0]);

    table.rejectOwned(session, closed);
    await expect(bySession).rejects.toBeInstanceOf(JanusConnectionClosedError);
    expect(session.pendingRequests).toBe(0);

    expect(table.settle(sent[2], { janus: 'success', transaction: sent[2] })).toBe(true);
    await expect(byOther).resolves.toMatchObject({ janus: 'success' });
    expect([other.pendingRequests, table.size]).toEqual([0, 0]);
  });

  it('keeps the counts right on timeouts, failed sends and rejectAll', async () => {
    const table = new TransactionTable('t-');
    const owner: RequestOwner = { pendingRequests: 0 };
    await expect(table.start('x', { timeoutMs: 5, session: owner }, () => undefined)).rejects.toMatchObject({
      name: 'JanusTimeoutError',
    });
    await expect(
      table.start('x', { timeoutMs: 1000, session: owner }, () => {
        throw new Error('socket not open');
      }),
    ).rejects.toThrow('socket not open');
    expect(owner.pendingRequests).toBe(0);
    const pending = table.start('x', { timeoutMs: 1000, session: owner, handle: owner }, () => undefined);
    expect(owner.pendingRequests).toBe(2);
    table.rejectAll(closed);
    await expect(pending).rejects.toBeInstanceOf(JanusConnectionClosedError);
    expect(owner.pendingRequests).toBe(0);
  });
});

describe('TransactionTable timeouts (one timer for the table)', () => {
  it('times each request out at its own deadline, earliest first, and not once answered', async () => {
    const table = new TransactionTable('t-');
    const sent: string[] = [];
    const send = (tx: string): void => {
      sent.push(tx);
    };
    const t0 = performance.now();
    const timedOutAt = (p: Promise<unknown>): Promise<number> =>
      p.then(
        () => -1,
        () => performance.now() - t0,
      );
    const slow = timedOutAt(table.start('slow', { timeoutMs: 120 }, send));
    const fast = timedOutAt(table.start('fast', { timeoutMs: 30 }, send));
    const answered = table.start('answered', { timeoutMs: 10 }, send);
    expect(table.settle(sent[2], { janus: 'success', transaction: sent[2] })).toBe(true);
    await expect(answered).resolves.toMatchObject({ janus: 'success' });
    const [slowAt, fastAt] = await Promise.all([slow, fast]);
    expect(fastAt).toBeGreaterThanOrEqual(29);
    expect(fastAt).toBeLessThan(100);
    expect(slowAt).toBeGreaterThanOrEqual(119);
    expect(table.size).toBe(0);
  });
});

describe('EventStream', () => {
  it('multicasts like a Subject: no replay, completes late subscribers, unsubscribes', () => {
    const stream = new EventStream<number>();
    const a: number[] = [];
    const b: number[] = [];
    stream.next(0);
    const subA = stream.observable.subscribe((v) => a.push(v));
    stream.observable.subscribe((v) => b.push(v));
    expect(stream.observed).toBe(true);
    stream.next(1);
    subA.unsubscribe();
    stream.next(2);
    let completed = 0;
    stream.observable.subscribe({ complete: () => completed++ });
    stream.complete();
    stream.next(3);
    stream.observable.subscribe({ complete: () => completed++ });
    expect({ a, b, completed, observed: stream.observed }).toEqual({
      a: [1],
      b: [1, 2],
      completed: 2,
      observed: false,
    });
  });

  it('keeps no subscriber that left: skipped at once, dropped at the next value or subscriber; also through operators', () => {
    const stream = new EventStream<number>();
    const listed = (): number => (stream as unknown as { subscribers: unknown[] }).subscribers.length;
    const seen: number[] = [];
    const kept = stream.observable.subscribe((v) => seen.push(v));
    // A thousand subscribers come and go with no value in between: the list does not grow.
    for (let i = 0; i < 1000; i++) stream.observable.subscribe(() => seen.push(-1)).unsubscribe();
    expect(listed()).toBeLessThanOrEqual(2);
    const piped: number[] = [];
    const chain = stream.observable.pipe(filter((v) => v > 0)).subscribe((v) => piped.push(v));
    stream.next(1);
    chain.unsubscribe();
    stream.next(2);
    expect({ seen, piped, listed: listed(), observed: stream.observed }).toEqual({
      seen: [1, 2],
      piped: [1],
      listed: 1,
      observed: true,
    });
    kept.unsubscribe();
    expect(stream.observed).toBe(false);
  });

  it('a subscriber added during a delivery does not get that value', () => {
    const stream = new EventStream<number>();
    const late: number[] = [];
    stream.observable.subscribe((v) => {
      if (v === 1) stream.observable.subscribe((w) => late.push(w));
    });
    stream.next(1);
    stream.next(2);
    expect(late).toEqual([2]);
  });
});
