import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  definePlugin,
  definePluginService,
  EchoTestPlugin,
  EchoTestService,
  InjectPlugin,
  JanusModule,
  JanusPluginHandle,
  JanusPluginService,
  JanusService,
  VideoRoomPlugin,
  VideoRoomService,
  type JanusPluginServiceOf,
} from 'nestjs-janus';
import { FakeJanus } from '../../support/fake-janus.js';

/** A user's plugin, as an application would wrap it: one synchronous request, one asynchronous. */
interface NoteRequests {
  list: { body: { folder?: string }; reply: { notes: 'success'; list: string[] } };
  record: { body: { name: string }; reply: { notes: 'event'; result: 'ok' }; async: true };
}
const NotesPlugin = definePlugin<NoteRequests>({ pluginName: 'janus.plugin.notes' });

/** The class form, with a method of its own. */
class NotesHandle extends JanusPluginHandle<NoteRequests> {
  static readonly pluginName = 'janus.plugin.notes';
  async count(): Promise<number> {
    return (await this.request('list', {})).list.length;
  }
}

/** A named service for it, offering the handle's own method. */
class NotesService extends definePluginService(NotesHandle, { methods: ['count'] }) {}

@Injectable()
class NotesController {
  constructor(
    @InjectPlugin(NotesPlugin) readonly notes: JanusPluginServiceOf<typeof NotesPlugin>,
    @InjectPlugin(NotesPlugin, 'b') readonly notesB: JanusPluginServiceOf<typeof NotesPlugin>,
    @InjectPlugin(VideoRoomPlugin) readonly rooms: JanusPluginServiceOf<typeof VideoRoomPlugin>,
    readonly videoRoom: VideoRoomService,
    readonly named: NotesService,
  ) {}
}

@Module({
  imports: [
    JanusModule.forFeature([NotesPlugin, NotesService, VideoRoomPlugin]),
    JanusModule.forFeature([NotesPlugin], { name: 'b' }),
  ],
  providers: [NotesController],
  exports: [NotesController],
})
class NotesModule {}

@Injectable()
class OtherUser {
  constructor(
    @InjectPlugin(NotesPlugin) readonly notes: JanusPluginServiceOf<typeof NotesPlugin>,
    @InjectPlugin(EchoTestPlugin) readonly echo: JanusPluginServiceOf<typeof EchoTestPlugin>,
  ) {}
}

@Module({ imports: [JanusModule.forFeature([NotesPlugin, EchoTestPlugin])], providers: [OtherUser] })
class OtherModule {}

