export { VideoRoomHandle, VideoRoomPlugin } from './videoroom.plugin.js';
export * from './videoroom.events.js';
export * from './videoroom.types.js';
