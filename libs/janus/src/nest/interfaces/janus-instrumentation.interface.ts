import type { JanusConnection } from '../../core/connection.js';

/**
 * Something that observes the connections `JanusModule` creates (metrics, tracing). Provide it under
 * `JANUS_INSTRUMENTATION` from a global module; `nestjs-janus/metrics` does.
 */
export interface JanusInstrumentation {
  /** Called once per connection, before it connects; `name` is the connection name (`default` when unnamed). */
  instrument(connection: JanusConnection, name: string): void;
}
