import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { VideoRoomPlugin, type JanusHandle, type JanusSession, type VideoRoomHandle } from 'nestjs-janus';
import { merge, map, Subscription, type Observable } from 'rxjs';
import { AppConfig } from '../config/index.js';
import { JanusPool, type PoolServer } from '../janus/index.js';
import type { WhipCaller } from './whip-auth.service.js';

/** `whip`: a VideoRoom publisher; `whep`: a VideoRoom subscriber; `echotest`: an EchoTest session. */
export type WhipResourceKind = 'whip' | 'whep' | 'echotest';

/** The m-line of the Janus handle the client's trickled candidates are given for. */
export interface CandidateTarget {
  readonly sdpMid: string;
  readonly sdpMLineIndex: number;
}

/** What an endpoint hands to the registry once Janus answered. */
export interface WhipResourceInit {
  readonly kind: WhipResourceKind;
  readonly room?: number;
  readonly feed?: number;
  /** The resource's own Janus session (destroyed with the resource) and its one handle. */
  readonly session: JanusSession;
  readonly handle: JanusHandle<unknown>;
  readonly owner: WhipCaller;
  /** The client's ICE credentials from its offer (a PATCH with others is an ICE restart). */
  readonly ice: { readonly ufrag: string; readonly pwd: string };
  /**
   * Where every candidate the client trickles goes: Janus's first m-line, which carries the bundled transport
   * (Janus 1.1.x ignores candidates trickled for the other mids; clients may list them under any bundled mid).
   */
  readonly candidateTarget: CandidateTarget;
  /** Emits a reason when the resource must end for plugin-specific causes (kicked, feed gone, room destroyed). */
  readonly ended$?: Observable<string>;
  /** Expire when Janus stops receiving media from the client for the resource timeout (publishers, EchoTest). */
  readonly watchMedia: boolean;
  /**
   * An ICE restart with the client's new credentials: renegotiates with Janus and resolves with Janus's side as
   * a trickle-ice-sdpfrag body (its new credentials and candidates).
   */
  readonly restartIce: (ice: { ufrag: string; pwd: string }) => Promise<string>;
}

/** What a negotiation on the resource's fresh session produced: the resource but what `open` knows already. */
export type WhipNegotiation = Omit<WhipResourceInit, 'kind' | 'session' | 'owner' | 'ice'> & {
  /** The SDP answer for the client (with Janus's candidates). */
  readonly answer: string;
};

/** A live WHIP/WHEP resource. */
export interface WhipResource extends WhipResourceInit {
  /** Unguessable id: the resource URL is `/whip/resources/<id>` or `/whep/resources/<id>`. */
  readonly id: string;
  /** Current entity tag (quoted), sent as `ETag` and checked against `If-Match`. */
  readonly etag: string;
  readonly createdAt: number;
  /** The PeerConnection came up (Janus `webrtcup`). */
  readonly up: boolean;
}

interface Entry {
  resource: { -readonly [K in keyof WhipResource]: WhipResource[K] };
  subscription: Subscription;
  setupTimer?: NodeJS.Timeout;
  idleTimer?: NodeJS.Timeout;
  receiving: Map<string, boolean>;
}

/**
 * The live WHIP/WHEP resources and their lifetime. A resource ends (and its Janus session is destroyed, which
 * takes the handle with it) on `DELETE`, when Janus hangs up its PeerConnection (DTLS alert, ICE failure) or
 * detaches the handle, when its session is lost, when its PeerConnection is not up within `WHIP_RESOURCE_TIMEOUT_S`
 * of the POST, when Janus receives no media from a publisher for that long, or for plugin causes (kicked, feed
 * gone, room destroyed).
 */
@Injectable()
export class WhipResources implements OnModuleDestroy {
  private readonly logger = new Logger('WHIP');
  private readonly entries = new Map<string, Entry>();
  private readonly timeoutMs: number;

  constructor(
    config: AppConfig,
    private readonly pool: JanusPool,
  ) {
    this.timeoutMs = config.whip.resourceTimeoutSeconds * 1000;
  }

