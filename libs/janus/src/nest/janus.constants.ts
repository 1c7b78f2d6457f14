/** Name of the connection registered without a `name`. */
export const DEFAULT_JANUS_CONNECTION = 'default';

/** Logger context of the default connection (named connections log as `Janus:<name>`). */
export const JANUS_LOGGER_CONTEXT = 'Janus';

/**
 * Injection token of an optional {@link JanusInstrumentation}: when a (global) module provides it, every
 * connection `JanusModule` creates is handed to it before it connects. `nestjs-janus/metrics` provides it.
 */
export const JANUS_INSTRUMENTATION = 'nestjs-janus:instrumentation';

/**
 * `connectTimeoutMs` used by `lazy` connections that set none: keep trying until a server answers.
 * @internal
 */
export const LAZY_CONNECT_TIMEOUT_MS = Number.MAX_SAFE_INTEGER;
