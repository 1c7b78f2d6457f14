import { filter, type Observable } from 'rxjs';
import { JanusHandle, type JanusPluginClass, type JanusRequestOptions } from '../core/handle.js';
import type { JanusPluginReply, Jsep } from '../interfaces/protocol.interface.js';
import {
  pluginErrorEvent,
  unknownPluginEvent,
  type JanusPluginEvent,
  type JanusPluginEventBase,
} from './plugin.events.js';

/**
 * One request of a plugin: the body the application sends (without the `request` name), the reply data, and how
 * Janus answers it. The return shape follows from that one rule, for every request of every plugin: a request
 * Janus answers synchronously (`{"janus":"success","plugindata":...}`) resolves with the reply data; one it
 * answers asynchronously (`ack`, then an `event`, which carries a `jsep` in negotiations) resolves with
 * `{ data, jsep? }`.
 *
 * ```ts
 * interface TextRoomRequests {
 *   exists: { body: { room: number }; reply: { textroom: 'success'; room: number; exists: boolean } }; // sync
 *   setup: { body: object; reply: { textroom: 'event'; result: 'ok' }; async: true }; // async, jsep: an offer
 * }
 * ```
 */
export interface JanusPluginRequestSpec<TBody extends object = object, TReply = unknown> {
  /** What the application passes (Janus's request fields minus `request`). */
  body: TBody;
  /** The plugin's `data` in the reply (the `success`, or the `event` that ends an asynchronous request). */
  reply: TReply;
  /**
   * `true` when Janus answers asynchronously (`ack`, then an `event`): the request resolves with `{ data, jsep? }`.
   * Absent (or `false`) when Janus answers at once: the request resolves with the data. It must say what Janus
   * does: at run time the shape follows Janus's answer.
   */
  async?: boolean;
}

/**
 * Constraint for a plugin's request map: every key is a Janus request name, every value a
 * {@link JanusPluginRequestSpec}. Works with interfaces and type aliases alike.
 */
export type JanusPluginRequests<T> = { [K in keyof T]: JanusPluginRequestSpec };

/** The body type of request `K` of request map `T`. */
export type JanusPluginRequestBody<T, K extends keyof T> = T[K] extends { body: infer B extends object } ? B : never;

/** The reply data type of request `K` of request map `T`. */
export type JanusPluginRequestReply<T, K extends keyof T> = T[K] extends { reply: infer R } ? R : never;

/**
 * What request `K` of request map `T` resolves with: its reply data when Janus answers it synchronously,
 * `{ data, jsep? }` when it answers asynchronously (`async: true` in its {@link JanusPluginRequestSpec}).
 */
export type JanusPluginRequestResult<T, K extends keyof T> = T[K] extends { async: true }
  ? JanusPluginReply<JanusPluginRequestReply<T, K>>
  : JanusPluginRequestReply<T, K>;

/** Options of a plugin request: a timeout and, for negotiations, the JSEP offer or answer to send along. */
export interface JanusPluginRequestOptions extends JanusRequestOptions {
  /** JSEP offer/answer sent with the request. */
  jsep?: Jsep | undefined;
}

/** The `type` values of an event union whose members carry a string `type`. */
export type JanusPluginEventType<TEvent> = TEvent extends { type: infer K extends string } ? K : never;

/** Type-level only: where a plugin handle keeps its request map and event union (no value at run time). */
declare const pluginTypes: unique symbol;

