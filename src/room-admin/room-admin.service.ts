import { Injectable } from '@nestjs/common';
import { JanusPool } from '../janus/index.js';
import { instanceToPlain } from 'class-transformer';
import { type VideoRoomCreateRequest, type VideoRoomEditRequest, type VideoRoomService } from 'nestjs-janus';
import { AppError } from '../errors/index.js';
import type {
  AllowDto,
  CreateRoomDto,
  EditRoomDto,
  ModerateDto,
  RtpForwardStartDto,
  RtpForwardStopDto,
} from './dto/room-admin.dto.js';
import type {
  AllowedTokensDto,
  ForwardersDto,
  ForwardingStartedDto,
  ParticipantsDto,
  RecordingDto,
  RoomCreatedDto,
  RoomInfoDto,
} from './dto/room-replies.dto.js';
import { RoomSecrets } from './room-secrets.service.js';

/** Which rooms a listing shows: the public ones, or every room (with the plugin's admin key, when the server has it). */
export type RoomListScope = 'public' | 'all';

/**
 * Room administration, for every transport (the socket gateway's admin events and the REST API): each operation
 * builds the VideoRoom request, adds the server's room secret and admin key where Janus asks for them (they never
 * come from a client), and shapes Janus's reply once, as the DTOs of dto/room-replies.dto.ts. Who may call what is
 * the transports' business (the admin role), as are their reply envelopes.
 */
@Injectable()
export class RoomAdminService {
  constructor(
    private readonly pool: JanusPool,
    private readonly secrets: RoomSecrets,
  ) {}

  /**
   * The VideoRoom service of the server that holds `room`, for a read: an unplaced room is not placed (a read of a
   * room that does not exist leaves nothing behind).
   */
  private async videoRoomOf(room: number): Promise<VideoRoomService> {
    return (await this.pool.locate('videoroom', room)).videoRoom;
  }

  /**
   * Runs the change `use` with the VideoRoom service of the server that holds `room` (an unplaced room is placed
   * there); should Janus answer that there is no such room, the placement is taken back.
   */
  private changeRoom<T>(room: number, use: (videoRoom: VideoRoomService) => Promise<T>): Promise<T> {
    return this.pool.inRoom('videoroom', room, (server) => use(server.videoRoom));
  }

  /** The rooms as Janus's `list` describes them. */
  async listRooms(scope: RoomListScope): Promise<RoomInfoDto[]> {
    const request = scope === 'all' ? this.secrets.adminKey() : {};
    return this.pool.listAll(
      'videoroom',
      async (s) => (await s.videoRoom.list(request)).list,
      (r) => r.room,
    );
  }

  /**
   * One room as Janus's `list` describes it. Janus has no request for one room, and lists private rooms only with
   * its admin key: a private room it does not list is described by its id only. `NOT_FOUND` (426) when there is no
   * such room.
   */
  async describeRoom(room: number): Promise<RoomInfoDto> {
    // Asked of the room's server only (listRooms asks every server of the pool).
    const videoRoom = await this.videoRoomOf(room);
    const info = (await videoRoom.list(this.secrets.adminKey())).list.find((r) => r.room === room);
    if (info) return info;
    if (!(await videoRoom.exists({ room })).exists)
      throw new AppError('NOT_FOUND', `No such room (${room})`, { janusCode: 426 });
    return { room, is_private: true };
  }

  async exists(room: number): Promise<boolean> {
    return (await (await this.videoRoomOf(room)).exists({ room })).exists;
  }

  /** Creates a room with the options the DTO allows; it gets the server's secret and admin key. */
  async create(options: CreateRoomDto): Promise<RoomCreatedDto> {
    // Only the options the DTO allows (unknown fields were dropped), as a plain object, then the server's secrets.
    const request = instanceToPlain(options) as VideoRoomCreateRequest;
    const created = await this.pool.createRoom(
      'videoroom',
      request.room,
      (s) => s.videoRoom.create({ ...request, ...this.secrets.forCreate() }),
      (c) => c.room,
    );
    return { room: created.room, permanent: created.permanent };
  }

