import 'reflect-metadata';
import type { CallHandler } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { from, lastValueFrom, throwError, toArray, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import {
  AckOnly,
  afterReply,
  Reply,
  ReplyInterceptor,
  replyAs,
  type AckResponse,
} from '../../../src/signaling/index.js';

/** What the fake socket emitted and the ack received, in order. */
type Sent = Array<['emit', string, unknown] | ['ack', AckResponse] | ['after']>;

class Handlers {
  @Reply('joined')
  async join(): Promise<object> {
    return { room: 1 };
  }

  @Reply('configured')
  async configure(): Promise<object> {
    return { room: 1 };
  }

  @AckOnly()
  async trickle(): Promise<void> {}

  async plain(): Promise<string> {
    return 'as is';
  }
}

/**
 * Runs `handler` through the interceptor as Nest does for a socket.io message: the arguments are the socket, the
 * envelope, the ack (when the client passed one) and the pattern. Records what was sent in `sent`; resolves with
 * what went back to Nest.
 */
async function run(
  handler: keyof Handlers,
  envelope: unknown,
  result: Observable<unknown>,
  { withAck = true, sent = [] as Sent } = {},
): Promise<{ sent: Sent; toNest: unknown[] }> {
  const socket = { emit: (event: string, body: unknown) => sent.push(['emit', event, body]) } as unknown as Socket;
  const ack = (response: AckResponse): void => void sent.push(['ack', response]);
  const context = new ExecutionContextHost(
    [socket, envelope, withAck ? ack : undefined, handler],
    Handlers,
    Handlers.prototype[handler],
  );
  context.setType('ws');
  const next: CallHandler = { handle: () => result };
  const toNest = await lastValueFrom(new ReplyInterceptor().intercept(context, next).pipe(toArray()));
  return { sent, toNest };
}

describe('ReplyInterceptor with @Reply/@AckOnly', () => {
  it('sends the reply event { _id, data }, then the ack { _id, ok: true, data }, and nothing back to Nest', async () => {
    const { sent, toNest } = await run('join', { _id: 7, data: { room: 1 } }, from([{ room: 1, feed: 2 }]));
    expect(sent).toEqual([
      ['emit', 'joined', { _id: 7, data: { room: 1, feed: 2 } }],
      ['ack', { _id: 7, ok: true, data: { room: 1, feed: 2 } }],
    ]);
    expect(toNest).toEqual([]);
  });

  it('sends only the reply event when the client passed no ack', async () => {
    const { sent } = await run('join', { _id: 'a' }, from([{ room: 1 }]), { withAck: false });
    expect(sent).toEqual([['emit', 'joined', { _id: 'a', data: { room: 1 } }]]);
  });

  it.each([[{}], [{ _id: { x: 1 } }], [{ _id: Number.NaN }], [{ _id: null }], [undefined], ['a string']])(
    'echoes no _id when the envelope has no valid one (%j)',
    async (envelope) => {
      const { sent } = await run('join', envelope, from([{ room: 1 }]));
      expect(sent).toEqual([
        ['emit', 'joined', { data: { room: 1 } }],
        ['ack', { _id: undefined, ok: true, data: { room: 1 } }],
      ]);
    },
  );

  it('@AckOnly: only the ack, with empty data, whatever the handler resolved with', async () => {
    const { sent, toNest } = await run('trickle', { _id: 3 }, from([undefined]));
    expect(sent).toEqual([['ack', { _id: 3, ok: true, data: {} }]]);
    expect(toNest).toEqual([]);
  });

  it('afterReply: the reply carries its data, and the after-reply code runs once the reply and ack are sent', async () => {
    const sent: Sent = [];
    const result = afterReply({ jsep: { type: 'answer', sdp: 'v=0' } }, () => void sent.push(['after']));
    await run('configure', { _id: 1 }, from([result]), { sent });
    expect(sent).toEqual([
      ['emit', 'configured', { _id: 1, data: { jsep: { type: 'answer', sdp: 'v=0' } } }],
      ['ack', { _id: 1, ok: true, data: { jsep: { type: 'answer', sdp: 'v=0' } } }],
      ['after'],
    ]);
  });

  it('replyAs: the reply goes out as the event the handler chose, then the after-reply code runs', async () => {
    const sent: Sent = [];
    await run('configure', { _id: 2 }, from([replyAs('started', { id: 5 }, () => void sent.push(['after']))]), {
      sent,
    });
    expect(sent).toEqual([
      ['emit', 'started', { _id: 2, data: { id: 5 } }],
      ['ack', { _id: 2, ok: true, data: { id: 5 } }],
      ['after'],
    ]);
  });

  it('a handler that throws sends nothing: the error goes on (to the exception filter)', async () => {
    const failure = new Error('janus said no');
    const sent: Sent = [];
    await expect(
      run(
        'join',
        { _id: 1 },
        throwError(() => failure),
        { sent },
      ),
    ).rejects.toBe(failure);
    expect(sent).toEqual([]);
  });

  it('leaves a handler without @Reply/@AckOnly to Nest', async () => {
    const { sent, toNest } = await run('plain', { _id: 1 }, from(['as is']));
    expect(sent).toEqual([]);
    expect(toNest).toEqual(['as is']);
  });
});
