import {
  All,
  Controller,
  Delete,
  Header,
  HttpCode,
  Options,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
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
import { BEARER_AUTH } from '../auth/index.js';
import { AppError } from '../errors/index.js';
import { JanusIdPipe } from '../http/index.js';
import { IceServersService } from '../ice/ice-servers.service.js';
import { MAX_JANUS_ID } from '../signaling/index.js';
import { parseSdpFrag } from './sdp.js';
import { mediaTypeOf, SDP_TYPE, SDPFRAG_TYPE } from './sdp-body.middleware.js';
import { WhepPlayService } from './whep-play.service.js';
import { WhipAuth, type WhipCaller } from './whip-auth.service.js';
import { WhipEchoService } from './whip-echo.service.js';
import { WhipExceptionFilter } from './whip-exception.filter.js';
import { WhipIceService } from './whip-ice.service.js';
import { parseOffer, type OfferPurpose, type WhipOffer } from './whip-offer.js';
import { publisherDisplay, WhipPublishService } from './whip-publish.service.js';
import { WhipResources, type WhipResource } from './whip-resources.service.js';

const ENDPOINT_ALLOW = 'POST, OPTIONS';
const RESOURCE_ALLOW = 'PATCH, DELETE, OPTIONS';

/** A room or feed id in a WHIP/WHEP path; anything else names no room or feed (404, not the REST API's 400). */
const PATH_ID = new JanusIdPipe(1, MAX_JANUS_ID, 'NOT_FOUND');

/** OpenAPI: the SDP offer body of the POSTs. */
const SDP_OFFER_BODY = ApiBody({ description: 'SDP offer', schema: { type: 'string' } });

/**
 * WHIP (RFC 9725) and WHEP over Janus: `POST /whip/rooms/:room` publishes into a VideoRoom room,
 * `POST /whep/rooms/:room/feeds/:feed` (or `/whep/rooms/:room`, the room's current publisher) plays a feed,
 * `POST /whip/echotest` runs the EchoTest. Each POST creates a resource (`Location`) with its own Janus session:
 * `PATCH` trickles candidates (`application/trickle-ice-sdpfrag`) or, with `If-Match: *` and new ICE credentials,
 * restarts ICE (200 with Janus's new credentials and candidates); `DELETE` ends it. The negotiations are the
 * services' (whip-publish, whip-echo, whep-play, whip-ice); this controller has the routes, headers and statuses.
 */
@Controller()
@ApiTags('WHIP / WHEP')
@ApiBearerAuth(BEARER_AUTH)
@UseFilters(new WhipExceptionFilter())
export class WhipController {
  constructor(
    private readonly auth: WhipAuth,
    private readonly resources: WhipResources,
    private readonly publisher: WhipPublishService,
    private readonly echoTest: WhipEchoService,
    private readonly player: WhepPlayService,
    private readonly ice: WhipIceService,
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
    @Param('room', PATH_ID) room: number,
    @Query('display') display: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const caller = await this.auth.authorize(req.headers.authorization, 'publish', room);
    const name = publisherDisplay(display, caller);
    const resource = await this.publisher.publish(room, name, this.offerOf(req, 'send'), caller);
    return this.created(res, '/whip/resources', resource, caller);
  }

  /** WHIP to the EchoTest: what the client sends comes back. */
  @Post('whip/echotest')
  @ApiOperation({ summary: 'WHIP to the EchoTest: what is sent comes back' })
  @ApiConsumes(SDP_TYPE)
  @ApiProduces(SDP_TYPE)
  @SDP_OFFER_BODY
  @ApiResponse({ status: 201, description: 'SDP answer; `Location` of the resource, `ETag`' })
  async echo(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const caller = await this.auth.authorize(req.headers.authorization, 'echo');
    const resource = await this.echoTest.echo(this.offerOf(req, 'any'), caller);
    return this.created(res, '/whip/resources', resource, caller);
  }

  /** WHEP: plays one feed of the room. */
  @Post('whep/rooms/:room/feeds/:feed')
  @ApiOperation({ summary: "WHEP: play one feed of a VideoRoom room (the client's offer, the app's answer)" })
  @ApiConsumes(SDP_TYPE)
  @ApiProduces(SDP_TYPE)
  @SDP_OFFER_BODY
  @ApiResponse({ status: 201, description: 'SDP answer; `Location` of the resource, `ETag`, `Janus-Feed-Id`' })
  async play(
    @Param('room', PATH_ID) room: number,
    @Param('feed', PATH_ID) feed: number,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const caller = await this.auth.authorize(req.headers.authorization, 'play', room);
    const resource = await this.player.play(room, feed, this.offerOf(req, 'receive'), caller);
    return this.created(res, '/whep/resources', resource, caller);
  }

  /** WHEP: plays the room's current publisher (the newest WHIP publisher of this app, else the first one listed). */
  @Post('whep/rooms/:room')
  @ApiOperation({ summary: "WHEP: play the room's current publisher" })
  @ApiConsumes(SDP_TYPE)
  @ApiProduces(SDP_TYPE)
  @SDP_OFFER_BODY
  @ApiResponse({ status: 201, description: 'SDP answer; `Location` of the resource, `ETag`, `Janus-Feed-Id`' })
  async playRoom(
    @Param('room', PATH_ID) room: number,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const caller = await this.auth.authorize(req.headers.authorization, 'play', room);
    const offer = this.offerOf(req, 'receive');
    const feed = await this.player.currentPublisher(room);
    const resource = await this.player.play(room, feed, offer, caller);
    return this.created(res, '/whep/resources', resource, caller);
  }

  @ApiExcludeEndpoint()
  @Options(['whip/rooms/:room', 'whip/echotest', 'whep/rooms/:room', 'whep/rooms/:room/feeds/:feed'])
  @HttpCode(204)
  @Header('Allow', ENDPOINT_ALLOW)
  @Header('Accept-Post', SDP_TYPE)
  endpointOptions(): void {}

  @ApiExcludeEndpoint()
  @All(['whip/rooms/:room', 'whip/echotest', 'whep/rooms/:room', 'whep/rooms/:room/feeds/:feed'])
  endpointOther(@Req() req: Request): never {
    throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here; POST an SDP offer`, {
      headers: { Allow: ENDPOINT_ALLOW },
    });
  }

  // ---- resources -------------------------------------------------------------------------------------------------

  /**
   * Trickle ICE (RFC 8840 fragments): every candidate of the fragment goes to Janus in one `trickle` (204); an
   * ICE restart answers 200 with Janus's side as a fragment and the new `ETag`. On `@Res()`: the status depends on
   * what the fragment asked for.
   */
  @Patch(['whip/resources/:id', 'whep/resources/:id'])
  @ApiOperation({ summary: 'Trickle ICE: the candidates of an application/trickle-ice-sdpfrag body' })
  @ApiConsumes(SDPFRAG_TYPE)
  @ApiBody({ description: 'SDP fragment (RFC 8840)', schema: { type: 'string' } })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the resource' })
  @ApiResponse({ status: 204, description: 'The candidates went to Janus' })
  async patch(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const resource = this.resourceFor(req, id);
    try {
      await this.auth.authorizeResource(req.headers.authorization, resource.owner);
      if (mediaTypeOf(req) !== SDPFRAG_TYPE) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `PATCH takes ${SDPFRAG_TYPE}`, {
          headers: { 'Accept-Patch': SDPFRAG_TYPE },
        });
      }
      const frag = parseSdpFrag(typeof req.body === 'string' ? req.body : '');
      const update = await this.ice.update(resource, frag, req.headers['if-match']?.trim());
      if (!update.restarted) {
        res.status(204).end();
        return;
      }
      res.status(200).setHeader('Content-Type', SDPFRAG_TYPE);
      if (update.etag) res.setHeader('ETag', update.etag);
      res.send(update.body);
    } catch (err) {
      // Ended meanwhile (DELETE, peer gone): the resource is no more, whatever Janus said.
      if (!this.resources.get(id)) throw new AppError('NOT_FOUND', 'no such resource');
      throw err;
    }
  }

  /** Ends the resource: its Janus session (and handle) is destroyed. */
  @Delete(['whip/resources/:id', 'whep/resources/:id'])
  @HttpCode(200)
  @ApiOperation({ summary: 'End the resource (its Janus session and handle are destroyed)' })
  @ApiResponse({ status: 200, description: 'Ended' })
  async remove(@Param('id') id: string, @Req() req: Request): Promise<void> {
    const resource = this.resourceFor(req, id);
    await this.auth.authorizeResource(req.headers.authorization, resource.owner);
    await this.resources.close(resource.id, 'DELETE by the client');
  }

  @ApiExcludeEndpoint()
  @Options(['whip/resources/:id', 'whep/resources/:id'])
  @HttpCode(204)
  resourceOptions(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    this.resourceFor(req, id);
    res.setHeader('Allow', RESOURCE_ALLOW).setHeader('Accept-Patch', SDPFRAG_TYPE);
  }

  @ApiExcludeEndpoint()
  @All(['whip/resources/:id', 'whep/resources/:id'])
  resourceOther(@Req() req: Request): never {
    throw new AppError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on a resource`, {
      headers: { Allow: RESOURCE_ALLOW },
    });
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  /** 201's headers (`Location`, `ETag`, `Janus-Feed-Id`, ICE servers as `Link`s); the body is the SDP answer. */
  private created(
    res: Response,
    base: string,
    resource: WhipResource & { answer: string },
    caller: WhipCaller,
  ): string {
    res.setHeader('Content-Type', SDP_TYPE);
    res.setHeader('Location', `${base}/${resource.id}`);
    res.setHeader('ETag', resource.etag);
    if (resource.feed !== undefined) res.setHeader('Janus-Feed-Id', String(resource.feed));
    const links = this.iceLinks(caller);
    if (links.length > 0) res.setHeader('Link', links);
    return resource.answer;
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

  /** The request's SDP offer: 415 for another type, then {@link parseOffer}'s 400 and 422. */
  private offerOf(req: Request, purpose: OfferPurpose): WhipOffer {
    if (mediaTypeOf(req) !== SDP_TYPE) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `the offer must be sent as ${SDP_TYPE}`, {
        headers: { 'Accept-Post': SDP_TYPE },
      });
    }
    return parseOffer(typeof req.body === 'string' ? req.body : '', purpose);
  }

  /** The live resource of the path's kind (`/whip/...` holds WHIP and EchoTest, `/whep/...` WHEP), else 404. */
  private resourceFor(req: Request, id: string): WhipResource {
    const resource = this.resources.get(id);
    const whep = req.path.startsWith('/whep/');
    if (!resource || (resource.kind === 'whep') !== whep) throw new AppError('NOT_FOUND', 'no such resource');
    return resource;
  }
}
