import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JanusPluginError,
  VideoRoomErrorCode,
  VideoRoomHandle,
  VideoRoomPlugin,
  type VideoRoomCreateRequest,
} from 'nestjs-janus';
import { openFixture, type PluginFixture } from './support/fixture.js';
import { nextOf, randomRoom } from './support/wait.js';

/** Room management on a real Janus: create/edit/exists/list/allowed/enable_recording/destroy and errors. */
describe('VideoRoomPlugin rooms against a real Janus', () => {
  let fx: PluginFixture;
  let admin: VideoRoomHandle;

  beforeAll(async () => {
    fx = await openFixture();
    admin = await fx.session.attach(VideoRoomPlugin);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('attaches as a typed VideoRoom handle; the demo room 1234 from the config exists', async () => {
    expect(admin).toBeInstanceOf(VideoRoomHandle);
    expect(admin.plugin).toBe('janus.plugin.videoroom');
    expect(await admin.exists({ room: 1234 })).toEqual({ videoroom: 'success', room: 1234, exists: true });
  });

  it('creates a room with options; list reports them; edit changes them; exists follows destroy', async () => {
    const room = randomRoom();
    const options: VideoRoomCreateRequest = {
      room,
      description: 'Options room',
      secret: 'adm1n',
      pin: '4321',
      publishers: 4,
      bitrate: 256_000,
      bitrate_cap: true,
      fir_freq: 5,
      audiocodec: 'opus,pcmu',
      videocodec: 'vp8,h264',
      opus_fec: true,
      opus_dtx: true,
      audiolevel_ext: true,
      audiolevel_event: true,
      audio_active_packets: 50,
      audio_level_average: 30,
      videoorient_ext: false,
      playoutdelay_ext: true,
      transport_wide_cc_ext: true,
      notify_joining: true,
      require_pvtid: true,
      lock_record: true,
      rec_dir: '/tmp',
    };
    expect(await admin.create(options)).toEqual({ videoroom: 'created', room, permanent: false });
    expect((await admin.exists({ room })).exists).toBe(true);

    const listed = (await admin.list()).list.find((r) => r.room === room);
    expect(listed).toMatchObject({
      description: 'Options room',
      pin_required: true,
      is_private: false,
      max_publishers: 4,
      bitrate: 256_000,
      bitrate_cap: true,
      fir_freq: 5,
      require_pvtid: true,
      notify_joining: true,
      audiocodec: 'opus,pcmu',
      videocodec: 'vp8,h264',
      opus_fec: true,
      opus_dtx: true,
      lock_record: true,
      rec_dir: '/tmp',
      audiolevel_event: true,
      audio_active_packets: 50,
      audio_level_average: 30,
      videoorient_ext: false,
      num_participants: 0,
    });

    expect(
      await admin.edit({
        room,
        secret: 'adm1n',
        new_description: 'Edited',
        new_is_private: true,
        new_bitrate: 128_000,
        new_publishers: 2,
        new_fir_freq: 3,
        new_lock_record: false,
        new_require_pvtid: false,
        new_pin: '',
      }),
    ).toMatchObject({ videoroom: 'edited', room });
    // Private now: hidden from list, still there.
    expect((await admin.list()).list.some((r) => r.room === room)).toBe(false);
    expect((await admin.exists({ room })).exists).toBe(true);
    await admin.edit({ room, secret: 'adm1n', new_is_private: false });
    expect((await admin.list()).list.find((r) => r.room === room)).toMatchObject({
      description: 'Edited',
      max_publishers: 2,
      bitrate: 128_000,
      fir_freq: 3,
      lock_record: false,
      require_pvtid: false,
    });

    await expect(admin.edit({ room, secret: 'wrong', new_description: 'x' })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.UNAUTHORIZED,
    });
    expect(await admin.destroy({ room, secret: 'adm1n' })).toMatchObject({ videoroom: 'destroyed', room });
    expect((await admin.exists({ room })).exists).toBe(false);
  });

  it('a room id that is taken rejects create with 427', async () => {
    const room = randomRoom();
    await admin.create({ room });
    const err = await admin.create({ room }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect(err).toMatchObject({ janusCode: VideoRoomErrorCode.ROOM_EXISTS, request: 'create' });
    await admin.destroy({ room });
  });

  it('a wrong room id rejects with JanusPluginError 426 (join, listparticipants, destroy, edit)', async () => {
    const handle = await fx.session.attach(VideoRoomPlugin);
    const missing = randomRoom();
    const join = await handle.joinPublisher({ room: missing, display: 'nobody' }).catch((e: unknown) => e);
    expect(join).toBeInstanceOf(JanusPluginError);
    expect(join).toMatchObject({
      code: 'JANUS_PLUGIN_ERROR',
      janusCode: VideoRoomErrorCode.NO_SUCH_ROOM,
      plugin: 'janus.plugin.videoroom',
      request: 'join',
    });
    // Thunks, not promises: each request starts only when awaited, so no rejection is left unobserved.
    for (const attempt of [
      () => handle.listParticipants({ room: missing }),
      () => handle.destroy({ room: missing }),
      () => handle.edit({ room: missing, new_description: 'x' }),
      () => handle.enableRecording({ room: missing, record: true }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ name: 'JanusPluginError', janusCode: 426 });
    }
    await handle.detach();
  });

  it('allowed: tokens gate joins; add/remove/disable/enable update the list', async () => {
    const room = randomRoom();
    await admin.create({ room, secret: 's', allowed: ['tok-a', 'tok-b'] });
    const outsider = await fx.session.attach(VideoRoomPlugin);
    await expect(outsider.joinPublisher({ room, token: 'nope' })).rejects.toMatchObject({
      janusCode: VideoRoomErrorCode.UNAUTHORIZED,
    });

    const added = await admin.allowed({ room, secret: 's', action: 'add', allowed: ['tok-c'] });
    expect(added.allowed?.slice().sort()).toEqual(['tok-a', 'tok-b', 'tok-c']);
    const invited = await fx.session.attach(VideoRoomPlugin);
    const { data: joined } = await invited.joinPublisher({ room, token: 'tok-c', display: 'invited' });
    expect(joined.videoroom).toBe('joined');

    const removed = await admin.allowed({ room, secret: 's', action: 'remove', allowed: ['tok-c'] });
    expect(removed.allowed?.slice().sort()).toEqual(['tok-a', 'tok-b']);
    await expect(outsider.joinPublisher({ room, token: 'tok-c' })).rejects.toMatchObject({ janusCode: 433 });

    expect(await admin.allowed({ room, secret: 's', action: 'disable' })).toEqual({ videoroom: 'success', room });
    const { data: free } = await outsider.joinPublisher({ room, display: 'no token needed' });
    expect(free.videoroom).toBe('joined');

    const enabled = await admin.allowed({ room, secret: 's', action: 'enable' });
    expect(enabled.allowed?.slice().sort()).toEqual(['tok-a', 'tok-b']);
    await expect(admin.allowed({ room, secret: 'bad', action: 'enable' })).rejects.toMatchObject({ janusCode: 433 });
    await admin.destroy({ room, secret: 's' });
    await Promise.all([outsider.detach(), invited.detach()]);
  });

  it('enableRecording switches the room recording state (reply and list agree)', async () => {
    const room = randomRoom();
    await admin.create({ room, secret: 's', rec_dir: '/tmp' });
    expect(await admin.enableRecording({ room, secret: 's', record: true })).toEqual({
      videoroom: 'success',
      record: true,
    });
    expect((await admin.list()).list.find((r) => r.room === room)?.record).toBe(true);
    expect(await admin.enableRecording({ room, secret: 's', record: false })).toEqual({
      videoroom: 'success',
      record: false,
    });
    expect((await admin.list()).list.find((r) => r.room === room)?.record).toBe(false);
    await admin.destroy({ room, secret: 's' });
  });

  it('destroy: every remaining participant observes the destroyed event', async () => {
    const room = randomRoom();
    await admin.create({ room, secret: 's' });
    const a = await fx.session.attach(VideoRoomPlugin);
    const b = await fx.session.attach(VideoRoomPlugin);
    await a.joinPublisher({ room, display: 'a' });
    await b.joinPublisher({ room, display: 'b' });
    const seenByA = nextOf(a.roomDestroyed$, 'destroyed on a');
    const seenByB = nextOf(b.roomDestroyed$, 'destroyed on b');
    await admin.destroy({ room, secret: 's' });
    expect(await seenByA).toEqual({ type: 'destroyed', room });
    expect(await seenByB).toEqual({ type: 'destroyed', room });
    await Promise.all([a.detach(), b.detach()]);
  });

  it('the typed request map works as an escape hatch with the wire names (synchronous: the reply data)', async () => {
    const reply = await admin.request('exists', { room: 1234 });
    expect(reply).toEqual({ videoroom: 'success', room: 1234, exists: true });
    const err = await admin.request('listparticipants', { room: randomRoom() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ janusCode: 426, request: 'listparticipants' });
  });
});
