import { Injectable } from '@nestjs/common';
import { JanusPool } from '../janus/index.js';
import { type AudioBridgeEditRequest, type AudioBridgeService } from 'nestjs-janus';
import { AppConfig } from '../config/index.js';
import { AppError } from '../errors/index.js';
import { AudioBridgeSecrets } from '../room-admin/index.js';
import type { RoomListScope } from '../room-admin/index.js';
import type { AllowDto } from '../room-admin/dto/room-admin.dto.js';
import {
  recordingFile,
  toAudioForwarder,
  toAudioParticipant,
  toAudioRoomInfo,
  toCreateRequest,
} from './audiobridge-shapes.js';
import type { AudioForwardDto, CreateAudioRoomDto, EditAudioRoomDto, ResumeDto, SuspendDto } from './dto/admin.dto.js';
import type {
  AudioAllowedDto,
  AudioForwardersDto,
  AudioForwardingDto,
  AudioParticipantsDto,
  AudioRecordingDto,
  AudioRoomCreatedDto,
  AudioRoomInfoDto,
} from './dto/replies.dto.js';

/** What refusing a recording without `AUDIOBRIDGE_RECORDING_DIR` says. */
export const RECORDING_OFF = 'recording is off on this server (AUDIOBRIDGE_RECORDING_DIR is not set)';

/**
 * AudioBridge room administration, for every transport (`/audiobridge`'s admin events and the REST API under
 * `/api/audiobridge/rooms`): each operation builds the AudioBridge request, adds the server's room secret and admin
 * key where Janus asks for them (they never come from a client), and shapes Janus's reply once (dto/replies.dto.ts).
 * Who may call what is the transports' business (the admin role), as are their reply envelopes.
 */
@Injectable()
export class AudioBridgeAdminService {
  constructor(
    private readonly pool: JanusPool,
    private readonly secrets: AudioBridgeSecrets,
    private readonly config: AppConfig,
  ) {}

  /**
   * The AudioBridge service of the server that holds `room`, for a read: an unplaced room is not placed (a read of a
   * room that does not exist leaves nothing behind).
   */
  private async audioBridgeOf(room: number): Promise<AudioBridgeService> {
    return (await this.pool.locate('audiobridge', room)).audioBridge;
  }

  /**
   * Runs the change `use` with the AudioBridge service of the server that holds `room` (an unplaced room is placed
   * there); should Janus answer that there is no such room, the placement is taken back.
   */
  private changeRoom<T>(room: number, use: (audioBridge: AudioBridgeService) => Promise<T>): Promise<T> {
    return this.pool.inRoom('audiobridge', room, (server) => use(server.audioBridge));
  }

  /**
   * The folder recordings go to on the Janus host (`AUDIOBRIDGE_RECORDING_DIR`) when `record` asks for one;
   * `FORBIDDEN` when the server has none (Janus would write to its working folder).
   */
  recordingDir(record: boolean | undefined): string | undefined {
    if (!record) return undefined;
    const dir = this.config.audioBridgeRecordingDir;
    if (dir === undefined) throw new AppError('FORBIDDEN', RECORDING_OFF);
    return dir;
  }

  /** The rooms as Janus's `list` describes them: the public ones, or all of them with the plugin's admin key. */
  async listRooms(scope: RoomListScope): Promise<AudioRoomInfoDto[]> {
    const request = scope === 'all' ? this.secrets.adminKey() : {};
    const list = await this.pool.listAll(
      'audiobridge',
      async (s) => (await s.audioBridge.list(request)).list,
      (r) => r.room,
    );
    return list.map(toAudioRoomInfo);
  }

