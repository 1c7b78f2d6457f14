import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AudioBridgePlugin,
  JanusConnection,
  toAudioBridgeEvent,
  type AudioBridgeEvent,
  type AudioBridgeHandle,
  type JanusSession,
  type Jsep,
} from 'nestjs-janus';
import { FakeJanus } from '../../support/fake-janus.js';

const offer: Jsep = { type: 'offer', sdp: 'v=0\r\n' };
const answer: Jsep = { type: 'answer', sdp: 'v=0\r\n' };
const ASYNC_REQUESTS = new Set(['join', 'configure', 'changeroom', 'leave', 'hangup']);

/** AudioBridge plugin data as Janus sends it, and the event each becomes. */
const samples: Array<[string, Record<string, unknown>, AudioBridgeEvent]> = [
  [
    'joined (someone else)',
    {
      audiobridge: 'joined',
      room: 7,
      participants: [{ id: 2, display: 'bob', setup: false, muted: false }],
    },
    { type: 'joined', room: 7, participants: [{ id: 2, display: 'bob', setup: false, muted: false }] },
  ],
  [
    'participants update (muted by an admin)',
    { audiobridge: 'event', room: 7, participants: [{ id: 2, display: 'bob', setup: false, muted: true }] },
    { type: 'participants', room: 7, participants: [{ id: 2, display: 'bob', setup: false, muted: true }] },
  ],
  ['leaving', { audiobridge: 'event', room: 7, leaving: 2 }, { type: 'leaving', room: 7, id: 2 }],
  ['kicked', { audiobridge: 'event', room: 7, kicked: 2 }, { type: 'kicked', room: 7, id: 2 }],
  ['kicked_all', { audiobridge: 'event', room: 7, kicked_all: 2 }, { type: 'kicked-all', room: 7, id: 2 }],
  ['room muted', { audiobridge: 'event', room: 7, muted: true }, { type: 'room-muted', room: 7, muted: true }],
  ['room unmuted', { audiobridge: 'event', room: 7, muted: false }, { type: 'room-muted', room: 7, muted: false }],
  ['suspended (1.2.1)', { audiobridge: 'event', room: 7, suspended: 2 }, { type: 'suspended', room: 7, id: 2 }],
  ['resumed (1.2.1)', { audiobridge: 'event', room: 7, resumed: 2 }, { type: 'resumed', room: 7, id: 2 }],
  ['talking', { audiobridge: 'talking', room: 7, id: 2 }, { type: 'talking', room: 7, id: 2 }],
  ['stopped-talking', { audiobridge: 'stopped-talking', room: 7, id: 2 }, { type: 'stopped-talking', room: 7, id: 2 }],
  ['destroyed', { audiobridge: 'destroyed', room: 7 }, { type: 'destroyed', room: 7 }],
  [
    'announcement-started',
    { audiobridge: 'announcement-started', room: 7, file_id: 'f' },
    { type: 'announcement-started', room: 7, file_id: 'f' },
  ],
  [
    'announcement-stopped',
    { audiobridge: 'announcement-stopped', room: 7, file_id: 'f' },
    { type: 'announcement-stopped', room: 7, file_id: 'f' },
  ],
  ['left', { audiobridge: 'left', room: 7, id: 1 }, { type: 'left', room: 7, id: 1 }],
  [
    'roomchanged',
    { audiobridge: 'roomchanged', room: 8, id: 1, display: 'a', participants: [] },
    { type: 'roomchanged', room: 8, id: 1, display: 'a', participants: [] },
  ],
  ['string ids', { audiobridge: 'event', room: 'r', leaving: 'u' }, { type: 'leaving', room: 'r', id: 'u' }],
  [
    'error',
    { audiobridge: 'event', error_code: 485, error: 'No such room (7)' },
    { type: 'error', error_code: 485, error: 'No such room (7)' },
  ],
  [
    'unknown',
    { audiobridge: 'event', room: 7, something: 1 },
    { type: 'unknown', data: { audiobridge: 'event', room: 7, something: 1 } },
  ],
];

