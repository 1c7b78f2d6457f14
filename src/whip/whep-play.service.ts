import { Injectable } from '@nestjs/common';
import type { VideoRoomEvent } from 'nestjs-janus';
import { filter, map } from 'rxjs';
import { AppError } from '../errors/index.js';
import { pinOf } from '../videoroom/room-pin.js';
import { iceRestart, withJanusCandidates } from './janus-sdp.js';
import { parseSdp, type ParsedSdp } from './sdp.js';
import { bridgeWhep, type WhepBridge } from './whep-bridge.js';
import type { WhipCaller } from './whip-auth.service.js';
import type { WhipOffer } from './whip-offer.js';
import { WhipResources, type WhipResource } from './whip-resources.service.js';
import { JanusPool } from '../janus/index.js';

/**
 * WHEP from a VideoRoom room. Janus 1.1.2's subscribers cannot take the client's offer: Janus makes its own, and the
 * app answers both offers and bridges the two (whep-bridge.ts); media flows directly between the client and Janus.
 * The resource ends when the feed stops sending; an ICE restart has Janus make a restart offer, answered as before.
 */
@Injectable()
export class WhepPlayService {
  constructor(
    private readonly resources: WhipResources,
    private readonly pool: JanusPool,
  ) {}

  /**
   * The room's current publisher: the newest WHIP publisher of this app, else the first one Janus lists. A read: it
   * places nothing (a room that does not exist leaves no placement).
   */
  async currentPublisher(room: number): Promise<number> {
    const { videoRoom } = await this.pool.locate('videoroom', room);
    const { participants } = await videoRoom.listParticipants({ room });
    const publishing = new Set(participants.filter((p) => p.publisher).map((p) => Number(p.id)));
    const ours = this.resources
      .list()
      .filter((r) => r.kind === 'whip' && r.room === room && r.feed !== undefined && publishing.has(r.feed))
      .sort((a, b) => b.createdAt - a.createdAt)[0]?.feed;
    const feed = ours ?? [...publishing][0];
    if (feed === undefined) throw new AppError('NOT_FOUND', `room ${room} has no publisher`);
    return feed;
  }

  /** Plays `feed` of `room` to the client that sent `offer`. */
  async play(
    room: number,
    feed: number,
    offer: WhipOffer,
    caller: WhipCaller,
  ): Promise<WhipResource & { answer: string }> {
    return this.resources.openInRoom('whep', room, caller, offer.ice, async (handle) => {
      // Janus's offer answered for Janus; the client's answer is what the bridge made of Janus's offer.
      const answerBoth = async (clientOffer: ParsedSdp, janusOffer: string | undefined): Promise<WhepBridge> => {
        if (!janusOffer) throw new AppError('JANUS_ERROR', 'Janus sent no offer');
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
      const restartIce = iceRestart(handle, offer.text, async (sdp) => {
        const { jsep: restartOffer } = await handle.configure({ restart: true });
        return (await answerBoth(parseSdp(sdp), restartOffer?.sdp)).clientAnswer;
      });
      // Candidates go to Janus's first accepted (bundling) m-line, whatever the client's m-line order.
      return { handle, answer, candidateTarget: firstMid, room, feed, ended$, watchMedia: false, restartIce };
    });
  }
}
