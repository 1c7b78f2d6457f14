export { TextRoomHandle, TextRoomPlugin } from './textroom.plugin.js';
export * from './textroom.events.js';
export * from './textroom.types.js';