describe('JanusModule.forFeature and @InjectPlugin against a fake Janus', () => {
  let fake: FakeJanus;
  let moduleRef: TestingModule;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    // `list` answered at once, `record` acked and answered with an event, like Janus.
    fake.script = (req, socket) => {
      if (req.janus !== 'message') return fake.answer(req, socket);
      const body = req.body as { request?: string };
      if (body.request === 'record') {
        socket.ack(req);
        socket.send({
          janus: 'event',
          transaction: req.transaction,
          session_id: req.session_id,
          sender: req.handle_id,
          plugindata: { plugin: 'janus.plugin.notes', data: { notes: 'event', result: 'ok' } },
        });
        return;
      }
      socket.success(req, {
        sender: req.handle_id,
        plugindata: { plugin: 'janus.plugin.notes', data: { notes: 'success', list: ['a', 'b'] } },
      });
    };
    const servers = [{ url: fake.url }];
    moduleRef = await Test.createTestingModule({
      // Neither connection is global: forFeature reaches them anyway.
      imports: [
        JanusModule.forRoot({ servers, logger: false }),
        JanusModule.forRoot({ name: 'b', servers, logger: false }),
        NotesModule,
        OtherModule,
      ],
    }).compile();
    await moduleRef.init();
  });
  afterEach(async () => {
    await moduleRef.close();
    await fake.close();
  });

  it('injects a service for a plugin class of the application, on the named connection', () => {
    const { notes, notesB } = moduleRef.get(NotesController);
    expect(notes).toBeInstanceOf(JanusPluginService);
    expect(notes.plugin).toBe(NotesPlugin);
    expect(notes.janus).toBe(moduleRef.get(JanusService));
    expect(notesB.janus).toBe(moduleRef.get('JanusService:b'));
  });

  it('typed requests on one managed handle: synchronous ones give the data, asynchronous ones { data, jsep? }', async () => {
    const { notes } = moduleRef.get(NotesController);
    const list = await notes.request('list', {});
    expect(list).toEqual({ notes: 'success', list: ['a', 'b'] });
    const recorded = await notes.request('record', { name: 'x' });
    expect(recorded).toEqual({ data: { notes: 'event', result: 'ok' } });
    expectTypeOf(list).toEqualTypeOf<{ notes: 'success'; list: string[] }>();
    expectTypeOf(recorded.data.result).toEqualTypeOf<'ok'>();

    const attaches = fake.requests.filter((r) => r.janus === 'attach' && r.plugin === 'janus.plugin.notes');
    expect(attaches).toHaveLength(1);
    expect(attaches[0].opaque_id).toBe('nestjs-janus:janus.plugin.notes');
    expect(notes.managed.current?.session).toBe(await notes.janus.sharedSession());
  });

  it('one service per plugin and connection, however many modules register it; built-ins are the named services', () => {
    const controller = moduleRef.get(NotesController);
    expect(moduleRef.get(OtherUser, { strict: false }).notes).toBe(controller.notes);
    expect(controller.notesB).not.toBe(controller.notes);
    // VideoRoom: forRoot registered VideoRoomService; forFeature([VideoRoomPlugin]) and @InjectPlugin give it too.
    expect(controller.rooms).toBe(controller.videoRoom);
    expect(controller.rooms).toBeInstanceOf(VideoRoomService);
    expect(moduleRef.get(OtherUser, { strict: false }).echo).toBe(moduleRef.get(EchoTestService));
  });

  it('a service class made by definePluginService is injected by its type and runs the handle methods it names', async () => {
    const { named, notes } = moduleRef.get(NotesController);
    expect(named).toBeInstanceOf(NotesService);
    expect(named.plugin).toBe(NotesHandle);
    expect(await named.count()).toBe(2);
    expect(named).not.toBe(notes); // another plugin class (NotesHandle), so another service
    const own = await named.attach();
    expect(own).toBeInstanceOf(NotesHandle);
    expect(own).not.toBe(named.managed.current);
    await own.detach();
  });

  it('a wrong request name or body does not compile (tsc checks the @ts-expect-error lines)', () => {
    const { notes, videoRoom } = moduleRef.get(NotesController);
    const check = async () => {
      // @ts-expect-error: no such request
      await notes.request('lists', {});
      // @ts-expect-error: `name` is mandatory for record
      await notes.request('record', {});
      // @ts-expect-error: `folder` is a string
      await notes.request('list', { folder: 1 });
      // @ts-expect-error: a VideoRoom room id is a number
      await videoRoom.exists({ room: 'x' });
      // @ts-expect-error: detach is not a method the service runs on its managed handle
      await videoRoom.detach();
      expectTypeOf(videoRoom.request('exists', { room: 1 })).resolves.toHaveProperty('exists');
    };
    expect(check).toBeTypeOf('function');
  });

  it('fails at startup, naming the token, when the connection of a feature is not registered', async () => {
    const compiling = Test.createTestingModule({
      imports: [
        JanusModule.forRoot({ servers: [{ url: fake.url }], logger: false }),
        JanusModule.forFeature([NotesPlugin], { name: 'nowhere' }),
      ],
    }).compile();
    await expect(compiling).rejects.toThrow(/nestjs-janus:core:nowhere/);
  });
});
