import { Injectable } from '@nestjs/common';
import { JanusPool, TEXTROOM_PLACEMENT } from '../janus/index.js';
import { type TextRoomListedRoom, type TextRoomParticipant, type TextRoomService } from 'nestjs-janus';
import { TextRoomSecrets } from '../room-admin/index.js';
import type { AllowDto } from '../room-admin/dto/room-admin.dto.js';
import type { TextRoomCreateDto, TextRoomEditDto } from './dto/textroom.dto.js';

/** A room as the app tells it: Janus's `list` entry (rooms have numeric ids here). */
export type TextRoomInfo = Omit<TextRoomListedRoom, 'room'> & { room: number };

/**
 * TextRoom room administration for every transport (the `/textroom` gateway's admin events and the REST API):
 * each operation builds the TextRoom request on the shared management handle, adds the server's room secret and
 * admin key (`TEXTROOM_*`; never from a client) and shapes Janus's reply once. Who may call what is the
 * transports' business (the admin role).
 */
@Injectable()
export class TextRoomAdminService {
  constructor(
    private readonly pool: JanusPool,
    private readonly secrets: TextRoomSecrets,
  ) {}

  /** The TextRoom service of the server that holds the TextRoom rooms (all share one placement). */
  private async textRoom(): Promise<TextRoomService> {
    return (await this.pool.serverForRoom('textroom', TEXTROOM_PLACEMENT)).textRoom;
  }

  /** The public rooms. */
  async listRooms(): Promise<TextRoomInfo[]> {
    const { list } = await (await this.textRoom()).list();
    return list.map((r) => ({ ...r, room: Number(r.room) }));
  }

  async exists(room: number): Promise<boolean> {
    return (await (await this.textRoom()).exists({ room })).exists;
  }

  /** Who is in the room, by username. */
  async listParticipants(room: number): Promise<{ room: number; participants: TextRoomParticipant[] }> {
    const { participants } = await (await this.textRoom()).listParticipants({ room });
    return { room, participants };
  }

  /** Creates a room with the options the DTO allows; it gets the server's secret and admin key. */
  async create(options: TextRoomCreateDto): Promise<{ room: number; permanent: boolean }> {
    const { room, description, is_private, pin, permanent, history, allowed } = options;
    const created = await (
      await this.textRoom()
    ).create({
      room,
      description,
      is_private,
      pin,
      permanent,
      history,
      allowed,
      ...this.secrets.forCreate(),
    });
    return { room: Number(created.room), permanent: created.permanent };
  }

  /** Changes what the DTO gives; the rest stays as it is. */
  async edit(
    room: number,
    { new_description, new_pin, new_is_private, permanent }: Omit<TextRoomEditDto, 'room'>,
  ): Promise<{ room: number; permanent: boolean }> {
    const edited = await (
      await this.textRoom()
    ).edit({
      room,
      new_description,
      new_pin,
      new_is_private,
      permanent,
      ...this.secrets.withSecret(room),
    });
    return { room, permanent: edited.permanent };
  }

  /** Destroys a room (`permanent`: also in Janus's config file); its participants are told on their data channel. */
  async destroy(room: number, permanent?: boolean): Promise<void> {
    await (await this.textRoom()).destroy({ room, permanent, ...this.secrets.withSecret(room) });
  }

  /** Removes the participant `username` from the room. */
  async kick(room: number, username: string): Promise<void> {
    await (await this.textRoom()).kick({ room, username, ...this.secrets.withSecret(room) });
  }

  /** Sends `text` to every participant of the room, from the room itself. */
  async announce(room: number, text: string): Promise<void> {
    await (await this.textRoom()).announcement({ room, text, ...this.secrets.withSecret(room) });
  }

  /** Turns the token check on join on or off, or adds or removes tokens; answers the whole list when Janus gives it. */
  async updateAllowed(
    room: number,
    { action, list }: Omit<AllowDto, 'room'>,
  ): Promise<{ room: number; list?: string[] }> {
    const reply = await (
      await this.textRoom()
    ).allowed({
      room,
      action,
      ...(list ? { allowed: list } : {}),
      ...this.secrets.withSecret(room),
    });
    return { room, ...(reply.allowed ? { list: reply.allowed } : {}) };
  }
}
