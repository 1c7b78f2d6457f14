import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildTextRoomFrame,
  isTextRoomDataIncoming,
  JanusConnection,
  JanusPluginError,
  parseTextRoomFrame,
  TextRoomErrorCode,
  TextRoomPlugin,
  toTextRoomEvent,
  type JanusSession,
  type Jsep,
  type TextRoomHandle,
} from 'nestjs-janus';
import * as core from 'nestjs-janus/core';
import { FakeJanus } from '../../support/fake-janus.js';

const offer: Jsep = { type: 'offer', sdp: 'v=0\r\n' };
const answer: Jsep = { type: 'answer', sdp: 'v=0\r\n' };
const ASYNC = new Set(['setup', 'ack', 'restart']);

describe('TextRoom on the wire', () => {
  let fake: FakeJanus;
  let connection: JanusConnection;
  let session: JanusSession;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    // As TextRoom answers: room requests at once; setup/ack/restart with an ack, then an event (an offer for
    // setup/restart). `kick` of `ghost` fails with 423, as Janus does for an unknown username.
    fake.answerPluginMessages('janus.plugin.textroom', (body) => {
      const name = String(body.request);
      const data =
        name === 'kick' && body.username === 'ghost'
          ? { textroom: 'error', error_code: 423, error: 'No such user ghost in room' }
          : ASYNC.has(name)
            ? { textroom: 'event', result: 'ok' }
            : { textroom: 'success', echoed: body };
      return { data, jsep: name === 'setup' || name === 'restart' ? offer : undefined, async: ASYNC.has(name) };
    });
    connection = await JanusConnection.connect({ servers: [{ url: fake.url }], logger: false });
    session = await connection.createSession();
  });
  afterEach(async () => {
    await connection.close();
    await fake.close();
  });

  const room = 4321;
  const calls: Array<[string, (h: TextRoomHandle) => Promise<unknown>, Record<string, unknown>]> = [
    ['list', (h) => h.list(), { request: 'list' }],
    ['list + admin_key', (h) => h.list({ admin_key: 'k' }), { request: 'list', admin_key: 'k' }],
    ['exists', (h) => h.exists({ room }), { request: 'exists', room }],
    ['create', (h) => h.create({ room, history: 5 }), { request: 'create', room, history: 5 }],
    ['create (no body)', (h) => h.create(), { request: 'create' }],
    ['edit', (h) => h.edit({ room, new_description: 'd' }), { request: 'edit', room, new_description: 'd' }],
    ['destroy', (h) => h.destroy({ room, secret: 's' }), { request: 'destroy', room, secret: 's' }],
    [
      'allowed',
      (h) => h.allowed({ room, action: 'add', allowed: ['t'] }),
      { request: 'allowed', room, action: 'add', allowed: ['t'] },
    ],
    ['kick', (h) => h.kick({ room, username: 'bob' }), { request: 'kick', room, username: 'bob' }],
    ['announcement', (h) => h.announcement({ room, text: 'hi' }), { request: 'announcement', room, text: 'hi' }],
    ['listParticipants', (h) => h.listParticipants({ room }), { request: 'listparticipants', room }],
  ];

  it.each(calls)('%s: sends its wire body and resolves with the reply data (synchronous)', async (_n, call, body) => {
    const h = await session.attach(TextRoomPlugin);
    const reply = await call(h);
    expect(fake.lastMessage().body).toEqual(body);
    expect(fake.lastMessage().jsep).toBeUndefined();
    expect(reply).toEqual({ textroom: 'success', echoed: body });
  });

  it('setup resolves with { data, jsep: offer }; ack carries the answer; restart gets a new offer', async () => {
    const h = await session.attach(TextRoomPlugin);
    expect(await h.setup()).toEqual({ data: { textroom: 'event', result: 'ok' }, jsep: offer });
    expect(fake.lastMessage().body).toEqual({ request: 'setup' });
    expect(await h.ack(answer)).toEqual({ data: { textroom: 'event', result: 'ok' } });
    expect(fake.lastMessage()).toMatchObject({ body: { request: 'ack' }, jsep: answer });
    expect(await h.restart()).toEqual({ data: { textroom: 'event', result: 'ok' }, jsep: offer });
    expect(fake.lastMessage().body).toEqual({ request: 'restart' });
  });

  it('an error reply rejects with a typed JanusPluginError', async () => {
    const h = await session.attach(TextRoomPlugin);
    const err = await h.kick({ room, username: 'ghost' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JanusPluginError);
    expect(err).toMatchObject({
      janusCode: TextRoomErrorCode.NO_SUCH_USER,
      plugin: 'janus.plugin.textroom',
      request: 'kick',
    });
  });
});

