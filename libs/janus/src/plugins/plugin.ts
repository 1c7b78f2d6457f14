import { filter, type Observable } from 'rxjs';
import { JanusHandle, type JanusPluginClass, type JanusRequestOptions } from '../core/handle.js';
import type { JanusPluginReply, Jsep } from '../interfaces/protocol.interface.js';

/** One request of a plugin: the body the application sends (without the `request` name) and the reply data. */
export interface JanusPluginRequestSpec<TBody extends object = object, TReply = unknown> {
  /** What the application passes (Janus's request fields minus `request`). */
  body: TBody;
  /** The plugin's `data` in the reply (the `success`, or the `event` that ends an asynchronous request). */
  reply: TReply;
}

/**
 * Constraint for a plugin's request map: every key is a Janus request name, every value a
 * {@link JanusPluginRequestSpec}. Works with interfaces and type aliases alike.
 */
export type JanusPluginRequests<T> = { [K in keyof T]: JanusPluginRequestSpec };

/** The body type of request `K`. */
export type JanusPluginRequestBody<T extends JanusPluginRequests<T>, K extends keyof T> = T[K]['body'];

/** The reply data type of request `K`. */
export type JanusPluginRequestReply<T extends JanusPluginRequests<T>, K extends keyof T> = T[K]['reply'];

/** Options of a plugin request: a timeout and, for negotiations, the JSEP offer or answer to send along. */
export interface JanusPluginRequestOptions extends JanusRequestOptions {
  /** JSEP offer/answer sent with the request. */
  jsep?: Jsep | undefined;
}

/** The `type` values of an event union whose members carry a string `type`. */
export type JanusPluginEventType<TEvent> = TEvent extends { type: infer K extends string } ? K : never;

/**
 * Base class of plugin handles: a {@link JanusHandle} (timeouts, typed errors, observables, detach) plus a
 * request method typed by a request map, so a wrong request name or body does not compile.
 *
 * Built-in plugins (`EchoTestPlugin`, `VideoRoomPlugin`) extend it exactly as an application would; the core
 * knows nothing about them. To wrap your own plugin, extend it (or use {@link definePlugin}):
 *
 * ```ts
 * interface TextRoomRequests {
 *   list: { body: { admin_key?: string }; reply: { textroom: 'success'; list: Array<{ room: number }> } };
 *   exists: { body: { room: number }; reply: { textroom: 'success'; room: number; exists: boolean } };
 * }
 * type TextRoomEvent = { type: 'message'; from: string; text: string } | { type: 'other'; data: Record<string, unknown> };
 *
 * class TextRoomHandle extends JanusPluginHandle<TextRoomRequests, TextRoomEvent> {
 *   static readonly pluginName = 'janus.plugin.textroom';
 *   async exists(room: number): Promise<boolean> {
 *     return (await this.request('exists', { room })).data.exists;
 *   }
 *   protected override toEvent(data: Record<string, unknown>): TextRoomEvent {
 *     return data.textroom === 'message'
 *       ? { type: 'message', from: String(data.from), text: String(data.text) }
 *       : { type: 'other', data };
 *   }
 * }
 * const handle = await session.attach(TextRoomHandle); // typed TextRoomHandle
 * ```
 */
export class JanusPluginHandle<
  TRequests extends JanusPluginRequests<TRequests>,
  TEvent = JanusPluginReply,