  /**
   * One room as Janus's `list` describes it; a private room Janus does not list (no admin key) by its id only.
   * `NOT_FOUND` (485) when there is no such room.
   */
  async describeRoom(room: number): Promise<AudioRoomInfoDto> {
    // Asked of the room's server only (listRooms asks every server of the pool).
    const audioBridge = await this.audioBridgeOf(room);
    const info = (await audioBridge.list(this.secrets.adminKey())).list.find((r) => r.room === room);
    if (info) return toAudioRoomInfo(info);
    if (!(await audioBridge.exists({ room })).exists)
      throw new AppError('NOT_FOUND', `No such room (${room})`, { janusCode: 485 });
    return { room, is_private: true };
  }

  async exists(room: number): Promise<boolean> {
    return (await (await this.audioBridgeOf(room)).exists({ room })).exists;
  }

  /**
   * Creates a room with the options a client may choose; it gets the server's default secret and admin key, and
   * keeps its recordings (the mix's and the participants') in `AUDIOBRIDGE_RECORDING_DIR`.
   */
  async create(options: CreateAudioRoomDto): Promise<AudioRoomCreatedDto> {
    this.recordingDir(options.record);
    const dir = this.config.audioBridgeRecordingDir;
    const request = {
      ...toCreateRequest(options),
      ...(dir !== undefined ? { record_dir: dir, mjrs_dir: dir } : {}),
      ...this.secrets.forCreate(),
    };
    const created = await this.pool.createRoom(
      'audiobridge',
      request.room,
      (s) => s.audioBridge.create(request),
      (c) => c.room,
    );
    return { room: Number(created.room), permanent: created.permanent };
  }

  /** Changes what `changes` gives (the rest stays) and describes the room afterwards. */
  async edit(room: number, changes: EditAudioRoomDto): Promise<AudioRoomInfoDto> {
    const edit: AudioBridgeEditRequest = { room, ...this.secrets.withSecret(room) };
    if (changes.description !== undefined) edit.new_description = changes.description;
    if (changes.pin !== undefined) edit.new_pin = changes.pin;
    if (changes.is_private !== undefined) edit.new_is_private = changes.is_private;
    if (changes.permanent !== undefined) edit.permanent = changes.permanent;
    await this.changeRoom(room, (audioBridge) => audioBridge.edit(edit));
    return this.describeRoom(room);
  }

  /** Destroys a room (`permanent`: also in Janus's config file); its participants are told. */
  async destroy(room: number, permanent?: boolean): Promise<void> {
    await this.changeRoom(room, (audioBridge) =>
      audioBridge.destroy({
        room,
        ...(permanent !== undefined ? { permanent } : {}),
        ...this.secrets.withSecret(room),
      }),
    );
    await this.pool.forgetRoom('audiobridge', room);
  }

  async listParticipants(room: number): Promise<AudioParticipantsDto> {
    const { participants } = await (await this.audioBridgeOf(room)).listParticipants({ room });
    return { room, participants: participants.map(toAudioParticipant) };
  }

  /** Kicks a participant out; it and the others are told (`kicked` / `peer-kicked`). */
  async kick(room: number, feed: number): Promise<void> {
    await this.changeRoom(room, (audioBridge) =>
      audioBridge.kick({ room, id: feed, ...this.secrets.withSecret(room) }),
    );
  }

  /** Mutes (or unmutes) one participant for everyone. */
  async setMuted(room: number, feed: number, muted: boolean): Promise<void> {
    const request = { room, id: feed, ...this.secrets.withSecret(room) };
    await this.changeRoom(room, (audioBridge) => (muted ? audioBridge.mute(request) : audioBridge.unmute(request)));
  }

  /** Mutes (or unmutes) the whole room. */
  async setRoomMuted(room: number, muted: boolean): Promise<void> {
    const request = { room, ...this.secrets.withSecret(room) };
    await this.changeRoom(room, (audioBridge) =>
      muted ? audioBridge.muteRoom(request) : audioBridge.unmuteRoom(request),
    );
  }

