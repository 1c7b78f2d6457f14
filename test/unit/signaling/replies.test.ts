import 'reflect-metadata';
import { SubscribeMessage, type MessageMappingProperties } from '@nestjs/websockets';
import { of } from 'rxjs';
import type { Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import {
  AckOnly,
  afterReply,
  registerSignalingNamespace,
  Reply,
  replyAs,
  replyTableOf,
  SignalingIoAdapter,
  type Ack,
  type AckResponse,
} from '../../../src/signaling/index.js';

/** What the fake socket emitted and the client's ack received, in order. */
type Sent = Array<['emit', string, unknown] | ['ack', AckResponse] | ['after']>;

class BaseHandlers {
  @SubscribeMessage('trickle')
  @AckOnly()
  async trickle(): Promise<void> {}
}

class Handlers extends BaseHandlers {
  @SubscribeMessage('join')
  @Reply('joined')
  async join(): Promise<object> {
    return { room: 1 };
  }

  @SubscribeMessage('configure')
  @Reply('configured')
  async configure(): Promise<object> {
    return { room: 1 };
  }

  @SubscribeMessage('plain')
  async plain(): Promise<string> {
    return 'as is';
  }
}

/**
 * A namespace of a gateway with `Handlers`' replies registered (as `SignalingGateway.afterInit` does), one socket on
 * it bound by the adapter. `deliver(event, payload, result, withAck)` plays a message whose handler resolves with
 * `result` (or, an Error, fails: then the exception filter answers through the ack it was given, as Nest runs it).
 */
function gateway(sent: Sent = []) {
  const namespace = {};
  registerSignalingNamespace(namespace, { replies: replyTableOf(Handlers.prototype) });
  let listener: (...args: unknown[]) => void = () => undefined;
  const socket = {
    nsp: namespace,
    onAny: (l: (...args: unknown[]) => void) => (listener = l),
    emit: (event: string, body: unknown) => sent.push(['emit', event, body]),
  } as unknown as Socket;
  const results = new Map<string, unknown>();
  const nest = (event: string) => async (payload: unknown, ack?: Ack) => {
    const result = results.get(event);
    if (!(result instanceof Error)) return result;
    // What SignalingExceptionFilter does: the error event, and the failed ack through the handler's ack argument.
    sent.push(['emit', 'x-error', { error: result.message }]);
    ack?.({ _id: undefined, ok: false, error: { code: 'X', message: result.message } });
    return undefined;
  };
  const handlers = ['join', 'configure', 'trickle', 'plain'].map(
    (message) =>
      ({
        message,
        methodName: message,
        callback: nest(message),
        isAckHandledManually: false,
      }) satisfies MessageMappingProperties,
  );
  new SignalingIoAdapter({} as never, { maxPayloadBytes: 1024 }).bindMessageHandlers(socket, handlers, (r) => of(r));
  return {
    sent,
    async deliver(event: string, payload: unknown, result: unknown, withAck = true): Promise<Sent> {
      results.set(event, result);
      const ack = (response: AckResponse): void => void sent.push(['ack', response]);
      if (withAck) listener(event, payload, ack);
      else listener(event, payload);
      await new Promise((resolve) => setImmediate(resolve));
      return sent;
    },
  };
}

describe('@Reply/@AckOnly handlers, answered by the signaling adapter', () => {
  it('reads every @SubscribeMessage event with a @Reply/@AckOnly of a gateway class, its ancestors’ too', () => {
    expect(replyTableOf(Handlers.prototype)).toEqual(
      new Map([
        ['join', { event: 'joined' }],
        ['configure', { event: 'configured' }],
        ['trickle', { event: undefined }],
      ]),
    );
  });

  it('sends the reply event { _id, data }, then the ack { _id, ok: true, data }', async () => {
    expect(await gateway().deliver('join', { _id: 7, data: { room: 1 } }, { room: 1, feed: 2 })).toEqual([
      ['emit', 'joined', { _id: 7, data: { room: 1, feed: 2 } }],
      ['ack', { _id: 7, ok: true, data: { room: 1, feed: 2 } }],
    ]);
  });

  it('sends only the reply event when the client passed no ack', async () => {
    expect(await gateway().deliver('join', { _id: 'a' }, { room: 1 }, false)).toEqual([
      ['emit', 'joined', { _id: 'a', data: { room: 1 } }],
    ]);
  });

  it.each([[{}], [{ _id: { x: 1 } }], [{ _id: Number.NaN }], [{ _id: null }], [undefined], ['a string']])(
    'echoes no _id when the envelope has no valid one (%j)',
    async (envelope) => {
      expect(await gateway().deliver('join', envelope, { room: 1 })).toEqual([
        ['emit', 'joined', { data: { room: 1 } }],
        ['ack', { _id: undefined, ok: true, data: { room: 1 } }],
      ]);
    },
  );

  it('@AckOnly: only the ack, with empty data, whatever the handler resolved with', async () => {
    expect(await gateway().deliver('trickle', { _id: 3 }, undefined)).toEqual([
      ['ack', { _id: 3, ok: true, data: {} }],
    ]);
  });

  it('afterReply: the reply carries its data, and the after-reply code runs once the reply and ack are sent', async () => {
    const sent: Sent = [];
    const result = afterReply({ jsep: { type: 'answer', sdp: 'v=0' } }, () => void sent.push(['after']));
    expect(await gateway(sent).deliver('configure', { _id: 1 }, result)).toEqual([
      ['emit', 'configured', { _id: 1, data: { jsep: { type: 'answer', sdp: 'v=0' } } }],
      ['ack', { _id: 1, ok: true, data: { jsep: { type: 'answer', sdp: 'v=0' } } }],
      ['after'],
    ]);
  });

  it('replyAs: the reply goes out as the event the handler chose, then the after-reply code runs', async () => {
    const sent: Sent = [];
    const result = replyAs('started', { id: 5 }, () => void sent.push(['after']));
    expect(await gateway(sent).deliver('configure', { _id: 2 }, result)).toEqual([
      ['emit', 'started', { _id: 2, data: { id: 5 } }],
      ['ack', { _id: 2, ok: true, data: { id: 5 } }],
      ['after'],
    ]);
  });

  it.each([
    ['with', true],
    ['without', false],
  ])(
    'a failed request (%s an ack) is answered by the exception filter alone: no reply, no success ack',
    async (_, withAck) => {
      const sent = await gateway().deliver('join', { _id: 1 }, new Error('janus said no'), withAck);
      expect(sent).toEqual([
        ['emit', 'x-error', { error: 'janus said no' }],
        ...(withAck ? [['ack', { _id: undefined, ok: false, error: { code: 'X', message: 'janus said no' } }]] : []),
      ]);
    },
  );

  it('a failed @AckOnly request gets no success ack after the failed one', async () => {
    const sent = await gateway().deliver('trickle', { _id: 4 }, new Error('bad candidate'));
    expect(sent.filter(([kind]) => kind === 'ack')).toEqual([
      ['ack', { _id: undefined, ok: false, error: { code: 'X', message: 'bad candidate' } }],
    ]);
  });

  it('leaves a handler without @Reply/@AckOnly to Nest’s semantics (its result acked as it is)', async () => {
    expect(await gateway().deliver('plain', { _id: 1 }, 'as is')).toEqual([['ack', 'as is']]);
  });
});