> extends JanusHandle<TEvent> {
  private typedStreams?: Map<string, Observable<unknown>>;

  /**
   * Sends request `name` with its typed body and resolves with the typed reply (`data`, and `jsep` when Janus
   * negotiates). A plugin `error_code` rejects with `JanusPluginError`; no reply in time rejects with
   * `JanusTimeoutError`; a detached handle rejects with `JanusHandleDetachedError`.
   */
  request<K extends keyof TRequests & string>(
    name: K,
    body: JanusPluginRequestBody<TRequests, K>,
    options?: JanusPluginRequestOptions,
  ): Promise<JanusPluginReply<JanusPluginRequestReply<TRequests, K>>> {
    return this.message<JanusPluginRequestReply<TRequests, K>>(this.encodeRequest(name, body), options?.jsep, options);
  }

  /**
   * Builds the message body Janus receives for request `name`. The default adds `request: name` (how most Janus
   * plugins name requests); plugins with a single unnamed request (EchoTest) override it.
   */
  protected encodeRequest(name: string, body: object): object {
    return { ...body, request: name };
  }

  /**
   * `events$` narrowed to the members of the event union whose `type` is one of `types` (one cached
   * observable per set of types). For event unions discriminated by a string `type`.
   */
  protected eventsOfType<K extends JanusPluginEventType<TEvent>>(
    ...types: K[]
  ): Observable<Extract<TEvent, { type: K }>> {
    const key = types.join('|');
    this.typedStreams ??= new Map();
    let stream = this.typedStreams.get(key) as Observable<Extract<TEvent, { type: K }>> | undefined;
    if (!stream) {
      const wanted = new Set<string>(types);
      stream = this.events$.pipe(
        filter((event): event is Extract<TEvent, { type: K }> => wanted.has((event as { type?: string }).type ?? '')),
      );
      this.typedStreams.set(key, stream);
    }
    return stream;
  }
}

/** What {@link definePlugin} needs to know about a plugin. */
export interface JanusPluginDefinition<TEvent> {
  /** Janus plugin package name, e.g. `janus.plugin.textroom`. */
  pluginName: string;
  /**
   * Maps one asynchronous plugin event (`plugindata.data`, plus `jsep` when present) to what `events$` emits;
   * return `undefined` to drop it. Default: `{ data, jsep? }`.
   */
  toEvent?: (data: Record<string, unknown>, jsep: Jsep | undefined) => TEvent | undefined;
  /** Builds the message body for request `name` (default: the body plus `request: name`). */
  encodeRequest?: (name: string, body: object) => object;
}

/**
 * Defines a plugin wrapper without writing a class: the result is usable as `session.attach(Plugin)` and gives
 * a {@link JanusPluginHandle} typed by `TRequests` and `TEvent`.
 *
 * ```ts
 * type TextRoomRequests = {
 *   list: { body: { admin_key?: string }; reply: { textroom: 'success'; list: Array<{ room: number }> } };
 *   exists: { body: { room: number }; reply: { textroom: 'success'; room: number; exists: boolean } };
 * };
 * type TextRoomEvent = { type: 'textroom'; data: Record<string, unknown> };
 * const TextRoomPlugin = definePlugin<TextRoomRequests, TextRoomEvent>({
 *   pluginName: 'janus.plugin.textroom',
 *   toEvent: (data) => ({ type: 'textroom', data }),
 * });
 * const textroom = await session.attach(TextRoomPlugin);
 * const { data } = await textroom.request('exists', { room: 1234 }); // data.exists: boolean
 * ```
 */
export function definePlugin<TRequests extends JanusPluginRequests<TRequests>, TEvent = JanusPluginReply>(
  definition: JanusPluginDefinition<TEvent>,
): JanusPluginClass<JanusPluginHandle<TRequests, TEvent>> {
  const { pluginName, toEvent, encodeRequest } = definition;
  class DefinedPluginHandle extends JanusPluginHandle<TRequests, TEvent> {
    static readonly pluginName = pluginName;

    protected override toEvent(data: Record<string, unknown>, jsep: Jsep | undefined): TEvent | undefined {
      return toEvent ? toEvent(data, jsep) : super.toEvent(data, jsep);
    }

    protected override encodeRequest(name: string, body: object): object {
      return encodeRequest ? encodeRequest(name, body) : super.encodeRequest(name, body);
    }
  }
  return DefinedPluginHandle;
}
