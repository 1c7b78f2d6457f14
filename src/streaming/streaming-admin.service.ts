import { Injectable } from '@nestjs/common';
import { JanusPool } from '../janus/index.js';
import {
  type StreamingCreateRequest,
  type StreamingEditRequest,
  type StreamingMountpointId,
  type StreamingMountpointInfo,
  type StreamingService,
} from 'nestjs-janus';
import { AppConfig } from '../config/index.js';
import { AppError } from '../errors/index.js';
import { StreamingSecrets } from '../room-admin/index.js';
import type { CreateMountpointDto, EditMountpointDto } from './dto/mountpoint-admin.dto.js';
import type {
  MountpointCreatedDto,
  MountpointInfoDto,
  MountpointSummaryDto,
  RecordingStartedDto,
} from './dto/mountpoint-replies.dto.js';

/** Which mountpoints a listing shows: the public ones, or every one (with the plugin's admin key, when configured). */
export type MountpointListScope = 'public' | 'all';

/** A `create` request as a client may shape it: Janus's, without the secrets the server adds. */
export type MountpointCreateOptions = StreamingCreateRequest extends infer R
  ? R extends StreamingCreateRequest
    ? Omit<R, 'secret' | 'admin_key'>
    : never
  : never;

/** What refusing a recording without `STREAMING_RECORDING_DIR` says. */
export const RECORDING_OFF = 'recording is off on this server (STREAMING_RECORDING_DIR is not set)';

/** The app's mountpoint ids are numbers (Janus's default; `string_ids` is not supported here). */
function numericId(id: StreamingMountpointId): number {
  return Number(id);
}

/** A copy of `value` without its `undefined` properties (what Janus gets is what was given). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The Janus `create` request of a validated REST body: the fields of its kind only. */
export function createOptionsFromDto(dto: CreateMountpointDto): MountpointCreateOptions {
  const common = {
    id: dto.id,
    name: dto.name,
    description: dto.description,
    metadata: dto.metadata,
    pin: dto.pin,
    is_private: dto.is_private,
    permanent: dto.permanent,
  };
  switch (dto.type) {
    case 'rtp':
      return compact({
        ...common,
        type: 'rtp',
        media: (dto.media ?? []).map((m) => compact(m)),
        collision: dto.collision,
        threads: dto.threads,
        e2ee: dto.e2ee,
        playoutdelay_ext: dto.playoutdelay_ext,
      });
    case 'live':
    case 'ondemand':
      return compact({
        ...common,
        type: dto.type,
        filename: dto.filename ?? '',
        audio: dto.audio ?? true,
        audiocodec: dto.audiocodec,
        audiopt: dto.audiopt,
        audiofmtp: dto.audiofmtp,
      });
    case 'rtsp':
      return compact({
        ...common,
        type: 'rtsp',
        url: dto.url ?? '',
        rtsp_user: dto.rtsp_user,
        rtsp_pwd: dto.rtsp_pwd,
        rtsp_reconnect_delay: dto.rtsp_reconnect_delay,
        rtsp_failcheck: dto.rtsp_failcheck,
        rtspiface: dto.rtspiface,
        threads: dto.threads,
        audio: dto.audio,
        video: dto.video,
        audiocodec: dto.audiocodec,
        audiopt: dto.audiopt,
        audiofmtp: dto.audiofmtp,
        videocodec: dto.videocodec,
        videopt: dto.videopt,
        videofmtp: dto.videofmtp,
        videobufferkf: dto.videobufferkf,
      });
  }
}

/**
 * Mountpoint administration, for every transport (the `/streaming` gateway's admin events and the REST API): each
 * operation builds the Streaming request, adds the server's mountpoint secret and admin key where Janus asks for
 * them (they never come from a client), and shapes Janus's reply once, as the DTOs of dto/mountpoint-replies.dto.ts.
 * Who may call what is the transports' business (the admin role), as are their reply envelopes.
 */
@Injectable()
export class StreamingAdminService {
  constructor(
    private readonly pool: JanusPool,
    private readonly secrets: StreamingSecrets,
    private readonly config: AppConfig,
  ) {}

  /**
   * The Streaming service of the server that holds mountpoint `id`, for a read: an unplaced mountpoint is not placed
   * (a read of one that does not exist leaves nothing behind).
   */
  private async streamingOf(id: number): Promise<StreamingService> {
    return (await this.pool.locate('streaming', id)).streaming;
  }

  /**
   * Runs the change `use` with the Streaming service of the server that holds mountpoint `id` (an unplaced one is
   * placed there); should Janus answer that there is no such mountpoint, the placement is taken back.
   */
  private changeMountpoint<T>(id: number, use: (streaming: StreamingService) => Promise<T>): Promise<T> {
    return this.pool.inRoom('streaming', id, (server) => use(server.streaming));
  }

  /** The mountpoints as Janus's `list` describes them. */
  async list(scope: MountpointListScope): Promise<MountpointSummaryDto[]> {
    const request = scope === 'all' ? this.secrets.adminKey() : {};
    const list = await this.pool.listAll(
      'streaming',
      (s) => s.streaming.list(request),
      (m) => m.id,
    );
    return list.map((m) => ({ ...m, id: numericId(m.id) }));
  }

