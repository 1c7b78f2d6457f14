export { EchoTestHandle, EchoTestPlugin, toEchoTestEvent, mapEchoTestEvent } from './echotest.plugin.js';
export * from './echotest.types.js';
