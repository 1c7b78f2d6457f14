import { Injectable } from '@nestjs/common';
import { EchoTestPlugin } from 'nestjs-janus';
import { map } from 'rxjs';
import { iceRestart, withJanusCandidates } from './janus-sdp.js';
import type { WhipCaller } from './whip-auth.service.js';
import { firstMedia, type WhipOffer } from './whip-offer.js';
import { WhipResources, type WhipResource } from './whip-resources.service.js';

/**
 * WHIP to the EchoTest: the client's offer goes to the EchoTest plugin, which sends back what it receives. The
 * resource ends when the EchoTest says it is done; an ICE restart sends the offer again with the new credentials.
 */
@Injectable()
export class WhipEchoService {
  constructor(private readonly resources: WhipResources) {}

  echo(offer: WhipOffer, caller: WhipCaller): Promise<WhipResource & { answer: string }> {
    return this.resources.open('echotest', caller, offer.ice, async (session) => {
      const handle = await session.attach(EchoTestPlugin);
      const echo = async (sdp: string): Promise<string | undefined> =>
        (await handle.configure({ audio: true, video: true }, { type: 'offer', sdp })).jsep?.sdp;
      const answer = await withJanusCandidates(handle, () => echo(offer.text));
      const ended$ = handle.done$.pipe(map(() => 'the EchoTest ended'));
      const restartIce = iceRestart(handle, offer.text, echo);
      return { handle, answer, candidateTarget: firstMedia(offer.sdp), ended$, watchMedia: true, restartIce };
    });
  }
}
