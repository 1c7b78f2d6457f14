import { Injectable } from '@nestjs/common';
import { AppConfig, type PluginSecretsConfig } from '../config/index.js';

/**
 * One plugin's room (or mountpoint) secrets and `admin_key`, from the server's config. They are added to the
 * requests the app sends to Janus and never come from (or go to) a browser. Each plugin has its injectable subclass.
 */
export class PluginSecrets {
  constructor(private readonly config: PluginSecretsConfig) {}

  /** The secret of room (or mountpoint) `id`: the listed one, else the default secret, if any. */
  secretFor(id: number): string | undefined {
    return this.config.roomSecrets.get(id) ?? this.config.defaultSecret;
  }

  /** `{ secret }` for a request about `id`, or nothing when it has none. */
  withSecret(id: number): { secret?: string } {
    const secret = this.secretFor(id);
    return secret === undefined ? {} : { secret };
  }

  /** The secret a room created by the app gets (the default secret), and the plugin's `admin_key`. */
  forCreate(): { secret?: string; admin_key?: string } {
    const { defaultSecret, adminKey } = this.config;
    return { ...(defaultSecret ? { secret: defaultSecret } : {}), ...(adminKey ? { admin_key: adminKey } : {}) };
  }

  /** The plugin's `admin_key`, when Janus requires it (e.g. for RTP forwarding when locked). */
  adminKey(): { admin_key?: string } {
    const { adminKey } = this.config;
    return adminKey ? { admin_key: adminKey } : {};
  }
}

/** The VideoRoom's: `VIDEOROOM_ROOM_SECRETS`, `VIDEOROOM_DEFAULT_SECRET`, `VIDEOROOM_ADMIN_KEY`. */
@Injectable()
export class RoomSecrets extends PluginSecrets {
  constructor(config: AppConfig) {
    super(config.videoRoom);
  }
}

/** The AudioBridge's: `AUDIOBRIDGE_ROOM_SECRETS`, `AUDIOBRIDGE_DEFAULT_SECRET`, `AUDIOBRIDGE_ADMIN_KEY`. */
@Injectable()
export class AudioBridgeSecrets extends PluginSecrets {
  constructor(config: AppConfig) {
    super(config.audioBridge);
  }
}

/** The Streaming's: `STREAMING_MOUNTPOINT_SECRETS`, `STREAMING_DEFAULT_SECRET`, `STREAMING_ADMIN_KEY`. */
@Injectable()
export class StreamingSecrets extends PluginSecrets {
  constructor(config: AppConfig) {
    super(config.streaming);
  }
}

/** The TextRoom's: `TEXTROOM_ROOM_SECRETS`, `TEXTROOM_DEFAULT_SECRET`, `TEXTROOM_ADMIN_KEY`. */
@Injectable()
export class TextRoomSecrets extends PluginSecrets {
  constructor(config: AppConfig) {
    super(config.textRoom);
  }
}
