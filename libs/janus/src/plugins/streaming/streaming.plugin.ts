import type { Observable } from 'rxjs';
import type { JanusPluginClass, JanusRequestOptions } from '../../core/handle.js';
import type { JanusPluginReply, Jsep } from '../../interfaces/protocol.interface.js';
import { JanusPluginHandle } from '../plugin.js';
import {
  mapStreamingEvent,
  type StreamingEditedEvent,
  type StreamingEvent,
  type StreamingKickedEvent,
  type StreamingPreparingEvent,
  type StreamingSimulcastEvent,
  type StreamingStatusEvent,
  type StreamingSvcEvent,
  type StreamingSwitchedEvent,
  type StreamingUpdatingEvent,
} from './streaming.events.js';
import type {
  StreamingConfigureRequest,
  StreamingConfiguredReply,
  StreamingCreatedReply,
  StreamingCreateRequest,
  StreamingDestroyedReply,
  StreamingDestroyRequest,
  StreamingDisableRequest,
  StreamingEditedReply,
  StreamingEditRequest,
  StreamingEnableRequest,
  StreamingInfoReply,
  StreamingInfoRequest,
  StreamingKickAllRequest,
  StreamingKickedAllReply,
  StreamingListedMountpoint,
  StreamingListRequest,
  StreamingOkReply,
  StreamingRecordingRequest,
  StreamingRequests,
  StreamingStatusReply,
  StreamingSwitchedReply,
  StreamingSwitchRequest,
  StreamingWatchRequest,
} from './streaming.types.js';

/**
 * A handle on the Streaming plugin (`janus.plugin.streaming`): one handle is one viewer of one mountpoint at a
 * time; mountpoint management works on any handle.
 *
 * Synchronous requests (mountpoint management) resolve with the reply data; the viewer's requests (`watch`,
 * `start`, `pause`, `configure`, `switch`, `stop`) with `{ data, jsep? }`: `watch` carries Janus's offer, to
 * answer with {@link start}. A Streaming error rejects with `JanusPluginError` whose `janusCode` is one of
 * `StreamingErrorCode` (455: no such mountpoint).
 *
 * ```ts
 * const viewer = await session.attach(StreamingPlugin);
 * const { jsep: offer } = await viewer.watch({ id: 1 });
 * await viewer.start(answerFromBrowser);
 * viewer.status$.subscribe((e) => console.log(e.type)); // started, stopped, ...
 * ```
 */
export class StreamingHandle extends JanusPluginHandle<StreamingRequests, StreamingEvent> {
  /** Janus plugin package name. */
  static readonly pluginName = 'janus.plugin.streaming';

  // ---- Mountpoint management (synchronous) ----------------------------------------------------------------------

  /** The public mountpoints (the private ones too with the plugin's `admin_key`). */
  async list(body: StreamingListRequest = {}, options?: JanusRequestOptions): Promise<StreamingListedMountpoint[]> {
    return (await this.request('list', body, options)).list;
  }

  /** One mountpoint's details (ports, PIN, ... only with its secret). */
  info(body: StreamingInfoRequest, options?: JanusRequestOptions): Promise<StreamingInfoReply> {
    return this.request('info', body, options);
  }

  /** Creates a mountpoint (`rtp`, `live`, `ondemand` or `rtsp`); for RTP the reply names the ports to feed. */
  create(body: StreamingCreateRequest, options?: JanusRequestOptions): Promise<StreamingCreatedReply> {
    return this.request('create', body, options);
  }

  /** Changes a mountpoint's description, metadata, secret, PIN or visibility. */
  edit(body: StreamingEditRequest, options?: JanusRequestOptions): Promise<StreamingEditedReply> {
    return this.request('edit', body, options);
  }

  /** Destroys a mountpoint; its viewers are hung up. */
  destroy(body: StreamingDestroyRequest, options?: JanusRequestOptions): Promise<StreamingDestroyedReply> {
    return this.request('destroy', body, options);
  }

  /** Starts or stops recording streams of a mountpoint. */
  recording(body: StreamingRecordingRequest, options?: JanusRequestOptions): Promise<StreamingOkReply> {
    return this.request('recording', body, options);
  }

  /** Lets viewers watch a disabled mountpoint again. */
  enable(body: StreamingEnableRequest, options?: JanusRequestOptions): Promise<StreamingOkReply> {
    return this.request('enable', body, options);
  }