/**
 * Base class of plugin handles: a {@link JanusHandle} (timeouts, typed errors, observables, detach) plus a
 * request method typed by a request map, so a wrong request name or body does not compile, and the event
 * mapping every plugin shares: `events$` emits the plugin's own events (what {@link toEvent} maps), a
 * `JanusPluginErrorEvent` (`type: 'error'`) for an `error_code` Janus pushes, and a `JanusPluginUnknownEvent`
 * (`type: 'unknown'`, Janus's data as is) for anything `toEvent` does not recognise: nothing is dropped.
 *
 * Built-in plugins (`EchoTestPlugin`, `VideoRoomPlugin`) extend it exactly as an application would; the core
 * knows nothing about them. To wrap your own plugin, extend it (or use {@link definePlugin}):
 *
 * ```ts
 * interface TextRoomRequests {
 *   list: { body: { admin_key?: string }; reply: { textroom: 'success'; list: Array<{ room: number }> } };
 *   exists: { body: { room: number }; reply: { textroom: 'success'; room: number; exists: boolean } };
 *   setup: { body: object; reply: { textroom: 'event'; result: 'ok' }; async: true };
 * }
 * type TextRoomEvent = { type: 'ok' };
 *
 * class TextRoomHandle extends JanusPluginHandle<TextRoomRequests, TextRoomEvent> {
 *   static readonly pluginName = 'janus.plugin.textroom';
 *   async exists(room: number): Promise<boolean> {
 *     return (await this.request('exists', { room })).exists; // synchronous: the reply data
 *   }
 *   protected override toEvent(data: Record<string, unknown>): TextRoomEvent | undefined {
 *     return data.result === 'ok' ? { type: 'ok' } : undefined; // undefined: emitted as `unknown`
 *   }
 * }
 * const handle = await session.attach(TextRoomHandle); // typed TextRoomHandle
 * const { jsep: offer } = await handle.request('setup', {}); // asynchronous: { data, jsep? }
 * ```
 */
export class JanusPluginHandle<
  TRequests extends JanusPluginRequests<TRequests>,
  TEvent extends JanusPluginEventBase = never,
> extends JanusHandle<JanusPluginEvent<TEvent>> {
  /** Type-level only (never set): the request map and event union, read by `JanusPluginRequestsOf` and friends. */
  declare readonly [pluginTypes]?: { requests: TRequests; events: TEvent };

  private typedStreams?: Map<string, Observable<unknown>>;

  /**
   * Sends request `name` with its typed body. Resolves with the reply data when Janus answers synchronously, with
   * `{ data, jsep? }` when it answers asynchronously (see {@link JanusPluginRequestSpec}). A plugin `error_code`
   * rejects with `JanusPluginError`; no reply in time rejects with `JanusTimeoutError`; a detached handle rejects
   * with `JanusHandleDetachedError`.
   */
  async request<K extends keyof TRequests & string>(
    name: K,
    body: JanusPluginRequestBody<TRequests, K>,
    options?: JanusPluginRequestOptions,
  ): Promise<JanusPluginRequestResult<TRequests, K>> {
    const { reply, async } = await this.sendMessage<JanusPluginRequestReply<TRequests, K>>(
      this.encodeRequest(name, body),
      options?.jsep,
      options,
    );
    return (async ? reply : reply.data) as JanusPluginRequestResult<TRequests, K>;
  }

  /**
   * Builds the message body Janus receives for request `name`. The default adds `request: name` (how most Janus
   * plugins name requests); plugins with a single unnamed request (EchoTest) override it.
   */
  protected encodeRequest(name: string, body: object): object {
    return { ...body, request: name };
  }

  /**
   * The plugin's mapper: one asynchronous plugin event (`plugindata.data`, and `jsep` when present) to one of the
   * plugin's events, or `undefined` when it does not recognise it (`events$` then emits it as `unknown`). Events
   * with an `error_code` never reach it. The default recognises nothing.
   */
  protected override toEvent(_data: Record<string, unknown>, _jsep: Jsep | undefined): TEvent | undefined {
    return undefined;
  }

  /** Errors and unrecognised events are mapped here, around {@link toEvent}. */
  protected override decodeEvent(data: Record<string, unknown>, jsep: Jsep | undefined): JanusPluginEvent<TEvent> {
    // Per frame: no closure around toEvent (toPluginEvent's steps, inlined).
    return pluginErrorEvent(data) ?? this.toEvent(data, jsep) ?? unknownPluginEvent(data, jsep);
  }

  /**
   * `events$` narrowed to the events whose `type` is one of `types` (one cached observable per set of types),
   * `error` and `unknown` included.
   */
  protected eventsOfType<K extends JanusPluginEventType<JanusPluginEvent<TEvent>>>(
    ...types: K[]
  ): Observable<Extract<JanusPluginEvent<TEvent>, { type: K }>> {
    type Selected = Extract<JanusPluginEvent<TEvent>, { type: K }>;
    const key = types.join('|');
    this.typedStreams ??= new Map();
    let stream = this.typedStreams.get(key) as Observable<Selected> | undefined;
    if (!stream) {
      const wanted = new Set<string>(types);
      stream = this.events$.pipe(filter((event): event is Selected => wanted.has(event.type)));
      this.typedStreams.set(key, stream);
    }
    return stream;
  }
}