describe('TextRoom events and data-channel frames', () => {
  it('maps result, error and unknown events', () => {
    expect(toTextRoomEvent({ textroom: 'event', result: 'ok' })).toEqual({ type: 'result', result: 'ok' });
    expect(toTextRoomEvent({ textroom: 'event', error_code: 417, error: 'No such room' })).toEqual({
      type: 'error',
      error_code: 417,
      error: 'No such room',
    });
    expect(toTextRoomEvent({ textroom: 'something-new', x: 1 })).toEqual({
      type: 'unknown',
      data: { textroom: 'something-new', x: 1 },
    });
  });

  it('buildTextRoomFrame adds a transaction unless given one', () => {
    const frame = JSON.parse(buildTextRoomFrame({ textroom: 'join', room: 1, username: 'alice' })) as Record<
      string,
      unknown
    >;
    expect(frame).toMatchObject({ textroom: 'join', room: 1, username: 'alice' });
    expect(typeof frame.transaction).toBe('string');
    const other = JSON.parse(buildTextRoomFrame({ textroom: 'join', room: 1, username: 'b' })) as Record<
      string,
      unknown
    >;
    expect(other.transaction).not.toBe(frame.transaction);
    expect(
      JSON.parse(buildTextRoomFrame({ textroom: 'message', room: 1, text: 'hi', to: 'bob', transaction: 't1' })),
    ).toEqual({ textroom: 'message', room: 1, text: 'hi', to: 'bob', transaction: 't1' });
  });

  it('parseTextRoomFrame accepts what Janus sends and refuses the rest', () => {
    const frames = [
      { textroom: 'success', transaction: 't', participants: [{ username: 'a', display: 'A' }] },
      { textroom: 'error', transaction: 't', error_code: 420, error: 'Username taken' },
      { textroom: 'join', room: 1, username: 'a', display: 'A' },
      { textroom: 'leave', room: 'str-room', username: 'a' },
      { textroom: 'message', room: 1, from: 'a', date: '2026-01-01T00:00:00+0000', text: 'x' },
      { textroom: 'message', room: 1, from: 'a', date: '2026-01-01T00:00:00+0000', text: 'x', whisper: true },
      { textroom: 'announcement', room: 1, date: '2026-01-01T00:00:00+0000', text: 'x' },
      { textroom: 'kicked', room: 1, username: 'a' },
      { textroom: 'destroyed', room: 1 },
    ];
    for (const frame of frames) expect(parseTextRoomFrame(JSON.stringify(frame))).toEqual(frame);
    expect(parseTextRoomFrame('not json')).toBeUndefined();
    expect(parseTextRoomFrame('[]')).toBeUndefined();
    expect(parseTextRoomFrame(JSON.stringify({ textroom: 'message', room: 1, text: 'x' }))).toBeUndefined();
    expect(parseTextRoomFrame(JSON.stringify({ textroom: 'join', room: {}, username: 'a' }))).toBeUndefined();
    expect(isTextRoomDataIncoming({ textroom: 'success' })).toBe(false);
  });

  it('the framework-free entry has the plugin but not the Nest service', () => {
    expect(core.TextRoomPlugin).toBe(TextRoomPlugin);
    expect(Object.keys(core)).not.toContain('TextRoomService');
  });
});