  /**
   * Keeps a mountpoint but refuses (and hangs up) its viewers. Sends `stop_recording: false` unless you pass it:
   * Janus 1.1.2 to 1.4.1 crash (NULL recorder) when asked to stop recording a stream that has none, and stopping is
   * Janus's default. Stop recordings with {@link recording}; pass `stop_recording: true` only when every stream of
   * the RTP mountpoint is being recorded.
   */
  disable(body: StreamingDisableRequest, options?: JanusRequestOptions): Promise<StreamingOkReply> {
    return this.request('disable', { stop_recording: false, ...body }, options);
  }

  /** Hangs up every viewer of a mountpoint (`kick_all`); they get a `kicked` event. */
  kickAll(body: StreamingKickAllRequest, options?: JanusRequestOptions): Promise<StreamingKickedAllReply> {
    return this.request('kick_all', body, options);
  }

  // ---- Viewer (asynchronous) ------------------------------------------------------------------------------------

  /**
   * Asks to watch a mountpoint: the reply (`preparing`) carries Janus's offer, to answer with {@link start}.
   * Janus 1.1.4+ also takes the viewer's own offer (`jsep`, as WHEP does) and answers it.
   */
  watch(
    body: StreamingWatchRequest,
    jsep?: Jsep,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<StreamingStatusReply>> {
    return this.request('watch', body, { ...options, jsep });
  }

  /** Sends the viewer's answer (`starting`), or resumes a paused viewer when called without one. */
  start(jsep?: Jsep, options?: JanusRequestOptions): Promise<JanusPluginReply<StreamingStatusReply>> {
    return this.request('start', {}, { ...options, jsep });
  }

  /** Pauses every stream without closing the PeerConnection (`pausing`). */
  pause(options?: JanusRequestOptions): Promise<JanusPluginReply<StreamingStatusReply>> {
    return this.request('pause', {}, options);
  }

  /** Changes the subscription: per-stream `send`, simulcast / SVC layers, playout delay. */
  configure(
    body: StreamingConfigureRequest,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<StreamingConfiguredReply>> {
    return this.request('configure', body, options);
  }

  /** Moves the viewer to another RTP mountpoint with the same media, on the same PeerConnection. */
  switch(
    body: StreamingSwitchRequest,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<StreamingSwitchedReply>> {
    return this.request('switch', body, options);
  }

  /**
   * Stops watching and closes the PeerConnection (`stopping`). Janus 1.1.2 to 1.3.0 do not answer a `stop` of a
   * viewer whose PeerConnection never came up (the request times out); 1.3.1+ answer `idle`.
   */
  stop(options?: JanusRequestOptions): Promise<JanusPluginReply<StreamingStatusReply>> {
    return this.request('stop', {}, options);
  }

  // ---- Events ---------------------------------------------------------------------------------------------------

  /** Offers Janus pushes outside a `watch` reply (`preparing`, ICE-restart `updating`). */
  get offers$(): Observable<StreamingPreparingEvent | StreamingUpdatingEvent> {
    return this.eventsOfType('preparing', 'updating');
  }

  /** The viewer's state changes: `started` once media flows, `stopped` when the mountpoint ends, ... */
  get status$(): Observable<StreamingStatusEvent> {
    return this.eventsOfType('starting', 'started', 'pausing', 'stopping', 'stopped', 'idle');
  }

  /** The viewer was hung up by a `kick_all`. */
  get kicked$(): Observable<StreamingKickedEvent> {
    return this.eventsOfType('kicked');
  }

  /** A `switch` took effect. */
  get switched$(): Observable<StreamingSwitchedEvent> {
    return this.eventsOfType('switched');
  }

  /** The mountpoint's metadata changed. */
  get edited$(): Observable<StreamingEditedEvent> {
    return this.eventsOfType('edited');
  }

  /** Simulcast and SVC layer changes. */
  get layers$(): Observable<StreamingSimulcastEvent | StreamingSvcEvent> {
    return this.eventsOfType('simulcast', 'svc');
  }

  /** Maps Streaming plugin events to {@link StreamingEvent} (errors and unrecognised events are the base class's). */
  protected override toEvent(data: Record<string, unknown>, jsep: Jsep | undefined): StreamingEvent | undefined {
    return mapStreamingEvent(data, jsep);
  }
}

/** `session.attach(StreamingPlugin)` resolves with a {@link StreamingHandle}. */
export const StreamingPlugin: JanusPluginClass<StreamingHandle> = StreamingHandle;
