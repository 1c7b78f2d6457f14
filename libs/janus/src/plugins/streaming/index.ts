export { StreamingHandle, StreamingPlugin } from './streaming.plugin.js';
export * from './streaming.events.js';
export * from './streaming.types.js';