  /** Changes what `changes` gives (the rest stays as it is) and describes the room afterwards. */
  async edit(room: number, changes: EditRoomDto): Promise<RoomInfoDto> {
    const edit: VideoRoomEditRequest = { room, ...this.secrets.withSecret(room) };
    if (changes.description !== undefined) edit.new_description = changes.description;
    if (changes.pin !== undefined) edit.new_pin = changes.pin;
    if (changes.is_private !== undefined) edit.new_is_private = changes.is_private;
    if (changes.require_pvtid !== undefined) edit.new_require_pvtid = changes.require_pvtid;
    if (changes.publishers !== undefined) edit.new_publishers = changes.publishers;
    if (changes.bitrate !== undefined) edit.new_bitrate = changes.bitrate;
    if (changes.fir_freq !== undefined) edit.new_fir_freq = changes.fir_freq;
    if (changes.lock_record !== undefined) edit.new_lock_record = changes.lock_record;
    if (changes.permanent !== undefined) edit.permanent = changes.permanent;
    await this.changeRoom(room, (videoRoom) => videoRoom.edit(edit));
    return this.describeRoom(room);
  }

  /** Destroys a room (`permanent`: also in Janus's config file); its participants are told. */
  async destroy(room: number, permanent?: boolean): Promise<void> {
    await this.changeRoom(room, (videoRoom) =>
      videoRoom.destroy({
        room,
        ...(permanent !== undefined ? { permanent } : {}),
        ...this.secrets.withSecret(room),
      }),
    );
    await this.pool.forgetRoom('videoroom', room);
  }

  /** The room's participants, by feed. */
  async listParticipants(room: number): Promise<ParticipantsDto> {
    const { participants } = await (await this.videoRoomOf(room)).listParticipants({ room });
    return {
      room,
      participants: participants.map((p) => ({
        feed: p.id,
        display: p.display,
        publisher: p.publisher,
        talking: p.talking,
        remote: p.remote,
      })),
    };
  }

  async kick(room: number, feed: number): Promise<void> {
    await this.changeRoom(room, (videoRoom) => videoRoom.kick({ room, id: feed, ...this.secrets.withSecret(room) }));
  }

  /** Mutes (or unmutes) one stream of a participant for everyone. */
  async moderate(room: number, feed: number, { mid, mute }: ModerateDto): Promise<void> {
    await this.changeRoom(room, (videoRoom) =>
      videoRoom.moderate({ room, id: feed, mid, mute, ...this.secrets.withSecret(room) }),
    );
  }

  /** Turns the token check on join on or off, or adds or removes tokens; answers the whole list when Janus gives it. */
  async updateAllowed(room: number, { action, list }: Omit<AllowDto, 'room'>): Promise<AllowedTokensDto> {
    const reply = await this.changeRoom(room, (videoRoom) =>
      videoRoom.allowed({
        room,
        action,
        ...(list ? { allowed: list } : {}),
        ...this.secrets.withSecret(room),
      }),
    );
    return { room, ...(reply.allowed ? { list: reply.allowed } : {}) };
  }

  /** Starts or stops recording every publisher of the room. */
  async setRecording(room: number, record: boolean): Promise<RecordingDto> {
    const reply = await this.changeRoom(room, (videoRoom) =>
      videoRoom.enableRecording({ room, record, ...this.secrets.withSecret(room) }),
    );
    return { room, record: reply.record };
  }

  /** Forwards a publisher's streams over RTP to `host`: one forwarder per stream. */
  async startForwarding(
    room: number,
    { feed, host, host_family, streams }: Omit<RtpForwardStartDto, 'room'>,
  ): Promise<ForwardingStartedDto> {
    const reply = await this.changeRoom(room, (videoRoom) =>
      videoRoom.rtpForward({
        room,
        publisher_id: feed,
        host,
        ...(host_family ? { host_family } : {}),
        streams: streams ?? [],
        ...this.secrets.withSecret(room),
        ...this.secrets.adminKey(),
      }),
    );
    return { room, feed, host, forwarders: reply.forwarders };
  }

  async stopForwarding({ room, feed, stream_id }: RtpForwardStopDto): Promise<void> {
    await this.changeRoom(room, (videoRoom) =>
      videoRoom.stopRtpForward({
        room,
        publisher_id: feed,
        stream_id,
        ...this.secrets.withSecret(room),
        ...this.secrets.adminKey(),
      }),
    );
  }

  /** The room's RTP forwarders, by publisher. */
  async listForwarders(room: number): Promise<ForwardersDto> {
    const reply = await (await this.videoRoomOf(room)).listForwarders({ room, ...this.secrets.withSecret(room) });
    return {
      room,
      publishers: reply.publishers.map((p) => ({ feed: p.publisher_id, display: p.display, forwarders: p.forwarders })),
    };
  }
}
