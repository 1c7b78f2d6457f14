import { Inject } from '@nestjs/common';
import type { JanusPluginClass } from '../core/handle.js';
import type { JanusAnyPluginHandle } from '../plugins/plugin.js';
import {
  getEchoTestServiceToken,
  getJanusConnectionToken,
  getJanusServiceToken,
  getPluginServiceToken,
  getVideoRoomServiceToken,
} from './janus.utils.js';

/**
 * Injects the {@link JanusService} of a connection: `@InjectJanus() janus: JanusService` for the default one
 * (plain constructor typing works too), `@InjectJanus('b')` for the connection registered with `name: 'b'`.
 */
export function InjectJanus(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getJanusServiceToken(name));
}

/** Injects the underlying `JanusConnection` of a connection (default one when `name` is omitted). */
export function InjectJanusConnection(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getJanusConnectionToken(name));
}

/** Injects the {@link VideoRoomService} of a connection (default one when `name` is omitted). */
export function InjectVideoRoom(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getVideoRoomServiceToken(name));
}

/** Injects the {@link EchoTestService} of a connection (default one when `name` is omitted). */
export function InjectEchoTest(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getEchoTestServiceToken(name));
}

/**
 * Injects the service of plugin class `plugin` (a `JanusPluginService`) on a connection (default one when `name`
 * is omitted); register it with `JanusModule.forFeature([plugin], { name })` (`forRoot` registers VideoRoom and
 * EchoTest). Type the parameter `JanusPluginServiceOf<typeof Plugin>`.
 */
export function InjectPlugin(
  plugin: JanusPluginClass<JanusAnyPluginHandle>,
  name?: string,
): PropertyDecorator & ParameterDecorator {
  return Inject(getPluginServiceToken(plugin, name));
}