  /**
   * One mountpoint as Janus's `info` describes it: `full` (the admin role) with the server's secret, so with its
   * name, PIN, viewers, ports and recordings. The secret itself is left out. `NOT_FOUND` (455) when there is none.
   */
  async describe(id: number, full: boolean): Promise<MountpointInfoDto> {
    return this.describeOn(await this.streamingOf(id), id, full);
  }

  /** {@link describe}, asked of `streaming` (the server a change resolved). */
  private async describeOn(streaming: StreamingService, id: number, full: boolean): Promise<MountpointInfoDto> {
    const { info } = await streaming.info({ id, ...(full ? this.secrets.withSecret(id) : {}) });
    return this.shapeInfo(info);
  }

  /** Creates a mountpoint; it gets the server's default secret and admin key. */
  async create(options: MountpointCreateOptions): Promise<MountpointCreatedDto> {
    const request: StreamingCreateRequest = { ...compact(options), ...this.secrets.forCreate() };
    const created = await this.pool.createRoom(
      'streaming',
      request.id,
      (s) => s.streaming.create(request),
      (c) => c.stream.id,
    );
    const { stream } = created;
    return {
      id: numericId(stream.id),
      name: created.created,
      description: stream.description,
      type: stream.type,
      is_private: stream.is_private,
      permanent: created.permanent,
      ...(stream.ports ? { ports: stream.ports.map((p) => compact({ ...p })) } : {}),
    };
  }

  /** Changes what `changes` gives (the rest stays as it is) and describes the mountpoint afterwards. */
  async edit(id: number, changes: EditMountpointDto): Promise<MountpointInfoDto> {
    const edit: StreamingEditRequest = compact({
      id,
      ...this.secrets.withSecret(id),
      new_description: changes.description,
      new_metadata: changes.metadata,
      new_pin: changes.pin,
      new_is_private: changes.is_private,
      permanent: changes.permanent,
      edited_event: changes.edited_event,
    });
    return this.changeMountpoint(id, async (streaming) => {
      await streaming.edit(edit);
      return this.describeOn(streaming, id, true);
    });
  }

  /** Destroys a mountpoint (`permanent`: also in Janus's config file); its viewers are hung up. */
  async destroy(id: number, permanent?: boolean): Promise<void> {
    await this.changeMountpoint(id, (streaming) =>
      streaming.destroy(compact({ id, permanent, ...this.secrets.withSecret(id) })),
    );
    await this.pool.forgetRoom('streaming', id);
  }

  async enable(id: number): Promise<void> {
    await this.changeMountpoint(id, (streaming) => streaming.enable({ id, ...this.secrets.withSecret(id) }));
  }

  /**
   * Refuses new viewers (Janus 1.1.2 keeps the current ones). `stopRecording` first stops the streams that record:
   * Janus's own `stop_recording` crashes Janus 1.1.2-1.4.1 on a stream that does not record, so it is never sent.
   */
  async disable(id: number, stopRecording = false): Promise<void> {
    await this.changeMountpoint(id, async (streaming) => {
      if (stopRecording) {
        const media = (await this.describeOn(streaming, id, true)).media ?? [];
        const recording = media.filter((m) => m.recording !== undefined);
        if (recording.length > 0) {
          await streaming.recording({
            id,
            action: 'stop',
            media: recording.map((m) => ({ mid: m.mid })),
            ...this.secrets.withSecret(id),
          });
        }
      }
      await streaming.disable({ id, stop_recording: false, ...this.secrets.withSecret(id) });
    });
  }

  /**
   * Records every stream of an RTP mountpoint to `STREAMING_RECORDING_DIR` on the Janus host (`FORBIDDEN` when it
   * is not set), one `.mjr` file per stream.
   */
  async startRecording(id: number): Promise<RecordingStartedDto> {
    const dir = this.config.streamingRecordingDir;
    if (!dir) throw new AppError('FORBIDDEN', RECORDING_OFF);
    return this.changeMountpoint(id, async (streaming) => {
      const info = await this.describeOn(streaming, id, true);
      const stamp = Date.now();
      const files = (info.media ?? []).map((m) => ({
        mid: m.mid,
        filename: `${dir.replace(/\/+$/, '')}/mountpoint-${id}-${stamp}-${m.mid.replace(/[^A-Za-z0-9_-]/g, '_')}`,
      }));
      await streaming.recording({ id, action: 'start', media: files, ...this.secrets.withSecret(id) });
      return { id, files };
    });
  }

  /** Stops recording every stream of the mountpoint (streams that do not record are left alone). */
  async stopRecording(id: number): Promise<void> {
    await this.changeMountpoint(id, async (streaming) => {
      const info = await this.describeOn(streaming, id, true);
      const media = (info.media ?? []).map((m) => ({ mid: m.mid }));
      await streaming.recording({ id, action: 'stop', media, ...this.secrets.withSecret(id) });
    });
  }

  /** Hangs up every viewer of the mountpoint (they are told `kicked` and may watch again). */
  async kickAll(id: number): Promise<void> {
    await this.changeMountpoint(id, (streaming) => streaming.kickAll({ id, ...this.secrets.withSecret(id) }));
  }

  private shapeInfo(info: StreamingMountpointInfo): MountpointInfoDto {
    const shaped: Record<string, unknown> = { ...info, id: numericId(info.id) };
    delete shaped.secret;
    return shaped as unknown as MountpointInfoDto;
  }
}
