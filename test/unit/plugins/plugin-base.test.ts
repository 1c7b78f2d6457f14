import { firstValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  definePlugin,
  EchoTestPlugin,
  JanusConnection,
  JanusPluginHandle,
  toPluginEvent,
  VideoRoomPlugin,
  type JanusPluginEvent,
  type JanusPluginReply,
  type JanusPluginRequestsOf,
  type JanusSession,
  type Jsep,
  type VideoRoomCreatedReply,
  type VideoRoomJoinedReply,
  type VideoRoomRequests,
} from 'nestjs-janus';
import { FakeJanus, type FakeRequest, type FakeSocket } from '../../support/fake-janus.js';

const offer: Jsep = { type: 'offer', sdp: 'v=0\r\n' };

/** A chat plugin as a user would wrap it: two synchronous requests and an asynchronous one. */
interface ChatRequests {
  list: { body: { admin_key?: string }; reply: { chat: 'success'; rooms: number[] } };
  exists: { body: { room: number }; reply: { chat: 'success'; exists: boolean } };
  setup: { body: { room: number }; reply: { chat: 'event'; result: 'ok' }; async: true };
}
type ChatEvent = { type: 'message'; text: string };

/** The class form: its mapper knows `message` events and nothing else. */
class ChatHandle extends JanusPluginHandle<ChatRequests, ChatEvent> {
  static readonly pluginName = 'janus.plugin.chat';
  protected override toEvent(data: Record<string, unknown>): ChatEvent | undefined {
    return data.chat === 'message' && typeof data.text === 'string' ? { type: 'message', text: data.text } : undefined;
  }
}

describe('toPluginEvent: the mapping every plugin handle applies', () => {
  const toChat = (data: Record<string, unknown>): ChatEvent | undefined =>
    typeof data.text === 'string' ? { type: 'message', text: data.text } : undefined;

  it('an error_code becomes an error event without reaching the mapper', () => {
    let called = false;
    const event = toPluginEvent(
      { chat: 'event', error_code: 417, error: 'No such room', text: 'x' },
      undefined,
      (): ChatEvent => {
        called = true;
        return { type: 'message', text: 'x' };
      },
    );
    expect(event).toEqual({ type: 'error', error_code: 417, error: 'No such room' });
    expect(called).toBe(false);
    expect(toPluginEvent({ error_code: 499 }, undefined, toChat)).toEqual({
      type: 'error',
      error_code: 499,
      error: '',
    });
  });

  it('what the mapper knows is its event; what it does not becomes unknown with the data and jsep', () => {
    expect(toPluginEvent({ text: 'hi' }, undefined, toChat)).toEqual({ type: 'message', text: 'hi' });
    expect(toPluginEvent({ brand: 'new' }, undefined, toChat)).toEqual({ type: 'unknown', data: { brand: 'new' } });
    expect(toPluginEvent({ brand: 'new' }, offer, toChat)).toEqual({
      type: 'unknown',
      data: { brand: 'new' },
      jsep: offer,
    });
  });
});

