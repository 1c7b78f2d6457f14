export { AudioBridgeHandle, AudioBridgePlugin } from './audiobridge.plugin.js';
export * from './audiobridge.events.js';
export * from './audiobridge.types.js';
