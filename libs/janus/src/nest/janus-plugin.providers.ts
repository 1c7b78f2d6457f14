import type { InjectionToken, Provider } from '@nestjs/common';
import type { JanusPluginClass } from '../core/handle.js';
import type { JanusAnyPluginHandle } from '../plugins/plugin.js';
import type { JanusPluginFeature, JanusPluginServiceType } from './interfaces/janus-feature.interface.js';
import { EchoTestService } from './echo-test.service.js';
import { JanusPluginService } from './janus-plugin.service.js';
import type { JanusService } from './janus.service.js';
import { getJanusCoreToken, getPluginServiceClassToken, getPluginServiceToken } from './janus.utils.js';
import { VideoRoomService } from './video-room.service.js';

/** The services `JanusModule.forRoot` registers for every connection; `forFeature` of their plugins gives them too. */
export const BUILT_IN_PLUGIN_SERVICES: readonly JanusPluginServiceType[] = [VideoRoomService, EchoTestService];

type PluginClass = JanusPluginClass<JanusAnyPluginHandle>;
type ServiceClass = JanusPluginServiceType | typeof JanusPluginService;

/**
 * The services built so far, by connection, plugin class and service class: one instance each (so one managed
 * handle), however many modules register it.
 */
const instances = new WeakMap<
  JanusService,
  Map<PluginClass, Map<ServiceClass, JanusPluginService<JanusAnyPluginHandle>>>
>();

function isServiceClass(feature: JanusPluginFeature): feature is JanusPluginServiceType {
  return typeof (feature as Partial<JanusPluginServiceType>).plugin === 'function';
}

/** The service of `plugin` on `janus`: an instance of `service`, or of `JanusPluginService` itself. */
function pluginService(
  janus: JanusService,
  plugin: PluginClass,
  service: JanusPluginServiceType | undefined,
): JanusPluginService<JanusAnyPluginHandle> {
  let byPlugin = instances.get(janus);
  if (!byPlugin) instances.set(janus, (byPlugin = new Map()));
  let byService = byPlugin.get(plugin);
  if (!byService) byPlugin.set(plugin, (byService = new Map()));
  const key = service ?? JanusPluginService;
  let instance = byService.get(key);
  if (!instance) {
    instance = service ? new service(janus) : new JanusPluginService(janus, plugin);
    byService.set(key, instance);
  }
  return instance;
}

/** The providers of `features` on connection `name`, and the tokens to export. */
export function createPluginServiceProviders(
  features: readonly JanusPluginFeature[],
  name: string,
): { providers: Provider[]; exports: InjectionToken[] } {
  const providers: Provider[] = [];
  const exports: InjectionToken[] = [];
  for (const feature of features) {
    const plugin = isServiceClass(feature) ? feature.plugin : feature;
    const service = isServiceClass(feature) ? feature : BUILT_IN_PLUGIN_SERVICES.find((s) => s.plugin === feature);
    const token = getPluginServiceToken(plugin, name);
    providers.push({
      provide: token,
      useFactory: (janus: JanusService) => pluginService(janus, plugin, service),
      inject: [getJanusCoreToken(name)],
    });
    exports.push(token);
    if (service) {
      const classToken = getPluginServiceClassToken(service, name);
      providers.push({ provide: classToken, useExisting: token });
      exports.push(classToken);
    }
  }
  return { providers, exports };
}
