import { filter, type Observable } from 'rxjs';
import type { JanusPluginClass, JanusRequestOptions } from '../../core/handle.js';
import type { JanusPluginReply, Jsep } from '../../interfaces/protocol.interface.js';
import { JanusPluginHandle } from '../plugin.js';
import { toPluginEvent } from '../plugin.events.js';
import type {
  EchoTestEvent,
  EchoTestRequests,
  EchoTestResultEvent,
  EchoTestResultReply,
  EchoTestSettings,
  EchoTestSimulcastEvent,
  EchoTestSvcEvent,
} from './echotest.types.js';

/**
 * A handle on the EchoTest plugin (`janus.plugin.echotest`): Janus sends back the media it receives.
 *
 * ```ts
 * const echo = await session.attach(EchoTestPlugin);
 * const { jsep } = await echo.configure({ audio: true, video: true }, offer); // jsep: Janus's answer
 * echo.done$.subscribe(() => console.log('PeerConnection gone'));
 * ```
 */
export class EchoTestHandle extends JanusPluginHandle<EchoTestRequests, EchoTestEvent> {
  /** Janus plugin package name. */
  static readonly pluginName = 'janus.plugin.echotest';

  private doneStream?: Observable<EchoTestResultEvent>;

  /**
   * Sends the EchoTest's one request: changes settings and, with a JSEP offer, negotiates a PeerConnection
   * (the reply then carries Janus's answer). Resolves on `result: "ok"`.
   */
  configure(
    settings: EchoTestSettings,
    jsep?: Jsep,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<EchoTestResultReply>> {
    return this.request('configure', settings, { ...options, jsep });
  }

  /** `result` events: `done` when the PeerConnection went away. */
  get result$(): Observable<EchoTestResultEvent> {
    return this.eventsOfType('result');
  }

  /** Emits when Janus reports the echo session over (`result: "done"`, the PeerConnection went away). */
  get done$(): Observable<EchoTestResultEvent> {
    this.doneStream ??= this.eventsOfType('result').pipe(filter((event) => event.result === 'done'));
    return this.doneStream;
  }

  /** Simulcast substream / temporal layer changes. */
  get simulcast$(): Observable<EchoTestSimulcastEvent> {
    return this.eventsOfType('simulcast');
  }

  /** EchoTest requests carry no `request` name: the body is the settings alone. */
  protected override encodeRequest(_name: string, body: object): object {
    return body;
  }

  /** Maps EchoTest plugin events to {@link EchoTestEvent} (errors and unrecognised events are the base class's). */
  protected override toEvent(data: Record<string, unknown>): EchoTestEvent | undefined {
    return mapEchoTestEvent(data);
  }
}

/** `session.attach(EchoTestPlugin)` resolves with an {@link EchoTestHandle}. */
export const EchoTestPlugin: JanusPluginClass<EchoTestHandle> = EchoTestHandle;

/**
 * What `EchoTestHandle.events$` emits for one EchoTest `plugindata.data`: the event {@link mapEchoTestEvent} makes
 * of it, or the `error` / `unknown` event every plugin handle falls back to.
 */
export function toEchoTestEvent(data: Record<string, unknown>): EchoTestEvent {
  return toPluginEvent(data, undefined, mapEchoTestEvent);
}

/**
 * The EchoTest mapper: one EchoTest `plugindata.data` to the EchoTest event it is, or `undefined` when it does not
 * recognise it. Errors and unrecognised events are the handle's (`error`, `unknown`).
 */
export function mapEchoTestEvent(data: Record<string, unknown>): EchoTestEvent | undefined {
  if (data.result === 'ok' || data.result === 'done') return { type: 'result', result: data.result };
  if (data.event === 'slow_link' && (data.media === 'audio' || data.media === 'video')) {
    const event: EchoTestEvent = { type: 'slow-link', media: data.media };
    if (typeof data['current-bitrate'] === 'number') event['current-bitrate'] = data['current-bitrate'];
    return event;
  }
  if (typeof data.substream === 'number' || typeof data.temporal === 'number') {
    const event: EchoTestSimulcastEvent = { type: 'simulcast' };
    if (typeof data.videocodec === 'string') event.videocodec = data.videocodec;
    if (typeof data.substream === 'number') event.substream = data.substream;
    if (typeof data.temporal === 'number') event.temporal = data.temporal;
    if (typeof data.tot_temporal_layers === 'number') event.tot_temporal_layers = data.tot_temporal_layers;
    return event;
  }
  // Janus 1.1.4+: SVC layer changes.
  if (typeof data.spatial_layer === 'number' || typeof data.temporal_layer === 'number') {
    const event: EchoTestSvcEvent = { type: 'svc' };
    if (typeof data.videocodec === 'string') event.videocodec = data.videocodec;
    if (typeof data.spatial_layer === 'number') event.spatial_layer = data.spatial_layer;
    if (typeof data.temporal_layer === 'number') event.temporal_layer = data.temporal_layer;
    if (typeof data.tot_spatial_layers === 'number') event.tot_spatial_layers = data.tot_spatial_layers;
    if (typeof data.tot_temporal_layers === 'number') event.tot_temporal_layers = data.tot_temporal_layers;
    return event;
  }
  return undefined;
}
