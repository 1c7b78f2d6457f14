import { DEFAULT_JANUS_CONNECTION } from './janus.constants.js';
import { JanusService } from './janus.service.js';

/** The connection name, or `default` when none is given. */
export function janusConnectionName(name?: string): string {
  return name ?? DEFAULT_JANUS_CONNECTION;
}

function isDefault(name?: string): boolean {
  return name === undefined || name === DEFAULT_JANUS_CONNECTION;
}

/** Injection token of the {@link JanusService} of a connection: the class itself for the default connection. */
export function getJanusServiceToken(name?: string): typeof JanusService | string {
  return isDefault(name) ? JanusService : `JanusService:${name}`;
}

/** Injection token of the underlying `JanusConnection` of a connection. */
export function getJanusConnectionToken(name?: string): string {
  return `JanusConnection:${janusConnectionName(name)}`;
}
