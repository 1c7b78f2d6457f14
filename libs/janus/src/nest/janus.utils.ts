import { DEFAULT_JANUS_CONNECTION } from './janus.constants.js';
import { EchoTestService } from './echo-test.service.js';
import { JanusService } from './janus.service.js';
import { VideoRoomService } from './video-room.service.js';

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

/** Injection token of the {@link VideoRoomService} of a connection: the class itself for the default connection. */
export function getVideoRoomServiceToken(name?: string): typeof VideoRoomService | string {
  return isDefault(name) ? VideoRoomService : `VideoRoomService:${name}`;
}

/** Injection token of the {@link EchoTestService} of a connection: the class itself for the default connection. */
export function getEchoTestServiceToken(name?: string): typeof EchoTestService | string {
  return isDefault(name) ? EchoTestService : `EchoTestService:${name}`;
}