describe('plugin handles against a scripted fake Janus', () => {
  let fake: FakeJanus;
  let connection: JanusConnection;
  let session: JanusSession;

  /** Answers a message like Janus: `setup` asynchronously (ack, then an event with an offer), the rest at once. */
  function answer(req: FakeRequest, socket: FakeSocket): void {
    if (req.janus !== 'message') return fake.answer(req, socket);
    const body = req.body as Record<string, unknown>;
    const base = { sender: req.handle_id };
    if (body.request === 'setup') {
      socket.ack(req);
      socket.send({
        janus: 'event',
        transaction: req.transaction,
        session_id: req.session_id,
        ...base,
        plugindata: { plugin: 'janus.plugin.chat', data: { chat: 'event', result: 'ok' } },
        ...(body.offer === false ? {} : { jsep: offer }),
      });
      return;
    }
    const data = body.request === 'list' ? { chat: 'success', rooms: [1, 2] } : { chat: 'success', exists: true };
    socket.success(req, { ...base, plugindata: { plugin: 'janus.plugin.chat', data } });
  }

  /** Sends a plugin event to `handleId` as Janus would. */
  function pushEvent(handleId: number, data: Record<string, unknown>, jsep?: Jsep): void {
    fake.sockets[0].send({
      janus: 'event',
      session_id: session.id,
      sender: handleId,
      plugindata: { plugin: 'janus.plugin.chat', data },
      ...(jsep ? { jsep } : {}),
    });
  }

  beforeEach(async () => {
    fake = await FakeJanus.start();
    fake.script = answer;
    connection = await JanusConnection.connect({ servers: [{ url: fake.url }], logger: false });
    session = await connection.createSession();
  });
  afterEach(async () => {
    await connection.close();
    await fake.close();
  });

  it('a request Janus answers synchronously resolves with the data; an asynchronous one with { data, jsep? }', async () => {
    const chat = await session.attach(ChatHandle);
    const list = await chat.request('list', {});
    expect(list).toEqual({ chat: 'success', rooms: [1, 2] });
    expect((await chat.request('exists', { room: 1 })).exists).toBe(true);
    const setup = await chat.request('setup', { room: 1 });
    expect(setup).toEqual({ data: { chat: 'event', result: 'ok' }, jsep: offer });
    // The wire told the shape, not the body: an asynchronous answer without a jsep is { data } alone.
    const { data, jsep } = await chat.request('setup', { room: 1, offer: false } as { room: number });
    expect(data.result).toBe('ok');
    expect(jsep).toBeUndefined();

    expectTypeOf(list).toEqualTypeOf<{ chat: 'success'; rooms: number[] }>();
    expectTypeOf(setup).toEqualTypeOf<JanusPluginReply<{ chat: 'event'; result: 'ok' }>>();
  });

  it('events$: the mapper only maps what it knows; errors and the rest are typed fallbacks, never dropped', async () => {
    const chat = await session.attach(ChatHandle);
    const events = firstValueFrom(chat.events$.pipe(toArray()));
    pushEvent(chat.id, { chat: 'message', text: 'hi' });
    pushEvent(chat.id, { chat: 'event', error_code: 417, error: 'No such room' });
    pushEvent(chat.id, { chat: 'brand-new', who: 3 }, offer);
    await chat.request('list', {});
    await chat.detach();
    const seen = await events;
    expect(seen).toEqual([
      { type: 'message', text: 'hi' },
      { type: 'error', error_code: 417, error: 'No such room' },
      { type: 'unknown', data: { chat: 'brand-new', who: 3 }, jsep: offer },
    ]);
    expectTypeOf(seen).toEqualTypeOf<Array<JanusPluginEvent<ChatEvent>>>();
  });

  it('definePlugin and the built-ins get the same fallbacks from the base class', async () => {
    const Chat = definePlugin<ChatRequests, ChatEvent>({
      pluginName: 'janus.plugin.chat',
      toEvent: (data) => (data.chat === 'message' ? { type: 'message', text: String(data.text) } : undefined),
    });
    const chat = await session.attach(Chat);
    const room = await session.attach(VideoRoomPlugin);
    const echo = await session.attach(EchoTestPlugin);
    const handles: Array<JanusPluginHandle<object, { type: string }>> = [chat, room, echo];
    const seen = Promise.all(handles.map((h) => firstValueFrom(h.events$.pipe(toArray()))));
    for (const h of handles) {
      pushEvent(h.id, { error_code: 499, error: 'boom' });
      pushEvent(h.id, { brand: 'new' });
    }
    await chat.request('list', {});
    await Promise.all([chat.detach(), room.detach(), echo.detach()]);
    for (const events of await seen) {
      expect(events).toEqual([
        { type: 'error', error_code: 499, error: 'boom' },
        { type: 'unknown', data: { brand: 'new' } },
      ]);
    }
  });

  it('the request map is typed end to end: wrong names and bodies do not compile', () => {
    expectTypeOf<JanusPluginRequestsOf<ChatHandle>>().toEqualTypeOf<ChatRequests>();
    expectTypeOf<JanusPluginRequestsOf<InstanceType<typeof VideoRoomPlugin>>>().toEqualTypeOf<VideoRoomRequests>();
    type Request = ChatHandle['request'];
    expectTypeOf<Parameters<Request>[0]>().toEqualTypeOf<'list' | 'exists' | 'setup'>();
    const check = (chat: ChatHandle, room: InstanceType<typeof VideoRoomPlugin>) => {
      // @ts-expect-error: no such request
      void chat.request('lists', {});
      // @ts-expect-error: `room` is a number
      void chat.request('exists', { room: '1' });
      // @ts-expect-error: `exists` needs `room`
      void chat.request('exists', {});
      expectTypeOf(room.create({ room: 1 })).resolves.toEqualTypeOf<VideoRoomCreatedReply>();
      expectTypeOf(room.joinPublisher({ room: 1 })).resolves.toEqualTypeOf<JanusPluginReply<VideoRoomJoinedReply>>();
      expectTypeOf(room.request('list', {})).resolves.not.toHaveProperty('data');
    };
    expect(check).toBeTypeOf('function');
  });
});