describe('toAudioBridgeEvent', () => {
  it.each(samples)('maps %s', (_name, data, event) => {
    expect(toAudioBridgeEvent(data)).toEqual(event);
  });

  it("keeps the JSEP and RTP endpoint of a joined event; the participants' resumed list", () => {
    const data = { audiobridge: 'joined', room: 7, id: 1, participants: [], rtp: { ip: '1.2.3.4', port: 9 } };
    expect(toAudioBridgeEvent(data, answer)).toEqual({
      type: 'joined',
      room: 7,
      id: 1,
      participants: [],
      rtp: { ip: '1.2.3.4', port: 9 },
      jsep: answer,
    });
    expect(toAudioBridgeEvent({ audiobridge: 'event', room: 7, resumed: 2, participants: [] })).toEqual({
      type: 'resumed',
      room: 7,
      id: 2,
      participants: [],
    });
  });
});

describe('AudioBridge on the wire', () => {
  let fake: FakeJanus;
  let connection: JanusConnection;
  let session: JanusSession;

  beforeEach(async () => {
    fake = await FakeJanus.start();
    fake.answerPluginMessages('janus.plugin.audiobridge', (body, req) => ({
      data: { echoed: body },
      jsep: req.jsep ? answer : undefined,
      async: ASYNC_REQUESTS.has(String(body.request)),
    }));
    connection = await JanusConnection.connect({ servers: [{ url: fake.url }], logger: false });
    session = await connection.createSession();
  });
  afterEach(async () => {
    await connection.close();
    await fake.close();
  });

  const room = 1234;
  const calls: Array<[string, (h: AudioBridgeHandle) => Promise<unknown>, Record<string, unknown>, Jsep?]> = [
    ['join', (h) => h.join({ room, display: 'a', muted: true }), { request: 'join', room, display: 'a', muted: true }],
    ['join + offer', (h) => h.join({ room }, offer), { request: 'join', room }, offer],
    ['configure', (h) => h.configure({ muted: false }), { request: 'configure', muted: false }],
    ['configure + offer', (h) => h.configure({}, offer), { request: 'configure' }, offer],
    ['changeRoom', (h) => h.changeRoom({ room: 5, display: 'b' }), { request: 'changeroom', room: 5, display: 'b' }],
    ['leave', (h) => h.leave(), { request: 'leave' }],
    ['hangupRequest', (h) => h.hangupRequest(), { request: 'hangup' }],
    ['resetDecoder', (h) => h.resetDecoder(), { request: 'resetdecoder' }],
    ['create', (h) => h.create({ room, sampling_rate: 16000 }), { request: 'create', room, sampling_rate: 16000 }],
    ['edit', (h) => h.edit({ room, new_pin: 'p' }), { request: 'edit', room, new_pin: 'p' }],
    ['destroy', (h) => h.destroy({ room, secret: 's' }), { request: 'destroy', room, secret: 's' }],
    ['exists', (h) => h.exists({ room }), { request: 'exists', room }],
    ['list', (h) => h.list(), { request: 'list' }],
    [
      'allowed',
      (h) => h.allowed({ room, action: 'add', allowed: ['t'] }),
      { request: 'allowed', room, action: 'add', allowed: ['t'] },
    ],
    ['listParticipants', (h) => h.listParticipants({ room }), { request: 'listparticipants', room }],
    ['kick', (h) => h.kick({ room, id: 3 }), { request: 'kick', room, id: 3 }],
    ['kickAll', (h) => h.kickAll({ room, secret: 's' }), { request: 'kick_all', room, secret: 's' }],
    ['mute', (h) => h.mute({ room, id: 3 }), { request: 'mute', room, id: 3 }],
    ['unmute', (h) => h.unmute({ room, id: 3 }), { request: 'unmute', room, id: 3 }],
    ['muteRoom', (h) => h.muteRoom({ room }), { request: 'mute_room', room }],
    ['unmuteRoom', (h) => h.unmuteRoom({ room }), { request: 'unmute_room', room }],
    ['suspend', (h) => h.suspend({ room, id: 3 }), { request: 'suspend', room, id: 3 }],
    ['resume', (h) => h.resume({ room, id: 3 }), { request: 'resume', room, id: 3 }],
    [
      'suspend with stop_record',
      (h) => h.suspend({ room, id: 3, stop_record: true, pause_events: false }),
      { request: 'suspend', room, id: 3, stop_record: true, pause_events: false },
    ],
    [
      'resume with a recording',
      (h) => h.resume({ room, id: 3, record: true, filename: 'back' }),
      { request: 'resume', room, id: 3, record: true, filename: 'back' },
    ],
    [
      'enableRecording',
      (h) => h.enableRecording({ room, record: true }),
      { request: 'enable_recording', room, record: true },
    ],
    ['enableMjrs', (h) => h.enableMjrs({ room, mjrs: true }), { request: 'enable_mjrs', room, mjrs: true }],
    [
      'rtpForward',
      (h) => h.rtpForward({ room, host: '127.0.0.1', port: 5000 }),
      { request: 'rtp_forward', room, host: '127.0.0.1', port: 5000 },
    ],
    [
      'stopRtpForward',
      (h) => h.stopRtpForward({ room, stream_id: 9 }),
      { request: 'stop_rtp_forward', room, stream_id: 9 },
    ],
    ['listForwarders', (h) => h.listForwarders({ room }), { request: 'listforwarders', room }],
    [
      'playFile',
      (h) => h.playFile({ room, filename: '/a.opus', file_id: 'f' }),
      { request: 'play_file', room, filename: '/a.opus', file_id: 'f' },
    ],
    ['isPlaying', (h) => h.isPlaying({ room, file_id: 'f' }), { request: 'is_playing', room, file_id: 'f' }],
    ['stopFile', (h) => h.stopFile({ room, file_id: 'f' }), { request: 'stop_file', room, file_id: 'f' }],
    ['listAnnouncements', (h) => h.listAnnouncements({ room }), { request: 'listannouncements', room }],
    ['stopAllFiles', (h) => h.stopAllFiles({ room }), { request: 'stop_all_files', room }],
    ['enableDenoise', (h) => h.enableDenoise({ room, id: 3 }), { request: 'denoise_enable', room, id: 3 }],
    ['disableDenoise', (h) => h.disableDenoise({ room, id: 3 }), { request: 'denoise_disable', room, id: 3 }],
  ];

  it.each(calls)('%s sends its own request name and body', async (_name, call, body, jsep) => {
    const handle = await session.attach(AudioBridgePlugin);
    await call(handle);
    const sent = fake.lastMessage();
    expect(sent.handle_id).toBe(handle.id);
    expect(sent.body).toEqual(body);
    expect(sent.jsep).toEqual(jsep);
  });

  it('covers every request of Janus 1.1.2 and the newer ones', () => {
    const names = [...new Set(calls.map(([, , body]) => String(body.request)))].sort();
    expect(names).toEqual(
      [
        'allowed',
        'changeroom',
        'configure',
        'create',
        'denoise_disable',
        'denoise_enable',
        'destroy',
        'edit',
        'enable_mjrs',
        'enable_recording',
        'exists',
        'hangup',
        'is_playing',
        'join',
        'kick',
        'kick_all',
        'leave',
        'list',
        'listannouncements',
        'listforwarders',
        'listparticipants',
        'mute',
        'mute_room',
        'play_file',
        'resetdecoder',
        'resume',
        'rtp_forward',
        'stop_all_files',
        'stop_file',
        'stop_rtp_forward',
        'suspend',
        'unmute',
        'unmute_room',
      ].sort(),
    );
  });

  it('a synchronous request resolves with the data; an asynchronous one with { data, jsep }', async () => {
    const handle = await session.attach(AudioBridgePlugin);
    expect(await handle.exists({ room })).toEqual({ echoed: { request: 'exists', room } });
    expect(await handle.join({ room }, offer)).toEqual({ data: { echoed: { request: 'join', room } }, jsep: answer });
  });
});
