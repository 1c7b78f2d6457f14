import { describe, expect, it } from 'vitest';
import { toEchoTestEvent, toVideoRoomEvent, type VideoRoomEvent } from 'nestjs-janus';

const offer = { type: 'offer' as const, sdp: 'v=0\r\n' };

/** Plugin data as Janus 1.1.2 sent it in real runs, and the event each one must become. */
const videoRoomSamples: Array<[string, Record<string, unknown>, VideoRoomEvent]> = [
  [
    'publishers',
    {
      videoroom: 'event',
      room: 5555,
      publishers: [{ id: 7, display: 'a', streams: [{ type: 'audio', mindex: 0, mid: '0', codec: 'opus' }] }],
    },
    {
      type: 'publishers',
      room: 5555,
      publishers: [{ id: 7, display: 'a', streams: [{ type: 'audio', mindex: 0, mid: '0', codec: 'opus' }] }],
    },
  ],
  [
    'joining',
    { videoroom: 'event', room: 5555, joining: { id: 8, display: 'bob' } },
    { type: 'joining', room: 5555, joining: { id: 8, display: 'bob' } },
  ],
  [
    'joining without display',
    { videoroom: 'event', room: 5555, joining: { id: 8 } },
    { type: 'joining', room: 5555, joining: { id: 8 } },
  ],
  [
    'unpublished (someone)',
    { videoroom: 'event', room: 1, unpublished: 7 },
    { type: 'unpublished', room: 1, self: false, id: 7 },
  ],
  [
    'unpublished (self)',
    { videoroom: 'event', room: 1, unpublished: 'ok' },
    { type: 'unpublished', room: 1, self: true },
  ],
  ['leaving (someone)', { videoroom: 'event', room: 1, leaving: 9 }, { type: 'leaving', room: 1, self: false, id: 9 }],
  ['leaving (self)', { videoroom: 'event', room: 1, leaving: 'ok' }, { type: 'leaving', room: 1, self: true }],
  [
    'kicked (self)',
    { videoroom: 'event', room: 1, leaving: 'ok', reason: 'kicked' },
    { type: 'kicked', room: 1, self: true },
  ],
  ['kicked (someone)', { videoroom: 'event', room: 1, kicked: 3 }, { type: 'kicked', room: 1, self: false, id: 3 }],
  [
    'display (no room in 1.1.2)',
    { videoroom: 'event', id: 3, display: 'alice3' },
    { type: 'display', id: 3, display: 'alice3' },
  ],
  [
    'talking',
    { videoroom: 'talking', room: 1, id: 3, mindex: 0, mid: '0', 'audio-level-dBov-avg': 12.5 },
    { type: 'talking', room: 1, id: 3, mindex: 0, mid: '0', 'audio-level-dBov-avg': 12.5 },
  ],
  [
    'stopped-talking',
    { videoroom: 'stopped-talking', room: 1, id: 3, mindex: 0, mid: '0', 'audio-level-dBov-avg': 60 },
    { type: 'stopped-talking', room: 1, id: 3, mindex: 0, mid: '0', 'audio-level-dBov-avg': 60 },
  ],
  ['destroyed', { videoroom: 'destroyed', room: 5555 }, { type: 'destroyed', room: 5555 }],
  [
    'moderation',
    { videoroom: 'event', room: 5555, id: 3, mid: '0', moderation: 'muted' },
    { type: 'moderation', room: 5555, id: 3, mid: '0', moderation: 'muted' },
  ],
  [
    'simulcast',
    { videoroom: 'event', room: 1, mid: '1', substream: 2 },
    { type: 'simulcast', room: 1, mid: '1', substream: 2 },
  ],
  [
    'svc',
    { videoroom: 'event', room: 1, mid: '1', spatial_layer: 1, temporal_layer: 0 },
    { type: 'svc', room: 1, mid: '1', spatial_layer: 1, temporal_layer: 0 },
  ],
  [
    'slow link (publisher)',
    { videoroom: 'slow_link', 'current-bitrate': 128000 },
    { type: 'slow-link', 'current-bitrate': 128000 },
  ],
  ['slow link (subscriber)', { videoroom: 'slow_link' }, { type: 'slow-link' }],
  ['updating', { videoroom: 'updating', room: 1 }, { type: 'updating', room: 1 }],
  [
    'error',
    { videoroom: 'event', error_code: 426, error: 'No such room' },
    { type: 'error', error_code: 426, error: 'No such room' },
  ],
  [
    'something new',
    { videoroom: 'event', room: 1, brand_new: true },
    { type: 'unknown', data: { videoroom: 'event', room: 1, brand_new: true } },
  ],
];

describe('toVideoRoomEvent', () => {
  it.each(videoRoomSamples)('maps %s', (_name, data, expected) => {
    expect(toVideoRoomEvent(data)).toEqual(expected);
  });

  it('keeps the JSEP of an updated event (a new offer to answer with start)', () => {
    const streams = [{ type: 'audio', active: false, mindex: 0, mid: '0', ready: false, send: true }];
    expect(toVideoRoomEvent({ videoroom: 'updated', room: 6666, streams }, offer)).toEqual({
      type: 'updated',
      room: 6666,
      streams,
      jsep: offer,
    });
    expect(toVideoRoomEvent({ videoroom: 'event', room: 1, configured: 'ok' }, offer)).toEqual({
      type: 'configured',
      room: 1,
      jsep: offer,
    });
    expect(toVideoRoomEvent({ videoroom: 'whatever' }, offer)).toEqual({
      type: 'unknown',
      data: { videoroom: 'whatever' },
      jsep: offer,
    });
  });
});

describe('toEchoTestEvent', () => {
  it.each([
    ['result ok', { echotest: 'event', result: 'ok' }, { type: 'result', result: 'ok' }],
    ['result done', { echotest: 'event', result: 'done' }, { type: 'result', result: 'done' }],
    [
      'slow link',
      { echotest: 'event', event: 'slow_link', media: 'video', 'current-bitrate': 0 },
      { type: 'slow-link', media: 'video', 'current-bitrate': 0 },
    ],
    [
      'simulcast substream',
      { echotest: 'event', videocodec: 'vp8', substream: 1 },
      { type: 'simulcast', videocodec: 'vp8', substream: 1 },
    ],
    [
      'simulcast temporal',
      { echotest: 'event', videocodec: 'vp8', temporal: 2 },
      { type: 'simulcast', videocodec: 'vp8', temporal: 2 },
    ],
    ['error', { echotest: 'event', error_code: 413, error: 'bad' }, { type: 'error', error_code: 413, error: 'bad' }],
    ['unknown', { echotest: 'event', other: 1 }, { type: 'unknown', data: { echotest: 'event', other: 1 } }],
  ])('maps %s', (_name, data, expected) => {
    expect(toEchoTestEvent(data)).toEqual(expected);
  });
});
