import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/index.js';

/**
 * Room secrets and the VideoRoom `admin_key` from the server's config. They are added to the requests the app sends
 * to Janus and never come from (or go to) a browser.
 */
@Injectable()
export class RoomSecrets {
  constructor(private readonly config: AppConfig) {}

  /** The secret of `room` (`VIDEOROOM_ROOM_SECRETS`, else `VIDEOROOM_DEFAULT_SECRET`), if any. */
  secretFor(room: number): string | undefined {
    return this.config.videoRoom.roomSecrets.get(room) ?? this.config.videoRoom.defaultSecret;
  }

  /** `{ secret }` for a request about `room`, or nothing when the room has none. */
  withSecret(room: number): { secret?: string } {
    const secret = this.secretFor(room);
    return secret === undefined ? {} : { secret };
  }

  /** The secret a room created by the app gets (`VIDEOROOM_DEFAULT_SECRET`), and the plugin's `admin_key`. */
  forCreate(): { secret?: string; admin_key?: string } {
    const { defaultSecret, adminKey } = this.config.videoRoom;
    return { ...(defaultSecret ? { secret: defaultSecret } : {}), ...(adminKey ? { admin_key: adminKey } : {}) };
  }

  /** The plugin's `admin_key`, when Janus requires it (e.g. for RTP forwarding when locked). */
  adminKey(): { admin_key?: string } {
    const { adminKey } = this.config.videoRoom;
    return adminKey ? { admin_key: adminKey } : {};
  }
}
