import { Injectable } from '@nestjs/common';
import type { IceCandidate } from 'nestjs-janus';
import { AppError } from '../errors/index.js';
import type { SdpFrag } from './sdp.js';
import { WhipResources, type WhipResource } from './whip-resources.service.js';

/** What a PATCH did: trickled the client's candidates, or restarted ICE (Janus's side and the new entity tag). */
export type IceUpdate =
  { readonly restarted: false } | { readonly restarted: true; readonly body: string; readonly etag?: string };

/** `If-Match: "a", "b"` (weak tags compared weakly). */
function matchesEtag(ifMatch: string, etag: string): boolean {
  return ifMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * A live resource's ICE (RFC 9725 section 4.3): the candidates the client trickles (RFC 8840 fragments), and ICE
 * restarts (`If-Match: *`, or new credentials in the fragment).
 */
@Injectable()
export class WhipIceService {
  constructor(private readonly resources: WhipResources) {}

  /**
   * Applies a fragment to `resource`: every candidate goes to Janus in one `trickle` (once each: a client may list
   * a candidate under several bundled mids), to the m-line Janus bundles on. With `If-Match: *` or new credentials
   * it is an ICE restart: Janus renegotiates and its new credentials and candidates come back. `PRECONDITION_FAILED`
   * when `If-Match` names another entity tag, `BAD_REQUEST` for a restart without new credentials.
   */
  async update(resource: WhipResource, frag: SdpFrag, ifMatch: string | undefined): Promise<IceUpdate> {
    const newCredentials =
      (frag.ufrag !== undefined && frag.ufrag !== resource.ice.ufrag) ||
      (frag.pwd !== undefined && frag.pwd !== resource.ice.pwd);
    if (ifMatch !== undefined && ifMatch !== '*' && !matchesEtag(ifMatch, resource.etag)) {
      throw new AppError('PRECONDITION_FAILED', 'If-Match does not match the resource');
    }
    const unique = [...new Set(frag.media.flatMap((m) => m.candidates))];
    const candidates: IceCandidate[] = unique.map((candidate) => ({ candidate, ...resource.candidateTarget }));
    if (ifMatch !== '*' && !newCredentials) {
      await this.trickle(resource, candidates, frag.endOfCandidates);
      return { restarted: false };
    }
    if (!frag.ufrag || !frag.pwd || !newCredentials) {
      throw new AppError('BAD_REQUEST', 'an ICE restart needs new a=ice-ufrag and a=ice-pwd values');
    }
    const body = await resource.restartIce({ ufrag: frag.ufrag, pwd: frag.pwd });
    const etag = this.resources.restarted(resource.id, { ufrag: frag.ufrag, pwd: frag.pwd });
    await this.trickle(resource, candidates, frag.endOfCandidates);
    return { restarted: true, body, etag };
  }

  private async trickle(resource: WhipResource, candidates: IceCandidate[], complete: boolean): Promise<void> {
    if (candidates.length > 0) await resource.handle.trickle(candidates);
    if (complete) await resource.handle.trickleComplete();
  }
}
