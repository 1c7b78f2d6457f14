import type { Jsep } from '../interfaces/protocol.interface.js';

/** What every plugin event carries: a string `type` that discriminates the plugin's event union. */
export interface JanusPluginEventBase {
  type: string;
}

/**
 * A plugin pushed an error outside the reply to a request (`error_code` in an event). Every plugin handle emits it
 * on `events$`: plugin mappers never see such events.
 */
export interface JanusPluginErrorEvent {
  type: 'error';
  /** The plugin's error code (e.g. one of `VideoRoomErrorCode`). */
  error_code: number;
  /** The plugin's message (empty when it sent none). */
  error: string;
}

/**
 * A plugin event the handle's mapper does not recognise (a newer Janus, or a plugin wrapped without a mapper),
 * carrying Janus's data as is: kept, never dropped.
 */
export interface JanusPluginUnknownEvent {
  type: 'unknown';
  /** `plugindata.data` as Janus sent it. */
  data: Record<string, unknown>;
  /** The JSEP Janus sent with it, if any. */
  jsep?: Jsep;
}

/** What a plugin handle's `events$` emits: the plugin's own events plus the error and unknown fallbacks. */
export type JanusPluginEvent<TEvent extends JanusPluginEventBase> =
  TEvent | JanusPluginErrorEvent | JanusPluginUnknownEvent;

/**
 * The mapping every plugin handle applies to a plugin event: an `error_code` becomes a {@link JanusPluginErrorEvent};
 * anything else goes to `toEvent` (the plugin's mapper), and what it does not recognise (`undefined`) becomes a
 * {@link JanusPluginUnknownEvent}.
 */
export function toPluginEvent<TEvent extends JanusPluginEventBase>(
  data: Record<string, unknown>,
  jsep: Jsep | undefined,
  toEvent: (data: Record<string, unknown>, jsep: Jsep | undefined) => TEvent | undefined,
): JanusPluginEvent<TEvent> {
  return pluginErrorEvent(data) ?? toEvent(data, jsep) ?? unknownPluginEvent(data, jsep);
}

/** The {@link JanusPluginErrorEvent} of a plugin event with an `error_code`, else `undefined`. */
export function pluginErrorEvent(data: Record<string, unknown>): JanusPluginErrorEvent | undefined {
  if (typeof data.error_code !== 'number') return undefined;
  return { type: 'error', error_code: data.error_code, error: typeof data.error === 'string' ? data.error : '' };
}

/** A plugin event no mapper recognised, as a {@link JanusPluginUnknownEvent}. */
export function unknownPluginEvent(data: Record<string, unknown>, jsep: Jsep | undefined): JanusPluginUnknownEvent {
  return jsep ? { type: 'unknown', data, jsep } : { type: 'unknown', data };
}