  /** Suspends a participant: not mixed, no mix sent (Janus 1.2.1+; older versions refuse with 482). */
  async suspend(room: number, feed: number, { stop_record, pause_events }: SuspendDto): Promise<void> {
    await this.changeRoom(room, (audioBridge) =>
      audioBridge.suspend({
        room,
        id: feed,
        ...(stop_record !== undefined ? { stop_record } : {}),
        ...(pause_events !== undefined ? { pause_events } : {}),
        ...this.secrets.withSecret(room),
      }),
    );
  }

  /** Resumes a suspended participant (Janus 1.2.1+). */
  async resume(room: number, feed: number, { record, filename }: ResumeDto): Promise<void> {
    this.recordingDir(record);
    await this.changeRoom(room, (audioBridge) =>
      audioBridge.resume({
        room,
        id: feed,
        ...(record !== undefined ? { record } : {}),
        ...(filename !== undefined ? { filename } : {}),
        ...this.secrets.withSecret(room),
      }),
    );
  }

  /** Turns the token check on join on or off, or adds or removes tokens; the whole list when Janus gives it. */
  async updateAllowed(room: number, { action, list }: Omit<AllowDto, 'room'>): Promise<AudioAllowedDto> {
    const reply = await this.changeRoom(room, (audioBridge) =>
      audioBridge.allowed({
        room,
        action,
        ...(list ? { allowed: list } : {}),
        ...this.secrets.withSecret(room),
      }),
    );
    return { room, ...(reply.allowed ? { list: reply.allowed } : {}) };
  }

  /** Starts (in `AUDIOBRIDGE_RECORDING_DIR`, with an optional base name) or stops recording the room's mix. */
  async setRecording(room: number, record: boolean, filename?: string): Promise<AudioRecordingDto> {
    const dir = this.recordingDir(record);
    await this.changeRoom(room, (audioBridge) =>
      audioBridge.enableRecording({
        room,
        record,
        ...(dir !== undefined ? { record_dir: dir } : {}),
        ...(record && filename !== undefined ? { record_file: recordingFile(filename) } : {}),
        ...this.secrets.withSecret(room),
      }),
    );
    return { room, record };
  }

  /** Forwards the room's mix (or one group's) over RTP to `host`. */
  async startForwarding(room: number, dto: AudioForwardDto): Promise<AudioForwardingDto> {
    const reply = await this.changeRoom(room, (audioBridge) =>
      audioBridge.rtpForward({
        room,
        host: dto.host,
        port: dto.audio_port,
        ...(dto.host_family !== undefined ? { host_family: dto.host_family } : {}),
        ...(dto.group !== undefined ? { group: dto.group } : {}),
        ...(dto.ssrc !== undefined ? { ssrc: dto.ssrc } : {}),
        ...(dto.ptype !== undefined ? { ptype: dto.ptype } : {}),
        ...(dto.codec !== undefined ? { codec: dto.codec } : {}),
        ...(dto.always !== undefined ? { always_on: dto.always } : {}),
        ...this.secrets.withSecret(room),
        ...this.secrets.adminKey(),
      }),
    );
    const forwarder = { audio_stream: reply.stream_id, host: reply.host, audio_port: reply.port };
    return { room, forwarder: reply.group ? { ...forwarder, group: reply.group } : forwarder };
  }

  /** Stops one forwarder (`audio_stream` of its start). */
  async stopForwarding(room: number, stream: number): Promise<AudioForwardingDto> {
    const reply = await this.changeRoom(room, (audioBridge) =>
      audioBridge.stopRtpForward({
        room,
        stream_id: stream,
        ...this.secrets.withSecret(room),
        ...this.secrets.adminKey(),
      }),
    );
    return { room, forwarder: { audio_stream: reply.stream_id } };
  }

  async listForwarders(room: number): Promise<AudioForwardersDto> {
    const reply = await (await this.audioBridgeOf(room)).listForwarders({ room, ...this.secrets.withSecret(room) });
    return { room, forwarders: reply.rtp_forwarders.map(toAudioForwarder) };
  }
}
