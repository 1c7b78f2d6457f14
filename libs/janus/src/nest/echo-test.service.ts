import type { JanusAttachOptions, JanusSession } from '../core/session.js';
import { EchoTestPlugin, type EchoTestHandle } from '../plugins/echotest/echotest.plugin.js';
import type { JanusService } from './janus.service.js';

/**
 * The EchoTest plugin as a Nest provider. Inject it by type for the default connection, or with
 * `@InjectEchoTest(name)`.
 *
 * ```ts
 * const echo = await this.echoTest.attach(session);
 * const { jsep: answer } = await echo.configure({ audio: true, video: true }, offer);
 * ```
 */
export class EchoTestService {
  /** @internal Built by `JanusModule`. */
  constructor(
    /** The connection this service uses. */
    readonly janus: JanusService,
  ) {}

  /**
   * Attaches a new EchoTest handle to `session`, or to the connection's shared session when omitted. The caller
   * owns it: detach it when done.
   */
  async attach(session?: JanusSession, options?: JanusAttachOptions): Promise<EchoTestHandle> {
    return (session ?? (await this.janus.sharedSession())).attach(EchoTestPlugin, options);
  }
}
