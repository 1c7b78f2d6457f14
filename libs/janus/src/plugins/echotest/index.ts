export { EchoTestHandle, EchoTestPlugin, toEchoTestEvent } from './echotest.plugin.js';
export * from './echotest.types.js';
