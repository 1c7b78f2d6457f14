import { Injectable, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EchoTestPlugin,
  EchoTestService,
  InjectEchoTest,
  InjectPlugin,
  InjectVideoRoom,
  JanusAdminClient,
  JanusModule,
  JanusPluginError,
  JanusService,
  VideoRoomPlugin,
  VideoRoomService,
  type JanusModuleOptions,
  type JanusPluginServiceOf,
} from 'nestjs-janus';
import { startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';

/** A user's provider with the plugin services injected (default connection by type, `b` by name). */
@Injectable()
class Conference {
  constructor(
    readonly rooms: VideoRoomService,
    readonly echo: EchoTestService,
    @InjectVideoRoom('b') readonly roomsB: VideoRoomService,
    @InjectEchoTest() readonly echoAgain: EchoTestService,
    @InjectPlugin(VideoRoomPlugin) readonly roomsByPlugin: JanusPluginServiceOf<typeof VideoRoomPlugin>,
    @InjectPlugin(EchoTestPlugin, 'b') readonly echoB: JanusPluginServiceOf<typeof EchoTestPlugin>,
  ) {}
}

describe('VideoRoomService and EchoTestService against a real Janus', () => {
  let janus: JanusInstance;
  let admin: JanusAdminClient;
  let app: INestApplicationContext;
  let conference: Conference;

  const options = (): JanusModuleOptions => ({
    servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    logger: false,
  });

  beforeAll(async () => {
    janus = await startJanus();
    admin = new JanusAdminClient({ url: janus.adminUrl, secret: janus.adminSecret, logger: false });
    const moduleRef = await Test.createTestingModule({
      imports: [JanusModule.forRoot(options()), JanusModule.forRoot({ ...options(), name: 'b' })],
      providers: [Conference],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    conference = app.get(Conference);
  });
  afterAll(async () => {
    await app?.close();
    await admin?.close();
    await janus?.stop();
  });

  it('injects per-connection services', () => {
    expect(conference.rooms.janus).toBe(app.get(JanusService));
    expect(conference.roomsB.janus).toBe(app.get<JanusService>('JanusService:b'));
    expect(conference.echoAgain).toBe(conference.echo);
    // forRoot registers them through forFeature's mechanism: @InjectPlugin gives the same services.
    expect(conference.roomsByPlugin).toBe(conference.rooms);
    expect(conference.echoB).toBeInstanceOf(EchoTestService);
    expect(conference.echoB.janus).toBe(app.get<JanusService>('JanusService:b'));
  });

  it('manages rooms through one managed handle, without a participant', async () => {
    const room = 4200 + Math.floor(Math.random() * 1000);
    expect(await conference.rooms.create({ room, description: 'nest', publishers: 3 })).toMatchObject({ room });
    expect(await conference.rooms.exists({ room })).toMatchObject({ exists: true });
    await conference.rooms.edit({ room, new_description: 'nest (edited)' });
    const listed = await conference.rooms.list();
    expect(listed.list.find((r) => r.room === room)?.description).toBe('nest (edited)');
    expect((await conference.rooms.listParticipants({ room })).participants).toEqual([]);
    // Any request by its wire name, on the same managed handle: synchronous, so the reply data.
    expect(await conference.rooms.request('listparticipants', { room })).toEqual({
      videoroom: 'participants',
      room,
      participants: [],
    });
    expect((await conference.rooms.listForwarders({ room })).publishers).toEqual([]);
    const acl = await conference.rooms.allowed({ room, action: 'enable' });
    expect(acl).toMatchObject({ room });

    // One handle on the shared session did all of that.
    const shared = await conference.rooms.janus.sharedSession();
    expect(await admin.listHandles(shared.id)).toHaveLength(1);

    await expect(conference.rooms.kick({ room, id: 999_999 })).rejects.toBeInstanceOf(JanusPluginError);
    await conference.rooms.destroy({ room });
    expect(await conference.rooms.exists({ room })).toMatchObject({ exists: false });
  });

  it('attach() gives participant handles; kick reaches the participant', async () => {
    const room = 5200 + Math.floor(Math.random() * 1000);
    await conference.rooms.create({ room, publishers: 3 });
    const session = await conference.rooms.janus.createSession();
    const alice = await conference.rooms.attach(session);
    const joined = await alice.joinPublisher({ room, display: 'Alice' });
    const aliceId = (joined.data as { id: number }).id;
    expect((await conference.rooms.listParticipants({ room })).participants.map((p) => p.id)).toEqual([aliceId]);

    const kicked = firstValueFrom(alice.kicked$);
    await conference.rooms.kick({ room, id: aliceId });
    expect(await kicked).toMatchObject({ type: 'kicked' });

    const bob = await conference.rooms.attach(); // on the shared session
    expect(bob.session).toBe(await conference.rooms.janus.sharedSession());
    await bob.detach();
    await conference.rooms.destroy({ room });
    await session.destroy();
  });

  it('re-creates the managed handle after Janus loses it (session destroyed, then Janus restarted)', async () => {
    const first = await conference.rooms.janus.sharedSession();
    await conference.rooms.list();

    // Janus forgets the session: the next request gets 458 and runs again on a fresh session and handle.
    await admin.destroySession(first.id);
    expect((await conference.rooms.list()).list).toBeInstanceOf(Array);
    const second = await conference.rooms.janus.sharedSession();
    expect(second).not.toBe(first);
    expect(await admin.listHandles(second.id)).toHaveLength(1);

    // Janus restarts: the claim fails, the session ends as lost, the next call attaches anew.
    const janusService = conference.rooms.janus;
    const lost = firstValueFrom(second.closed$);
    const back = firstValueFrom(janusService.state$.pipe(filter((s) => s === 'reconnecting')));
    await janus.restart();
    await back;
    expect((await lost).reason).toBe('lost');
    await firstValueFrom(janusService.state$.pipe(filter((s) => s === 'connected')));
    const room = 6200 + Math.floor(Math.random() * 1000);
    expect(await conference.rooms.create({ room })).toMatchObject({ room });
    expect(await conference.rooms.exists({ room })).toMatchObject({ exists: true });
  });

  it('EchoTestService.attach() echoes on a user session or the shared one', async () => {
    const session = await conference.echo.janus.createSession();
    const echo = await conference.echo.attach(session);
    expect(echo.session).toBe(session);
    expect((await echo.configure({ audio: true, video: true })).data).toMatchObject({ result: 'ok' });
    const shared = await conference.echo.attach();
    expect(shared.session).toBe(await conference.echo.janus.sharedSession());
    expect(await admin.listHandles(shared.session.id)).toContain(shared.id);
    await shared.detach();
    await session.destroy();
  });

  it('app.close() leaves nothing on Janus, the shared sessions included', async () => {
    // Connection `b` went through the restart above too.
    await firstValueFrom(conference.roomsB.janus.state$.pipe(filter((s) => s === 'connected')));
    await conference.rooms.list();
    await conference.roomsB.list();
    expect((await admin.listSessions()).length).toBeGreaterThanOrEqual(2);
    await app.close();
    expect(await admin.listSessions()).toEqual([]);
  });
});
