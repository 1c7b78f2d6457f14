import { All, Controller, Delete, Options, Param, Patch, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExcludeEndpoint,
  ApiHeader,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  EchoTestPlugin,
  JanusService,
  VideoRoomPlugin,
  VideoRoomService,
  type JanusHandle,
  type JanusSession,
  type VideoRoomEvent,
} from 'nestjs-janus';
import { filter, map, type Observable } from 'rxjs';
import { BEARER_AUTH } from '../auth/index.js';
import { IceServersService } from '../ice/ice-servers.service.js';
import { hasUnsafeCharacter, UNSAFE_STRING_MESSAGE } from '../signaling/input-rules.js';
import { pinOf } from '../videoroom/room-secrets.service.js';
import {
  directionOf,
  hasFlag,
  iceFragOf,
  midOf,
  parseSdp,
  parseSdpFrag,
  replaceIce,
  transportOf,
  withCandidates,
  type ParsedSdp,
  type SdpMedia,
} from './sdp.js';
import { mediaTypeOf, SDP_TYPE, SDPFRAG_TYPE } from './sdp-body.middleware.js';
import { bridgeWhep, type WhepBridge } from './whep-bridge.js';
import { WhipAuth, type WhipCaller } from './whip-auth.service.js';
import { WhipError, WhipExceptionFilter } from './whip.errors.js';
import {
  WhipResources,
  type CandidateTarget,
  type WhipResource,
  type WhipResourceKind,
} from './whip-resources.service.js';

/** How long to wait for the candidates Janus trickles (with `full_trickle`) before answering without the rest. */
const JANUS_GATHERING_MS = 3000;

const ENDPOINT_ALLOW = 'POST, OPTIONS';
const RESOURCE_ALLOW = 'PATCH, DELETE, OPTIONS';

/** A client offer, parsed, with the m-lines that carry media and its ICE credentials. */
interface Offer {
  readonly text: string;
  readonly sdp: ParsedSdp;
  readonly ice: { ufrag: string; pwd: string };
}

/** What a negotiation on a fresh session produced. */
interface Negotiated {
  readonly handle: JanusHandle<unknown>;
  /** The SDP for the client (Janus's candidates added when it trickles them). */
  readonly answer: string;
  readonly candidateTarget: CandidateTarget;
  readonly room?: number;
  readonly feed?: number;
  readonly ended$?: Observable<string>;
  readonly watchMedia: boolean;
  readonly restartIce: (ice: { ufrag: string; pwd: string }) => Promise<string>;
}

/** Positive integer ids in paths; anything else names no room/feed (404). */
function parseId(value: string, what: string): number {
  const id = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new WhipError(404, 'NOT_FOUND', `no such ${what}: ${value}`);
  return id;
}