/** Any plugin handle, whatever its request map and events. */
export type JanusAnyPluginHandle = JanusPluginHandle<object, JanusPluginEventBase>;

/** The request map of plugin handle type `H` (e.g. `JanusPluginRequestsOf<VideoRoomHandle>`). */
export type JanusPluginRequestsOf<H> = H extends { readonly [pluginTypes]?: { requests: infer R } } ? R : never;

/** The plugin's own event union of plugin handle type `H` (without the `error`/`unknown` fallbacks). */
export type JanusPluginEventsOf<H> = H extends { readonly [pluginTypes]?: { events: infer E } } ? E : never;

/** What {@link definePlugin} needs to know about a plugin. */
export interface JanusPluginDefinition<TEvent> {
  /** Janus plugin package name, e.g. `janus.plugin.textroom`. */
  pluginName: string;
  /**
   * Maps one asynchronous plugin event (`plugindata.data`, plus `jsep` when present) to one of the plugin's events;
   * `undefined` when it does not recognise it (emitted as `unknown`). Without it every event is `unknown` (carrying
   * Janus's data); events with an `error_code` are `error` events either way.
   */
  toEvent?: ((data: Record<string, unknown>, jsep: Jsep | undefined) => TEvent | undefined) | undefined;
  /** Builds the message body for request `name` (default: the body plus `request: name`). */
  encodeRequest?: ((name: string, body: object) => object) | undefined;
}

/**
 * Defines a plugin wrapper without writing a class: the result is usable as `session.attach(Plugin)` and
 * `JanusModule.forFeature([Plugin])`, and gives a {@link JanusPluginHandle} typed by `TRequests` and `TEvent`.
 *
 * ```ts
 * type TextRoomRequests = {
 *   list: { body: { admin_key?: string }; reply: { textroom: 'success'; list: Array<{ room: number }> } };
 *   exists: { body: { room: number }; reply: { textroom: 'success'; room: number; exists: boolean } };
 * };
 * const TextRoomPlugin = definePlugin<TextRoomRequests>({ pluginName: 'janus.plugin.textroom' });
 * const textroom = await session.attach(TextRoomPlugin);
 * const { exists } = await textroom.request('exists', { room: 1234 }); // exists: boolean
 * ```
 */
export function definePlugin<
  TRequests extends JanusPluginRequests<TRequests>,
  TEvent extends JanusPluginEventBase = never,
>(definition: JanusPluginDefinition<TEvent>): JanusPluginClass<JanusPluginHandle<TRequests, TEvent>> {
  const { pluginName, toEvent, encodeRequest } = definition;
  class DefinedPluginHandle extends JanusPluginHandle<TRequests, TEvent> {
    static readonly pluginName = pluginName;

    protected override toEvent(data: Record<string, unknown>, jsep: Jsep | undefined): TEvent | undefined {
      return toEvent?.(data, jsep);
    }

    protected override encodeRequest(name: string, body: object): object {
      return encodeRequest ? encodeRequest(name, body) : super.encodeRequest(name, body);
    }
  }
  return DefinedPluginHandle;
}
