import { describe, expect, it } from 'vitest';
import {
  recordingFile,
  toAudioForwarder,
  toAudioParticipant,
  toAudioRoomInfo,
  toCreateRequest,
} from '../../../src/audiobridge/audiobridge-shapes.js';
import { CreateAudioRoomDto } from '../../../src/audiobridge/dto/admin.dto.js';

describe("AudioBridge shapes: Janus's fields to Janode's and back", () => {
  it('a participant: id becomes feed; muted and setup always there, display/talking/suspended only when Janus gives them', () => {
    expect(toAudioParticipant({ id: 7, display: 'ann', muted: true, setup: false })).toEqual({
      feed: 7,
      display: 'ann',
      muted: true,
      setup: false,
    });
    const bare = toAudioParticipant({ id: '8', muted: false, setup: true, talking: true, suspended: false });
    expect(bare).toEqual({ feed: 8, muted: false, setup: true, talking: true, suspended: false });
    expect('display' in bare).toBe(false);
    // Janus leaving a flag out means false.
    expect(toAudioParticipant({ id: 9 } as never)).toEqual({ feed: 9, muted: false, setup: false });
  });

  it('a forwarder: stream_id/ip/port become audio_stream/host/audio_port, always_on becomes always', () => {
    expect(toAudioForwarder({ stream_id: 3, ip: '127.0.0.1', port: 5002, always_on: false })).toEqual({
      audio_stream: 3,
      host: '127.0.0.1',
      audio_port: 5002,
      always: false,
    });
    expect(toAudioForwarder({ stream_id: 4, ip: '::1', port: 9, group: 'left' })).toEqual({
      audio_stream: 4,
      host: '::1',
      audio_port: 9,
      group: 'left',
    });
  });

  it('a listed room keeps its fields, with a numeric id', () => {
    const info = {
      room: '12',
      description: 'd',
      pin_required: false,
      sampling_rate: 16000,
      record: false,
      muted: false,
      num_participants: 2,
    };
    expect(toAudioRoomInfo(info)).toEqual({ ...info, room: 12 });
  });

  it("create: Janode's names become Janus's; the recording is a .wav base name; nothing unset is sent", () => {
    const dto = Object.assign(new CreateAudioRoomDto(), {
      room: 5,
      description: 'call',
      bitrate: 32000,
      expected_loss: 10,
      allow_rtp: false,
      talking_events: true,
      talking_level_threshold: 25,
      talking_packets_threshold: 100,
      groups: ['a', 'b'],
      record: true,
      filename: 'mix-5',
      sampling_rate: 48000,
    });
    expect(toCreateRequest(dto)).toEqual({
      room: 5,
      description: 'call',
      default_bitrate: 32000,
      default_expectedloss: 10,
      allow_rtp_participants: false,
      audiolevel_event: true,
      audio_level_average: 25,
      audio_active_packets: 100,
      groups: ['a', 'b'],
      record: true,
      record_file: 'mix-5.wav',
      sampling_rate: 48000,
    });
    expect(toCreateRequest(new CreateAudioRoomDto())).toEqual({});
    expect(recordingFile('x')).toBe('x.wav');
  });
});
