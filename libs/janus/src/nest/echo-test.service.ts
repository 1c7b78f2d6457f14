import { EchoTestPlugin } from '../plugins/echotest/echotest.plugin.js';
import { definePluginService } from './define-plugin-service.js';

/**
 * The EchoTest plugin as a Nest provider: `attach(session?)` gives an `EchoTestHandle` the caller owns.
 *
 * `JanusModule.forRoot` registers it for every connection: inject it by type for the default connection, or with
 * `@InjectEchoTest(name)` (or `@InjectPlugin(EchoTestPlugin, name)`).
 *
 * ```ts
 * const echo = await this.echoTest.attach(session);
 * const { jsep: answer } = await echo.configure({ audio: true, video: true }, offer);
 * ```
 */
export class EchoTestService extends definePluginService(EchoTestPlugin, { opaqueId: 'nestjs-janus:echotest' }) {}
