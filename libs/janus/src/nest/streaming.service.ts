import { StreamingPlugin } from '../plugins/streaming/streaming.plugin.js';
import { definePluginService } from './define-plugin-service.js';

/**
 * The Streaming plugin as a Nest provider: `attach()` gives viewer handles, and mountpoint management runs on a
 * managed handle (attached on first use to the connection's shared session, again after it is lost). Those
 * methods are `StreamingHandle`'s own; `request(name, body)` reaches any other request by its wire name.
 *
 * Not registered by `JanusModule.forRoot`: opt in with `JanusModule.forFeature([StreamingService])`.
 *
 * ```ts
 * constructor(private readonly streaming: StreamingService) {}
 * const { stream } = await this.streaming.create({ type: 'rtp', media: [{ type: 'video', mid: 'v', port: 0, pt: 96, codec: 'vp8' }] });
 * const viewer = await this.streaming.attach(); // a StreamingHandle; detach it when done
 * ```
 */
export class StreamingService extends definePluginService(StreamingPlugin, {
  opaqueId: 'nestjs-janus:streaming-admin',
  methods: ['list', 'info', 'create', 'edit', 'destroy', 'recording', 'enable', 'disable', 'kickAll'],
}) {}
