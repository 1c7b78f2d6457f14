import { Controller, Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  definePlugin,
  InjectPlugin,
  JanusAdminClient,
  JanusModule,
  JanusPluginError,
  JanusPluginHandle,
  JanusPluginService,
  type JanusPluginServiceOf,
} from 'nestjs-janus';
import { startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';
import { openFixture, type PluginFixture } from './support/fixture.js';
import { nextOf, randomRoom } from './support/wait.js';

/**
 * TextRoom's requests, as an application would type the plugin it wraps: the room requests Janus answers at once,
 * and `setup`/`ack` (the data channel's negotiation), which it acks and answers with an event.
 */
interface TextRoomRequests {
  list: {
    body: { admin_key?: string };
    reply: { textroom: 'success'; list: Array<{ room: number; description: string; num_participants: number }> };
  };
  exists: { body: { room: number }; reply: { textroom: 'success'; room: number; exists: boolean } };
  create: {
    body: { room?: number; description?: string; secret?: string; is_private?: boolean };
    reply: { textroom: 'created'; room: number; permanent: boolean };
  };
  destroy: { body: { room: number; secret?: string }; reply: { textroom: 'destroyed'; room: number } };
  setup: { body: object; reply: { textroom: 'event'; result: 'ok' }; async: true };
  ack: { body: object; reply: { textroom: 'event'; result: 'ok' }; async: true };
}

/** TextRoom events arrive over data channels; what comes on the API is kept as is. */
type TextRoomEvent = { type: 'textroom'; data: Record<string, unknown> };

/** The helper form. */
const TextRoomPlugin = definePlugin<TextRoomRequests, TextRoomEvent>({
  pluginName: 'janus.plugin.textroom',
  toEvent: (data) => ({ type: 'textroom', data }),
});

/** The class form, with methods of its own. */
class TextRoomHandle extends JanusPluginHandle<TextRoomRequests, TextRoomEvent> {
  static readonly pluginName = 'janus.plugin.textroom';

  /** Whether room `room` exists. */
  async exists(room: number): Promise<boolean> {
    return (await this.request('exists', { room })).exists;
  }
}

describe('your own plugin: a TextRoom wrapper against a real Janus', () => {
  let fx: PluginFixture;

  beforeAll(async () => {
    fx = await openFixture({ plugins: ['echotest', 'videoroom', 'textroom'] });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('definePlugin: attach gives a typed handle; typed requests get typed replies', async () => {
    const textroom = await fx.session.attach(TextRoomPlugin);
    expect(textroom).toBeInstanceOf(JanusPluginHandle);
    expect(textroom.plugin).toBe('janus.plugin.textroom');

    const room = randomRoom();
    const created = await textroom.request('create', { room, description: 'chat', secret: 's' });
    expect(created).toEqual({ textroom: 'created', room, permanent: false });
    expect((await textroom.request('exists', { room })).exists).toBe(true);
    const { list } = await textroom.request('list', {});
    expect(list.find((r) => r.room === room)).toMatchObject({ description: 'chat', num_participants: 0 });
    expect(await textroom.request('destroy', { room, secret: 's' })).toMatchObject({
      textroom: 'destroyed',
      room,
    });
    expect((await textroom.request('exists', { room })).exists).toBe(false);
    await textroom.detach();
  });

  it('the class form works the same way and adds its own methods', async () => {
    const textroom = await fx.session.attach(TextRoomHandle);
    expect(textroom).toBeInstanceOf(TextRoomHandle);
    expect(await textroom.exists(randomRoom())).toBe(false);
    await textroom.detach();
  });

  it('same guarantees as the built-ins: plugin errors are JanusPluginError; a detached handle rejects', async () => {
    const textroom = await fx.session.attach(TextRoomPlugin);
    const room = randomRoom();
    await textroom.request('create', { room, secret: 'right' });
    const err = await textroom.request('destroy', { room, secret: 'wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect(err).toMatchObject({ plugin: 'janus.plugin.textroom', request: 'destroy' });
    expect((err as JanusPluginError).janusCode).toBeGreaterThan(400);
    await textroom.request('destroy', { room, secret: 'right' });
    await textroom.detach();
    await expect(textroom.request('list', {})).rejects.toMatchObject({ name: 'JanusHandleDetachedError' });
  });
});

/** A user's controller-like provider: TextRoom from the connection's shared session, no session management. */
@Controller()
class ChatRooms {
  constructor(@InjectPlugin(TextRoomPlugin) readonly textroom: JanusPluginServiceOf<typeof TextRoomPlugin>) {}

  async open(room: number): Promise<boolean> {
    await this.textroom.request('create', { room, description: 'nest' });
    return (await this.textroom.request('exists', { room })).exists;
  }
}

/** The user's feature module: registers the plugin class it defined, like `BullModule.registerQueue`. */
@Module({ imports: [JanusModule.forFeature([TextRoomPlugin])], controllers: [ChatRooms] })
class ChatModule {}

/** Another provider of the app, injecting the same plugin through its class form. */
@Injectable()
class RoomProbe {
  constructor(@InjectPlugin(TextRoomHandle) readonly textroom: JanusPluginServiceOf<typeof TextRoomHandle>) {}
}

describe('your own plugin through Nest: JanusModule.forFeature and @InjectPlugin against a real Janus', () => {
  let janus: JanusInstance;
  let admin: JanusAdminClient;
  let app: INestApplicationContext;
  let chat: ChatRooms;

  beforeAll(async () => {
    janus = await startJanus({ plugins: ['textroom'] });
    admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: false });
    const moduleRef = await Test.createTestingModule({
      imports: [
        JanusModule.forRoot({
          servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
          reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
          logger: false,
        }),
        ChatModule,
        JanusModule.forFeature([TextRoomHandle]),
      ],
      providers: [RoomProbe],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    chat = app.get(ChatRooms);
  });
  afterAll(async () => {
    await app?.close();
    await admin?.close();
    await janus?.stop();
  });

  it('a synchronous request resolves with the reply data, on one managed handle of the shared session', async () => {
    expect(chat.textroom).toBeInstanceOf(JanusPluginService);
    const room = randomRoom();
    expect(await chat.open(room)).toBe(true);
    const list = await chat.textroom.request('list', {});
    expect(list.list.find((r) => r.room === room)).toMatchObject({ description: 'nest', num_participants: 0 });
    const err = await chat.textroom.request('destroy', { room: randomRoom() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect(err).toMatchObject({ plugin: 'janus.plugin.textroom', request: 'destroy' });

    const shared = await chat.textroom.janus.sharedSession();
    const handle = chat.textroom.managed.current;
    expect(handle?.session).toBe(shared);
    expect(await admin.listHandles(shared.id)).toEqual([handle?.id]);
    await chat.textroom.request('destroy', { room });
  });

  it('an asynchronous request resolves with { data, jsep? }: ack on the managed handle, setup on an owned one', async () => {
    // `ack` answers with an event and no JSEP.
    expect(await chat.textroom.request('ack', {})).toEqual({ data: { textroom: 'event', result: 'ok' } });
    // `setup` negotiates: Janus offers the data channel.
    const owned = await chat.textroom.attach();
    expect(owned).not.toBe(chat.textroom.managed.current);
    const { data, jsep } = await owned.request('setup', {});
    expect(data).toEqual({ textroom: 'event', result: 'ok' });
    expect(jsep).toMatchObject({ type: 'offer' });
    expect(jsep?.sdp).toContain('m=application');
    await owned.detach();
  });

  it("the plugin class's own methods run on the managed handle too; each plugin class has its service", async () => {
    const probe = app.get(RoomProbe);
    expect(probe.textroom).not.toBe(chat.textroom);
    expect(await probe.textroom.run((handle) => handle.exists(randomRoom()))).toBe(false);
    expect(probe.textroom.managed.current).toBeInstanceOf(TextRoomHandle);
  });

  /** The managed handle, which the requests before attached. */
  function managedHandle(): JanusPluginHandle<TextRoomRequests, TextRoomEvent> {
    const handle = chat.textroom.managed.current;
    if (!handle) throw new Error('no managed handle attached');
    return handle;
  }

  it('the managed handle is attached again after Janus lost it: its session destroyed (458), then a restart', async () => {
    const first = managedHandle();
    // Janus forgets the session: the next request gets 458 and runs again on a fresh session and handle.
    await admin.destroySession(first.session.id);
    const room = randomRoom();
    expect(await chat.open(room)).toBe(true);
    const second = managedHandle();
    expect(second.session).not.toBe(first.session);

    // Janus restarts: the claim fails, the handle ends with its session, the next request attaches anew.
    const janusService = chat.textroom.janus;
    const detached = nextOf(second.detached$, 'detached$ of the managed handle', 15_000);
    await janus.restart();
    expect((await detached).reason).toBe('session-closed');
    await firstValueFrom(janusService.state$.pipe(filter((s) => s === 'connected')));
    expect(await chat.textroom.request('exists', { room })).toMatchObject({ exists: false }); // a new Janus
    const third = managedHandle();
    expect(third).not.toBe(second);
    expect(await admin.listHandles(third.session.id)).toEqual([third.id]);
    expect(await chat.open(room)).toBe(true);
  });
});
