import type { MessageMappingProperties } from '@nestjs/websockets';
import { from, of, throwError, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import { describe, expect, it, vi } from 'vitest';
import { SignalingIoAdapter } from '../../../src/signaling/signaling-io.adapter.js';

const NAMESPACE = {};

/** A socket.io server socket reduced to what the adapter uses (`onAny`, `nsp`), recording any `emit` (there must be none). */
function fakeSocket(): { socket: Socket; deliver: (...args: unknown[]) => void; emitted: unknown[][] } {
  const listeners: Array<(...args: unknown[]) => void> = [];
  const emitted: unknown[][] = [];
  const socket = {
    // One namespace for every fake socket: the adapter's index is per namespace, rebuilt when the handlers differ.
    nsp: NAMESPACE,
    onAny: (listener: (...args: unknown[]) => void) => listeners.push(listener),
    emit: (...args: unknown[]) => emitted.push(args),
  } as unknown as Socket;
  return { socket, deliver: (...args) => listeners.forEach((l) => l(...args)), emitted };
}

/** What Nest's WebSocketsController passes as `transform`: the handler's result as an observable. */
const transform = (result: unknown): Observable<unknown> =>
  result instanceof Promise
    ? from(result)
    : result && typeof result === 'object' && 'subscribe' in result
      ? (result as Observable<unknown>)
      : of(result);

function handler(message: string, callback: (data: unknown, ack?: unknown) => unknown, manualAck = false) {
  return { message, methodName: message, callback, isAckHandledManually: manualAck } as MessageMappingProperties;
}

describe('SignalingIoAdapter.bindMessageHandlers: one listener per socket, Nest’s semantics', () => {
  const adapter = new SignalingIoAdapter({} as never, { maxPayloadBytes: 1024 });

  it('runs the handler of the event with (data, ack); acks a result that is not empty; emits nothing itself', async () => {
    const { socket, deliver, emitted } = fakeSocket();
    const seen: unknown[] = [];
    adapter.bindMessageHandlers(
      socket,
      [
        handler('plain', (data) => (seen.push(data), Promise.resolve({ ok: true }))),
        handler('manual', (_data, ack) => ((ack as (v: unknown) => void)('by hand'), 'ignored'), true),
        handler('nothing', () => undefined),
      ],
      transform,
    );
    const acks: unknown[] = [];
    deliver('plain', { _id: 1 }, (r: unknown) => acks.push(r));
    deliver('manual', { _id: 3 }, (r: unknown) => acks.push(r));
    deliver('nothing', { _id: 4 }, (r: unknown) => acks.push(r));
    deliver('unknown-event', { _id: 5 }, (r: unknown) => acks.push(r));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([{ _id: 1 }]);
    expect(acks).toHaveLength(2);
    expect(acks).toEqual(expect.arrayContaining([{ ok: true }, 'by hand']));
    expect(emitted).toEqual([]);
  });

  it('a handler that throws (or errors) is logged, and the socket keeps being served', async () => {
    const { socket, deliver } = fakeSocket();
    const logged = vi.spyOn((adapter as unknown as { logger: { error: (e: unknown) => void } }).logger, 'error');
    logged.mockImplementation(() => undefined);
    let calls = 0;
    adapter.bindMessageHandlers(
      socket,
      [
        handler('sync-throw', () => {
          calls++;
          throw new Error('sync');
        }),
        handler('async-error', () => (calls++, throwError(() => new Error('async')))),
      ],
      transform,
    );
    deliver('sync-throw', {});
    deliver('async-error', {});
    deliver('sync-throw', {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(3);
    expect(logged.mock.calls.map((c) => (c[0] as Error).message)).toEqual(['sync', 'async', 'sync']);
    logged.mockRestore();
  });

  it('sockets of one gateway share the event index, not their callbacks: each event reaches its own socket', async () => {
    const seen: string[] = [];
    const bind = (name: string) => {
      const { socket, deliver } = fakeSocket();
      adapter.bindMessageHandlers(
        socket,
        [handler('join', () => seen.push(`${name}:join`)), handler('leave', () => seen.push(`${name}:leave`))],
        transform,
      );
      return deliver;
    };
    const a = bind('a');
    const b = bind('b');
    b('leave', {});
    a('join', {});
    b('join', {});
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['b:leave', 'a:join', 'b:join']);
  });

  it('a promise of an observable acks every value it emits (as Nest does)', async () => {
    const { socket, deliver } = fakeSocket();
    adapter.bindMessageHandlers(socket, [handler('many', () => Promise.resolve(of(1, null, 2)))], transform);
    const acks: unknown[] = [];
    deliver('many', {}, (r: unknown) => acks.push(r));
    await new Promise((resolve) => setImmediate(resolve));
    expect(acks).toEqual([1, 2]);
  });
});