  /**
   * A new resource on a fresh Janus session of its own, on `server` (a room's; the least-loaded one when omitted):
   * `negotiate` attaches what the resource needs on the session and negotiates with Janus; the resource is
   * registered once it succeeded, and the session destroyed when it fails.
   */
  async open(
    kind: WhipResourceKind,
    owner: WhipCaller,
    ice: WhipResourceInit['ice'],
    negotiate: (session: JanusSession) => Promise<WhipNegotiation>,
    server?: PoolServer,
  ): Promise<WhipResource & { readonly answer: string }> {
    const session = await (server ?? (await this.pool.leastLoaded())).janus.createSession();
    try {
      const { answer, ...negotiated } = await negotiate(session);
      return { ...this.add({ ...negotiated, kind, session, owner, ice }), answer };
    } catch (err) {
      await session.destroy().catch(() => undefined);
      throw err;
    }
  }

  /** A resource in VideoRoom `room`: {@link open} on the room's server, `negotiate` given a fresh VideoRoom handle. */
  async openInRoom(
    kind: WhipResourceKind,
    room: number,
    owner: WhipCaller,
    ice: WhipResourceInit['ice'],
    negotiate: (handle: VideoRoomHandle) => Promise<WhipNegotiation>,
  ): Promise<WhipResource & { readonly answer: string }> {
    return this.pool.inRoom('videoroom', room, (server) =>
      this.open(kind, owner, ice, async (session) => negotiate(await session.attach(VideoRoomPlugin)), server),
    );
  }

  /** Registers a resource and starts watching it. */
  add(init: WhipResourceInit): WhipResource {
    const id = randomBytes(16).toString('base64url');
    const entry: Entry = {
      resource: { ...init, id, etag: newEtag(), createdAt: Date.now(), up: false },
      subscription: new Subscription(),
      receiving: new Map(),
    };
    const { handle, session } = init;
    // Registered before watching: a handle or session that is already gone ends the resource at once.
    this.entries.set(id, entry);
    entry.setupTimer = setTimeout(
      () => void this.close(id, `no PeerConnection within ${this.timeoutMs / 1000} s`),
      this.timeoutMs,
    );
    entry.subscription.add(
      handle.webrtcUp$.subscribe(() => {
        entry.resource.up = true;
        clearTimeout(entry.setupTimer);
        entry.setupTimer = undefined;
      }),
    );
    if (init.watchMedia) {
      entry.subscription.add(
        handle.media$.subscribe((m) => {
          entry.receiving.set(m.mid ?? m.type, m.receiving);
          if ([...entry.receiving.values()].some(Boolean)) {
            clearTimeout(entry.idleTimer);
            entry.idleTimer = undefined;
          } else {
            entry.idleTimer ??= setTimeout(
              () => void this.close(id, `no media for ${this.timeoutMs / 1000} s`),
              this.timeoutMs,
            );
          }
        }),
      );
    }
    const reasons = merge(
      handle.hangup$.pipe(map((h) => `Janus hung up the PeerConnection (${h.reason})`)),
      handle.detached$.pipe(map((d) => `the handle was detached (${d.message})`)),
      session.closed$.pipe(map((c) => `the Janus session ended (${c.message})`)),
      init.ended$ ?? [],
    );
    entry.subscription.add(reasons.subscribe((reason) => void this.close(id, reason)));
    this.logger.debug(`${init.kind} resource ${id} created (session ${session.id}, handle ${handle.id})`);
    return entry.resource;
  }

  /** The live resource `id`, if any. */
  get(id: string): WhipResource | undefined {
    return this.entries.get(id)?.resource;
  }

  /** Every live resource. */
  list(): WhipResource[] {
    return [...this.entries.values()].map((e) => e.resource);
  }

  /** After an ICE restart: the client's new credentials and a new entity tag (returned). */
  restarted(id: string, ice: { ufrag: string; pwd: string }): string | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    entry.resource.ice = ice;
    entry.resource.etag = newEtag();
    return entry.resource.etag;
  }

  /** Ends a resource: forgets it and destroys its Janus session. Resolves false when it was not there. */
  async close(id: string, reason: string): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    clearTimeout(entry.setupTimer);
    clearTimeout(entry.idleTimer);
    entry.subscription.unsubscribe();
    const { kind, session } = entry.resource;
    this.logger.log(`${kind} resource ${id} ended: ${reason}`);
    if (!session.isClosed) {
      await session.destroy().catch((err: unknown) => {
        this.logger.warn(
          `could not destroy Janus session ${session.id}: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
    }
    return true;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id, 'the app is shutting down')));
  }
}

function newEtag(): string {
  return `"${randomBytes(9).toString('base64url')}"`;
}