/** At most `max` UTF-16 code units of `text`, never cut inside a surrogate pair (a lone half is not JSON Janus reads). */
function truncate(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The audio/video m-lines that are not rejected. */
function activeMedia(sdp: ParsedSdp): SdpMedia[] {
  return sdp.media.filter((m) => m.port !== 0 && (m.kind === 'audio' || m.kind === 'video'));
}

/** The first live audio/video m-line of the client's offer (Janus answers it with the same mid and index). */
function firstMedia(sdp: ParsedSdp): CandidateTarget {
  const first = activeMedia(sdp)[0] ?? sdp.media[0];
  return { sdpMid: midOf(first) ?? String(first.index), sdpMLineIndex: first.index };
}

/** OpenAPI: the SDP offer body of the POSTs. */
const SDP_OFFER_BODY = ApiBody({ description: 'SDP offer', schema: { type: 'string' } });

/**
 * WHIP (RFC 9725) and WHEP over Janus: `POST /whip/rooms/:room` publishes into a VideoRoom room,
 * `POST /whep/rooms/:room/feeds/:feed` (or `/whep/rooms/:room`, the room's current publisher) plays a feed,
 * `POST /whip/echotest` runs the EchoTest. Each POST creates a resource (`Location`) with its own Janus session:
 * `PATCH` trickles candidates (`application/trickle-ice-sdpfrag`) or, with `If-Match: *` and new ICE credentials,
 * restarts ICE (200 with Janus's new credentials and candidates); `DELETE` ends it.
 */
@Controller()
@ApiTags('WHIP / WHEP')
@ApiBearerAuth(BEARER_AUTH)
@UseFilters(new WhipExceptionFilter())
export class WhipController {
  constructor(
    private readonly janus: JanusService,
    private readonly rooms: VideoRoomService,
    private readonly auth: WhipAuth,
    private readonly resources: WhipResources,
    private readonly iceServers: IceServersService,
  ) {}

  // ---- endpoints -------------------------------------------------------------------------------------------------

  /** WHIP: publishes the offer into the room as a VideoRoom publisher. */
  @Post('whip/rooms/:room')
  @ApiOperation({ summary: 'WHIP: publish into a VideoRoom room (the resource is a publisher)' })
  @ApiConsumes(SDP_TYPE)
  @ApiProduces(SDP_TYPE)
  @SDP_OFFER_BODY
  @ApiResponse({ status: 201, description: 'SDP answer; `Location` of the resource, `ETag`, `Janus-Feed-Id`' })
  async publish(
    @Param('room') roomParam: string,
    @Query('display') display: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const room = parseId(roomParam, 'room');
    const caller = await this.auth.authorize(req.headers.authorization, 'publish', room);
    if (typeof display === 'string' && hasUnsafeCharacter(display)) {
      throw new WhipError(400, 'BAD_REQUEST', `display: ${UNSAFE_STRING_MESSAGE}`);
    }
    const offer = this.offerOf(req, 'send');
    const name = typeof display === 'string' && display.trim() ? truncate(display.trim(), 128) : caller.sub;
    const resource = await this.open('whip', caller, offer, async (session) => {
      const handle = await session.attach(VideoRoomPlugin);
      let feed = 0;
      const answer = await withJanusCandidates(handle, async () => {
        const { data, jsep } = await handle.joinAndConfigure(
          // No PIN over WHIP: a room with one refuses the publisher (403).
          { room, display: name, ...pinOf(undefined) },
          { type: 'offer', sdp: offer.text },
        );
        feed = Number(data.id);
        return jsep?.sdp;
      });
      rejectIfNothingAccepted(answer, 'the room accepts none of the offered codecs');
      const ended$ = handle.events$.pipe(
        filter((e: VideoRoomEvent) => (e.type === 'kicked' && e.self) || e.type === 'destroyed'),
        map((e) => (e.type === 'kicked' ? 'kicked from the room' : 'the room was destroyed')),
      );
      // ICE restart: the offer again with the new credentials; Janus answers with its new ones.
      let current = offer.text;
      const restartIce = async (ice: { ufrag: string; pwd: string }): Promise<string> => {
        current = replaceIce(current, ice.ufrag, ice.pwd);
        const sdp = await withJanusCandidates(
          handle,
          async () => (await handle.configure({}, { type: 'offer', sdp: current })).jsep?.sdp,
        );
        return iceFragOf(sdp).body;
      };
      return {
        handle,
        answer,
        candidateTarget: firstMedia(offer.sdp),
        room,
        feed,
        ended$,
        watchMedia: true,
        restartIce,
      };
    });
    this.created(res, '/whip/resources', resource, caller);
  }

  /** WHIP to the EchoTest: what the client sends comes back. */
  @Post('whip/echotest')
  @ApiOperation({ summary: 'WHIP to the EchoTest: what is sent comes back' })
  @ApiConsumes(SDP_TYPE)
  @ApiProduces(SDP_TYPE)
  @SDP_OFFER_BODY
  @ApiResponse({ status: 201, description: 'SDP answer; `Location` of the resource, `ETag`' })
  async echo(@Req() req: Request, @Res() res: Response): Promise<void> {
    const caller = await this.auth.authorize(req.headers.authorization, 'echo');
    const offer = this.offerOf(req, 'any');
    const resource = await this.open('echotest', caller, offer, async (session) => {
      const handle = await session.attach(EchoTestPlugin);
      const echo = async (sdp: string): Promise<string | undefined> =>
        (await handle.configure({ audio: true, video: true }, { type: 'offer', sdp })).jsep?.sdp;
      const answer = await withJanusCandidates(handle, () => echo(offer.text));
      const ended$ = handle.done$.pipe(map(() => 'the EchoTest ended'));
      let current = offer.text;
      const restartIce = async (ice: { ufrag: string; pwd: string }): Promise<string> => {
        current = replaceIce(current, ice.ufrag, ice.pwd);
        return iceFragOf(await withJanusCandidates(handle, () => echo(current))).body;
      };
      return { handle, answer, candidateTarget: firstMedia(offer.sdp), ended$, watchMedia: true, restartIce };
    });
    this.created(res, '/whip/resources', resource, caller);
  }

  /** WHEP: plays one feed of the room. */
  @Post('whep/rooms/:room/feeds/:feed')
  @ApiOperation({ summary: "WHEP: play one feed of a VideoRoom room (the client's offer, the app's answer)" })
  @ApiConsumes(SDP_TYPE)
  @ApiProduces(SDP_TYPE)
  @SDP_OFFER_BODY
  @ApiResponse({ status: 201, description: 'SDP answer; `Location` of the resource, `ETag`, `Janus-Feed-Id`' })
  async play(
    @Param('room') roomParam: string,
    @Param('feed') feedParam: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const room = parseId(roomParam, 'room');
    const feed = parseId(feedParam, 'feed');
    const caller = await this.auth.authorize(req.headers.authorization, 'play', room);
    await this.subscribe(room, feed, caller, this.offerOf(req, 'receive'), res);
  }

  /** WHEP: plays the room's current publisher (the newest WHIP publisher of this app, else the first one listed). */
  @Post('whep/rooms/:room')
  @ApiOperation({ summary: "WHEP: play the room's current publisher" })
  @ApiConsumes(SDP_TYPE)
  @ApiProduces(SDP_TYPE)
  @SDP_OFFER_BODY
  @ApiResponse({ status: 201, description: 'SDP answer; `Location` of the resource, `ETag`, `Janus-Feed-Id`' })
  async playRoom(@Param('room') roomParam: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const room = parseId(roomParam, 'room');
    const caller = await this.auth.authorize(req.headers.authorization, 'play', room);
    const offer = this.offerOf(req, 'receive');
    const { participants } = await this.rooms.listParticipants({ room });
    const publishing = new Set(participants.filter((p) => p.publisher).map((p) => Number(p.id)));
    const ours = this.resources
      .list()
      .filter((r) => r.kind === 'whip' && r.room === room && r.feed !== undefined && publishing.has(r.feed))
      .sort((a, b) => b.createdAt - a.createdAt)[0]?.feed;
    const feed = ours ?? [...publishing][0];
    if (feed === undefined) throw new WhipError(404, 'NOT_FOUND', `room ${room} has no publisher`);
    await this.subscribe(room, feed, caller, offer, res);
  }

  @ApiExcludeEndpoint()
  @Options(['whip/rooms/:room', 'whip/echotest', 'whep/rooms/:room', 'whep/rooms/:room/feeds/:feed'])
  endpointOptions(@Res() res: Response): void {
    res.status(204).setHeader('Allow', ENDPOINT_ALLOW).setHeader('Accept-Post', SDP_TYPE).end();
  }

  @ApiExcludeEndpoint()
  @All(['whip/rooms/:room', 'whip/echotest', 'whep/rooms/:room', 'whep/rooms/:room/feeds/:feed'])
  endpointOther(@Req() req: Request): never {
    throw new WhipError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here; POST an SDP offer`, undefined, {
      Allow: ENDPOINT_ALLOW,
    });
  }

  // ---- resources -------------------------------------------------------------------------------------------------

  /** Trickle ICE (RFC 8840 fragments): every candidate of the fragment goes to Janus in one `trickle`. */
  @Patch(['whip/resources/:id', 'whep/resources/:id'])
  @ApiOperation({ summary: 'Trickle ICE: the candidates of an application/trickle-ice-sdpfrag body' })
  @ApiConsumes(SDPFRAG_TYPE)
  @ApiBody({ description: 'SDP fragment (RFC 8840)', schema: { type: 'string' } })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the resource' })
  @ApiResponse({ status: 204, description: 'The candidates went to Janus' })
  async patch(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      await this.patchResource(id, req, res);
    } catch (err) {
      // Ended meanwhile (DELETE, peer gone): the resource is no more, whatever Janus said.
      if (!this.resources.get(id)) throw new WhipError(404, 'NOT_FOUND', 'no such resource');
      throw err;
    }
  }

  /** A PATCH on a live resource: trickled candidates, or an ICE restart. */
  private async patchResource(id: string, req: Request, res: Response): Promise<void> {
    const resource = this.resourceFor(req, id);
    await this.auth.authorizeResource(req.headers.authorization, resource.owner);
    if (mediaTypeOf(req) !== SDPFRAG_TYPE) {
      throw new WhipError(415, 'UNSUPPORTED_MEDIA_TYPE', `PATCH takes ${SDPFRAG_TYPE}`, undefined, {
        'Accept-Patch': SDPFRAG_TYPE,
      });
    }
    const frag = parseSdpFrag(typeof req.body === 'string' ? req.body : '');
    const ifMatch = req.headers['if-match']?.trim();
    const newCredentials =
      (frag.ufrag !== undefined && frag.ufrag !== resource.ice.ufrag) ||
      (frag.pwd !== undefined && frag.pwd !== resource.ice.pwd);
    if (ifMatch !== undefined && ifMatch !== '*' && !matchesEtag(ifMatch, resource.etag)) {
      throw new WhipError(412, 'PRECONDITION_FAILED', 'If-Match does not match the resource');
    }
    // All of them, once each (a client may list a candidate under several bundled mids).
    const unique = [...new Set(frag.media.flatMap((m) => m.candidates))];
    const candidates = unique.map((candidate) => ({ candidate, ...resource.candidateTarget }));
    if (ifMatch === '*' || newCredentials) {
      // ICE restart (RFC 9725 4.3.2): new credentials in, Janus's new credentials and candidates out.
      if (!frag.ufrag || !frag.pwd || !newCredentials) {
        throw new WhipError(400, 'BAD_REQUEST', 'an ICE restart needs new a=ice-ufrag and a=ice-pwd values');
      }
      const body = await resource.restartIce({ ufrag: frag.ufrag, pwd: frag.pwd });
      const etag = this.resources.restarted(resource.id, { ufrag: frag.ufrag, pwd: frag.pwd });
      if (candidates.length > 0) await resource.handle.trickle(candidates);
      if (frag.endOfCandidates) await resource.handle.trickleComplete();
      res.status(200).setHeader('Content-Type', SDPFRAG_TYPE);
      if (etag) res.setHeader('ETag', etag);
      res.send(body);
      return;
    }
    if (candidates.length > 0) await resource.handle.trickle(candidates);
    if (frag.endOfCandidates) await resource.handle.trickleComplete();
    res.status(204).end();
  }

  /** Ends the resource: its Janus session (and handle) is destroyed. */
  @Delete(['whip/resources/:id', 'whep/resources/:id'])
  @ApiOperation({ summary: 'End the resource (its Janus session and handle are destroyed)' })
  @ApiResponse({ status: 200, description: 'Ended' })
  async remove(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const resource = this.resourceFor(req, id);
    await this.auth.authorizeResource(req.headers.authorization, resource.owner);
    await this.resources.close(resource.id, 'DELETE by the client');
    res.status(200).end();
  }

  @ApiExcludeEndpoint()
  @Options(['whip/resources/:id', 'whep/resources/:id'])
  resourceOptions(@Param('id') id: string, @Req() req: Request, @Res() res: Response): void {
    this.resourceFor(req, id);
    res.status(204).setHeader('Allow', RESOURCE_ALLOW).setHeader('Accept-Patch', SDPFRAG_TYPE).end();
  }

  @ApiExcludeEndpoint()
  @All(['whip/resources/:id', 'whep/resources/:id'])
  resourceOther(@Req() req: Request): never {
    throw new WhipError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on a resource`, undefined, {
      Allow: RESOURCE_ALLOW,
    });
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  /** WHEP on a 1.1.2 VideoRoom: Janus offers, the app answers both sides (see whep-bridge.ts). */
  private async subscribe(room: number, feed: number, caller: WhipCaller, offer: Offer, res: Response): Promise<void> {
    const resource = await this.open('whep', caller, offer, async (session) => {
      const handle = await session.attach(VideoRoomPlugin);
      // Janus's offer answered for Janus; the client's answer is what the bridge made of Janus's offer.
      const answerBoth = async (clientOffer: ParsedSdp, janusOffer: string | undefined): Promise<WhepBridge> => {
        if (!janusOffer) throw new WhipError(502, 'BACKEND_FAILURE', 'Janus sent no offer');
        const bridged = bridgeWhep(clientOffer, parseSdp(janusOffer));
        await handle.start({ type: 'answer', sdp: bridged.janusAnswer });
        return bridged;
      };
      let bridge: WhepBridge | undefined;
      const answer = await withJanusCandidates(handle, async () => {
        bridge = await answerBoth(
          offer.sdp,
          (await handle.joinSubscriber({ room, streams: [{ feed }], ...pinOf(undefined) })).jsep?.sdp,
        );
        return bridge.clientAnswer;
      });
      const firstMid = bridge!.firstMid;
      const ended$ = handle.events$.pipe(
        filter((e: VideoRoomEvent) => e.type === 'updated' && !(e.streams ?? []).some((s) => s.active)),
        map(() => `feed ${feed} is gone`),
      );
      // ICE restart: Janus makes a restart offer, answered as before with the client's new credentials.
      let current = offer.text;
      const restartIce = async (ice: { ufrag: string; pwd: string }): Promise<string> => {
        current = replaceIce(current, ice.ufrag, ice.pwd);
        const sdp = await withJanusCandidates(handle, async () => {
          const { jsep: restartOffer } = await handle.configure({ restart: true });
          return (await answerBoth(parseSdp(current), restartOffer?.sdp)).clientAnswer;
        });
        return iceFragOf(sdp).body;
      };
      // Candidates go to Janus's first accepted (bundling) m-line, whatever the client's m-line order.
      return { handle, answer, candidateTarget: firstMid, room, feed, ended$, watchMedia: false, restartIce };
    });
    this.created(res, '/whep/resources', resource, caller);
  }

  /** A fresh Janus session for the resource; destroyed again when the negotiation fails. */
  private async open(
    kind: WhipResourceKind,
    owner: WhipCaller,
    offer: Offer,
    negotiate: (session: JanusSession) => Promise<Negotiated>,
  ): Promise<WhipResource & { answer: string }> {
    const session = await this.janus.createSession();
    try {
      const done = await negotiate(session);
      const resource = this.resources.add({
        kind,
        room: done.room,
        feed: done.feed,
        session,
        handle: done.handle,
        owner,
        ice: offer.ice,
        candidateTarget: done.candidateTarget,
        ended$: done.ended$,
        watchMedia: done.watchMedia,
        restartIce: done.restartIce,
      });
      return { ...resource, answer: done.answer };
    } catch (err) {
      await session.destroy().catch(() => undefined);
      throw err;
    }
  }

  private created(res: Response, base: string, resource: WhipResource & { answer: string }, caller: WhipCaller): void {
    res.status(201);
    res.setHeader('Content-Type', SDP_TYPE);
    res.setHeader('Location', `${base}/${resource.id}`);
    res.setHeader('ETag', resource.etag);
    if (resource.feed !== undefined) res.setHeader('Janus-Feed-Id', String(resource.feed));
    const links = this.iceLinks(caller);
    if (links.length > 0) res.setHeader('Link', links);
    res.send(resource.answer);
  }

  /** RFC 9725 ICE server `Link`s (TURN credentials minted per caller). */
  private iceLinks(caller: WhipCaller): string[] {
    const quote = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`;
    return this.iceServers
      .forUser(caller.sub)
      .iceServers.flatMap((server) =>
        server.urls.map((url) =>
          server.username !== undefined && server.credential !== undefined
            ? `<${url}>; rel="ice-server"; username=${quote(server.username)}; credential=${quote(server.credential)}; credential-type="password"`
            : `<${url}>; rel="ice-server"`,
        ),
      );
  }

  /** The request's SDP offer: 415 for another type, 400 when unparseable, 422 when it has nothing to negotiate. */
  private offerOf(req: Request, want: 'send' | 'receive' | 'any'): Offer {
    if (mediaTypeOf(req) !== SDP_TYPE) {
      throw new WhipError(415, 'UNSUPPORTED_MEDIA_TYPE', `the offer must be sent as ${SDP_TYPE}`, undefined, {
        'Accept-Post': SDP_TYPE,
      });
    }
    const text = typeof req.body === 'string' ? req.body : '';
    const sdp = parseSdp(text);
    const usable = activeMedia(sdp).filter((m) => {
      const d = directionOf(sdp, m);
      if (want === 'send') return d === 'sendonly' || d === 'sendrecv';
      if (want === 'receive') return d === 'recvonly' || d === 'sendrecv';
      return d !== 'inactive';
    });
    if (usable.length === 0) {
      const what = want === 'send' ? 'sends' : want === 'receive' ? 'receives' : 'carries';
      throw new WhipError(422, 'UNPROCESSABLE', `the offer has no audio or video m-line that ${what} media`);
    }
    const { ufrag, pwd } = transportOf(sdp, usable[0]);
    for (const m of activeMedia(sdp)) transportOf(sdp, m);
    return { text, sdp, ice: { ufrag, pwd } };
  }

  /** The live resource of the path's kind (`/whip/...` holds WHIP and EchoTest, `/whep/...` WHEP), else 404. */
  private resourceFor(req: Request, id: string): WhipResource {
    const resource = this.resources.get(id);
    const whep = req.path.startsWith('/whep/');
    if (!resource || (resource.kind === 'whep') !== whep) throw new WhipError(404, 'NOT_FOUND', 'no such resource');
    return resource;
  }
}

/**
 * Runs a negotiation and returns Janus's SDP for the client: as is when it carries Janus's candidates (the
 * default); with the candidates Janus trickled otherwise (`full_trickle`), collected from before the request until
 * Janus says they are complete (or `JANUS_GATHERING_MS`), since WHIP has no way to trickle from the server.
 */
async function withJanusCandidates(
  handle: JanusHandle<unknown>,
  negotiate: () => Promise<string | undefined>,
): Promise<string> {
  const candidates: string[] = [];
  let completed!: () => void;
  const complete = new Promise<void>((resolve) => (completed = resolve));
  let gotAll = false;
  const subscription = handle.trickle$.subscribe((t) => {
    if ('completed' in t) {
      gotAll = true;
      completed();
    } else if (typeof t.candidate === 'string') candidates.push(t.candidate);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const sdp = await negotiate();
    if (!sdp) throw new WhipError(502, 'BACKEND_FAILURE', 'Janus sent no SDP');
    const parsed = parseSdp(sdp);
    const hasCandidates = parsed.media.some((m) => m.lines.some((l) => l.startsWith('a=candidate:')));
    if (hasCandidates && parsed.media.some((m) => hasFlag(m.lines, 'end-of-candidates'))) return sdp;
    await Promise.race([complete, new Promise<void>((resolve) => (timer = setTimeout(resolve, JANUS_GATHERING_MS)))]);
    return withCandidates(sdp, candidates, gotAll);
  } finally {
    clearTimeout(timer);
    subscription.unsubscribe();
  }
}

/** 422 when Janus's answer rejected every audio/video m-line. */
function rejectIfNothingAccepted(answer: string, message: string): void {
  if (activeMedia(parseSdp(answer)).length === 0) throw new WhipError(422, 'UNPROCESSABLE', message);
}

/** `If-Match: "a", "b"` (weak tags compared weakly). */
function matchesEtag(ifMatch: string, etag: string): boolean {
  return ifMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
