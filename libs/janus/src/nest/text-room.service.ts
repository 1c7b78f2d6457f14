import { TextRoomPlugin } from '../plugins/textroom/textroom.plugin.js';
import { definePluginService } from './define-plugin-service.js';

/**
 * The TextRoom plugin as a Nest provider: room management runs on a managed handle of the connection's shared
 * session (attached on first use, again after Janus restarted); `attach()` gives a `TextRoomHandle` of its own for
 * a browser's data channel (`setup` / `ack`). The methods are `TextRoomHandle`'s (same names, bodies, replies).
 *
 * `JanusModule.forRoot` does not register it: opt in with `JanusModule.forFeature([TextRoomService])`.
 *
 * ```ts
 * constructor(private readonly textRoom: TextRoomService) {}
 * const { room } = await this.textRoom.create({ description: 'lobby' });
 * await this.textRoom.announcement({ room, text: 'hello' });
 * ```
 */
export class TextRoomService extends definePluginService(TextRoomPlugin, {
  opaqueId: 'nestjs-janus:textroom-admin',
  methods: ['create', 'edit', 'destroy', 'exists', 'list', 'listParticipants', 'allowed', 'kick', 'announcement'],
}) {}
