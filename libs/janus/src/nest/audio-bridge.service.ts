import { AudioBridgePlugin } from '../plugins/audiobridge/audiobridge.plugin.js';
import { definePluginService } from './define-plugin-service.js';

/**
 * The AudioBridge plugin as a Nest provider: `attach()` gives participant handles, and room management runs on a
 * managed handle (attached on first use, attached again after Janus restarts). The methods are
 * `AudioBridgeHandle`'s own; `request(name, body)` reaches any other request by its wire name.
 *
 * Not registered by `JanusModule.forRoot`: opt in with `JanusModule.forFeature([AudioBridgeService])`.
 *
 * ```ts
 * constructor(private readonly audioBridge: AudioBridgeService) {}
 * await this.audioBridge.create({ room: 42, description: 'call' });
 * ```
 */
export class AudioBridgeService extends definePluginService(AudioBridgePlugin, {
  opaqueId: 'nestjs-janus:audiobridge-admin',
  methods: [
    'create',
    'edit',
    'destroy',
    'exists',
    'list',
    'allowed',
    'listParticipants',
    'kick',
    'kickAll',
    'mute',
    'unmute',
    'muteRoom',
    'unmuteRoom',
    'suspend',
    'resume',
    'enableRecording',
    'enableMjrs',
    'rtpForward',
    'stopRtpForward',
    'listForwarders',
    'playFile',
    'isPlaying',
    'stopFile',
    'listAnnouncements',
    'stopAllFiles',
    'enableDenoise',
    'disableDenoise',
  ],
}) {}
