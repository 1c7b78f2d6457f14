import { Injectable, type INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JanusPluginError, TextRoomErrorCode, TextRoomHandle, TextRoomPlugin, TextRoomService } from 'nestjs-janus';
import { startJanus, type JanusInstance } from '../../../tools/janus-harness/index.js';
import { featureApp, lookupWithForRootAlone } from './support/feature-app.js';
import { openFixture, type PluginFixture } from './support/fixture.js';
import { randomRoom } from './support/wait.js';

describe('TextRoom against a real Janus 1.1.2', () => {
  let fx: PluginFixture;
  let chat: TextRoomHandle;

  beforeAll(async () => {
    fx = await openFixture({ plugins: ['textroom'] });
    chat = await fx.session.attach(TextRoomPlugin);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('create / exists / list / edit / listparticipants / destroy resolve with the reply data', async () => {
    expect(chat).toBeInstanceOf(TextRoomHandle);
    const room = randomRoom();
    expect(await chat.create({ room, description: 'lobby', secret: 's', is_private: false, history: 3 })).toEqual({
      textroom: 'created',
      room,
      permanent: false,
    });
    expect(await chat.exists({ room })).toEqual({ textroom: 'success', room, exists: true });
    const { list } = await chat.list();
    expect(list.find((r) => r.room === room)).toEqual({
      room,
      description: 'lobby',
      pin_required: false,
      num_participants: 0,
      history: 3,
    });
    expect(await chat.edit({ room, secret: 's', new_description: 'renamed', new_pin: '1234' })).toEqual({
      textroom: 'edited',
      room,
      permanent: false,
    });
    expect((await chat.list()).list.find((r) => r.room === room)).toMatchObject({
      description: 'renamed',
      pin_required: true,
    });
    expect(await chat.listParticipants({ room })).toEqual({ room, participants: [] });
    expect(await chat.destroy({ room, secret: 's' })).toEqual({ textroom: 'destroyed', room, permanent: false });
    expect((await chat.exists({ room })).exists).toBe(false);
  });

  it('allowed: enables the ACL and adds / removes tokens', async () => {
    const room = randomRoom();
    await chat.create({ room, secret: 's' });
    expect(await chat.allowed({ room, secret: 's', action: 'enable' })).toEqual({
      textroom: 'success',
      room,
      allowed: [],
    });
    const added = await chat.allowed({ room, secret: 's', action: 'add', allowed: ['t1', 't2'] });
    expect([...(added.allowed ?? [])].sort()).toEqual(['t1', 't2']);
    expect((await chat.allowed({ room, secret: 's', action: 'remove', allowed: ['t1'] })).allowed).toEqual(['t2']);
    await chat.destroy({ room, secret: 's' });
  });

  it('announcement to a room is accepted; a wrong secret is a typed 419', async () => {
    const room = randomRoom();
    await chat.create({ room, secret: 's' });
    expect(await chat.announcement({ room, secret: 's', text: 'welcome' })).toEqual({ textroom: 'success' });
    const err = await chat.announcement({ room, secret: 'wrong', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect(err).toMatchObject({ janusCode: TextRoomErrorCode.UNAUTHORIZED, request: 'announcement' });
    await chat.destroy({ room, secret: 's' });
  });

  it('message is data-channel only: through the Janus API Janus answers 415', async () => {
    const room = randomRoom();
    await chat.create({ room });
    const raw = await fx.session.attach('janus.plugin.textroom');
    const err = await raw
      .message({ request: 'message', textroom: 'message', room, text: 'hi' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect(err).toMatchObject({ janusCode: TextRoomErrorCode.INVALID_REQUEST });
    await raw.detach();
    await chat.destroy({ room });
  });

  it('kick of an unknown user rejects with JanusPluginError 423; of an unknown room with 417', async () => {
    const room = randomRoom();
    await chat.create({ room, secret: 's' });
    const err = await chat.kick({ room, secret: 's', username: 'nobody' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect(err).toMatchObject({
      plugin: 'janus.plugin.textroom',
      request: 'kick',
      janusCode: TextRoomErrorCode.NO_SUCH_USER,
    });
    const noRoom = await chat.kick({ room: randomRoom(), username: 'x' }).catch((e: unknown) => e);
    expect(noRoom).toMatchObject({ janusCode: TextRoomErrorCode.NO_SUCH_ROOM });
    await chat.destroy({ room, secret: 's' });
  });

  it('setup is asynchronous: { data, jsep } with an offer for the data channel; a second setup is 416', async () => {
    const peer = await fx.session.attach(TextRoomPlugin);
    const { data, jsep } = await peer.setup();
    expect(data).toEqual({ textroom: 'event', result: 'ok' });
    expect(jsep?.type).toBe('offer');
    expect(jsep?.sdp).toContain('m=application');
    expect(jsep?.sdp).toContain('webrtc-datachannel');
    const again = await peer.setup().catch((e: unknown) => e);
    expect(again).toBeInstanceOf(JanusPluginError);
    expect(again).toMatchObject({ janusCode: TextRoomErrorCode.ALREADY_SETUP, request: 'setup' });
    await peer.detach();
  });
});

/** An app provider using the service by its own type. */
@Injectable()
class Lobby {
  constructor(readonly textRoom: TextRoomService) {}
}

describe('TextRoomService through JanusModule.forFeature', () => {
  let janus: JanusInstance;
  let app: INestApplicationContext;

  beforeAll(async () => {
    janus = await startJanus({ plugins: ['textroom'] });
    app = await featureApp(janus, [TextRoomService], [Lobby]);
  });
  afterAll(async () => {
    await app?.close();
    await janus?.stop();
  });

  it('room management on the managed handle; attach() gives a TextRoomHandle for a data channel', async () => {
    const { textRoom } = app.get(Lobby);
    const room = randomRoom();
    expect((await textRoom.create({ room, description: 'nest' })).room).toBe(room);
    expect((await textRoom.exists({ room })).exists).toBe(true);
    expect(await textRoom.listParticipants({ room })).toEqual({ room, participants: [] });
    expect(await textRoom.announcement({ room, text: 'hello' })).toEqual({ textroom: 'success' });
    const err = await textRoom.kick({ room, username: 'ghost' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    const peer = await textRoom.attach();
    expect(peer).toBeInstanceOf(TextRoomHandle);
    expect((await peer.setup()).jsep?.type).toBe('offer');
    await peer.detach();
    await textRoom.destroy({ room });
  });

  it('forRoot alone does not register it', async () => {
    expect(await lookupWithForRootAlone(janus, TextRoomService)).toMatch(/TextRoomService/);
  });
});
