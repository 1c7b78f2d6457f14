import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, JanusPluginError, JanusPluginHandle } from 'nestjs-janus';
import { openFixture, type PluginFixture } from './support/fixture.js';
import { randomRoom } from './support/wait.js';

/** TextRoom's synchronous requests, as an application would type the plugin it wraps. */
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
