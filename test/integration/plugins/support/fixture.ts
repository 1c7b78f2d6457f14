import { JanusConnection, type JanusSession } from 'nestjs-janus';
import { startJanus, type JanusInstance, type StartJanusOptions } from '../../../../tools/janus-harness/index.js';

/** A private Janus, one connection to it and one session on it. */
export interface PluginFixture {
  readonly janus: JanusInstance;
  readonly connection: JanusConnection;
  readonly session: JanusSession;
  /** Closes the connection and stops Janus. */
  close(): Promise<void>;
}

/** Starts a Janus (own config, own ports), connects and creates a session. */
export async function openFixture(options: StartJanusOptions = {}): Promise<PluginFixture> {
  const janus = await startJanus(options);
  try {
    const connection = await JanusConnection.connect({
      servers: [{ url: janus.wsUrl, apiSecret: janus.apiSecret }],
      logger: false,
    });
    const session = await connection.createSession();
    return {
      janus,
      connection,
      session,
      async close() {
        await connection.close();
        await janus.stop();
      },
    };
  } catch (err) {
    await janus.stop();
    throw err;
  }
}
