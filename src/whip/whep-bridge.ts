import { randomInt } from 'node:crypto';
import { AppError } from '../errors/index.js';
import {
  attribute,
  attributes,
  candidatesOf,
  codecsOf,
  directionOf,
  extmapsOf,
  fmtpParam,
  hasFlag,
  joinSdp,
  midOf,
  transportOf,
  type ParsedSdp,
  type SdpCodec,
  type SdpMedia,
} from './sdp.js';

/**
 * WHEP on Janus 1.1.2's VideoRoom: a WHEP client sends an offer, but a 1.1.2 subscriber cannot take one (Janus makes
 * the offer: a `join` with a JSEP offer ignores it, and `start` with an offer fails with 490 "Error setting ICE
 * locally"). So the app sits in the middle of the two offers and answers both:
 *
 * - to Janus, an answer "from the client": Janus's m-lines, mids and payload types, with the client's ICE
 *   credentials, DTLS fingerprint and candidates, receive-only;
 * - to the client, an answer "from Janus": the client's m-lines and mids, with Janus's ICE credentials, DTLS
 *   fingerprint, candidates, SSRCs and msids, send-only.
 *
 * ICE and DTLS then run end to end between the client and Janus (the DTLS roles are set so that exactly one side
 * is the client). The media path is untouched; what both answers must agree on is what the RTP packets carry:
 * - the payload types: a stream is accepted only when the client offered Janus's codec under the same payload
 *   type. Janus sends its own numbers (it does not rewrite them per subscriber) and a browser decodes by the
 *   numbers of its offer: seen with Chromium, whose offer with VP8 moved from 96 to 120 decoded no frame when
 *   answered with 120. Browsers use the common numbers (opus 111, VP8 96), as Janus does;
 * - header extensions: only those with the same id on both sides are kept, and the `sdes:mid` extension only
 *   when every accepted m-line has the same mid on both sides (else the client demuxes by the SSRCs the answer
 *   lists);
 * - retransmissions (rtx) only when both sides use the same rtx payload type.
 *
 * Unmatched m-lines are rejected (port 0) in the answer on their side.
 */

/** A Janus m-line, as trickled candidates name it. */
export interface WhepMidMapping {
  readonly sdpMid: string;
  readonly sdpMLineIndex: number;
}

export interface WhepBridge {
  /** The answer for Janus (`start`). */
  readonly janusAnswer: string;
  /** The answer for the WHEP client (the 201 body), without Janus's candidates when Janus trickles them. */
  readonly clientAnswer: string;
  /** The first accepted Janus m-line: the one the client's candidates go to (Janus bundles everything on it). */
  readonly firstMid: WhepMidMapping;
  /** Accepted media kinds, in the client's order. */
  readonly accepted: readonly string[];
}

/** The client's offer and Janus's offer have nothing in common to send (`UNPROCESSABLE`). */
export class WhepNoMatchError extends AppError {
  override readonly name: string = 'WhepNoMatchError';
  constructor(reason: string) {
    super('UNPROCESSABLE', reason);
  }
}

interface Pair {
  client: SdpMedia;
  janus: SdpMedia;
  codec: SdpCodec;
  rtx?: SdpCodec;
}

const MID_EXT = 'urn:ietf:params:rtp-hdrext:sdes:mid';

function sameCodec(a: SdpCodec, b: SdpCodec): boolean {
  if (a.name.toLowerCase() !== b.name.toLowerCase() || a.clockRate !== b.clockRate || a.channels !== b.channels) {
    return false;
  }
  if (a.name.toLowerCase() === 'h264') {
    const mode = (c: SdpCodec): string => fmtpParam(c.fmtp, 'packetization-mode') ?? '0';
    const profile = (c: SdpCodec): string => (fmtpParam(c.fmtp, 'profile-level-id') ?? '42e01f').slice(0, 2);
    return mode(a) === mode(b) && profile(a).toLowerCase() === profile(b).toLowerCase();
  }
  if (a.name.toLowerCase() === 'vp9' || a.name.toLowerCase() === 'av1') {
    const profile = (c: SdpCodec): string => fmtpParam(c.fmtp, 'profile-id') ?? fmtpParam(c.fmtp, 'profile') ?? '0';
    return profile(a) === profile(b);
  }
  return true;
}

function rtxFor(media: SdpMedia, pt: number): SdpCodec | undefined {
  return codecsOf(media).find((c) => c.name.toLowerCase() === 'rtx' && fmtpParam(c.fmtp, 'apt') === String(pt));
}

/** The Janus m-line's codec the client can receive (same codec, same payload type), if any. */
function match(client: SdpMedia, janus: SdpMedia): Omit<Pair, 'client' | 'janus'> | undefined {
  const janusCodec = codecsOf(janus).find(
    (c) => !['rtx', 'red', 'ulpfec', 'flexfec-03'].includes(c.name.toLowerCase()),
  );
  if (!janusCodec) return undefined;
  const clientCodec = codecsOf(client).find((c) => c.pt === janusCodec.pt && sameCodec(c, janusCodec));
  if (!clientCodec) return undefined;
  const janusRtx = rtxFor(janus, janusCodec.pt);
  const clientRtx = rtxFor(client, clientCodec.pt);
  const rtx = janusRtx && clientRtx && janusRtx.pt === clientRtx.pt ? janusRtx : undefined;
  return { codec: janusCodec, rtx };
}

/** Pairs every client audio/video m-line that can receive with an unused Janus m-line of the same kind. */
function pairUp(client: ParsedSdp, janus: ParsedSdp): Pair[] {
  const used = new Set<number>();
  const pairs: Pair[] = [];
  for (const c of client.media) {
    if (c.port === 0 || (c.kind !== 'audio' && c.kind !== 'video')) continue;
    const direction = directionOf(client, c);
    if (direction !== 'recvonly' && direction !== 'sendrecv') continue;
    for (const j of janus.media) {
      if (used.has(j.index) || j.port === 0 || j.kind !== c.kind) continue;
      const found = match(c, j);
      if (!found) continue;
      used.add(j.index);
      pairs.push({ client: c, janus: j, ...found });
      break;
    }
  }
  return pairs;
}

function rejected(media: SdpMedia, mid: string | undefined): string[] {
  return [
    `m=${media.kind} 0 ${media.proto} ${media.formats[0] ?? '0'}`,
    'c=IN IP4 0.0.0.0',
    ...(mid !== undefined ? [`a=mid:${mid}`] : []),
    'a=inactive',
  ];
}

function sessionHead(): string[] {
  return ['v=0', `o=- ${randomInt(1, 2 ** 47)} 2 IN IP4 127.0.0.1`, 's=-', 't=0 0'];
}

/** Codec lines for `pt` (rtpmap, fmtp, rtcp-fb) written under `pt`. */
function codecLines(codec: SdpCodec, rtcpFb: readonly string[]): string[] {
  const name =
    codec.channels > 1 ? `${codec.name}/${codec.clockRate}/${codec.channels}` : `${codec.name}/${codec.clockRate}`;
  return [
    `a=rtpmap:${codec.pt} ${name}`,
    ...(codec.fmtp ? [`a=fmtp:${codec.pt} ${codec.fmtp}`] : []),
    ...rtcpFb.map((fb) => `a=rtcp-fb:${codec.pt} ${fb}`),
  ];
}

/** Builds both answers; throws {@link WhepNoMatchError} when no stream can be sent to the client. */
export function bridgeWhep(client: ParsedSdp, janus: ParsedSdp): WhepBridge {
  const pairs = pairUp(client, janus);
  if (pairs.length === 0) {
    const offered = janus.media
      .filter((m) => m.port !== 0)
      .map((m) => `${m.kind} ${codecsOf(m)[0]?.name ?? '?'}/${codecsOf(m)[0]?.pt ?? '?'}`);
    throw new WhepNoMatchError(
      `the offer has no receiving audio/video m-line for what the feed sends (${offered.join(', ') || 'nothing'}, same payload type required)`,
    );
  }
  const clientTransport = transportOf(client, pairs[0].client);
  const janusTransport = transportOf(janus, pairs[0].janus);
  // The client offered actpass (or active): Janus is the DTLS server. A passive client makes Janus the DTLS client.
  const clientIsPassive = clientTransport.setup === 'passive';
  const setupToJanus = clientIsPassive ? 'passive' : 'active';
  const setupToClient = clientIsPassive ? 'active' : 'passive';

  const sameMids = pairs.every((p) => midOf(p.client) === midOf(p.janus));
  const sharedExtmaps = (p: Pair): Array<{ id: number; uri: string }> => {
    const clientExt = extmapsOf(p.client);
    return extmapsOf(p.janus).filter(
      (e) => clientExt.some((c) => c.id === e.id && c.uri === e.uri) && (e.uri !== MID_EXT || sameMids),
    );
  };
  const sharedFb = (p: Pair): string[] => {
    const clientCodec = codecsOf(p.client).find((c) => c.pt === p.codec.pt);
    return p.codec.rtcpFb.filter((fb) => clientCodec?.rtcpFb.includes(fb));
  };
  const rtcpRsize = (m: SdpMedia): string[] => (hasFlag(m.lines, 'rtcp-rsize') ? ['a=rtcp-rsize'] : []);

  // ---- answer to Janus ----
  const pairByJanus = new Map(pairs.map((p) => [p.janus.index, p]));
  const toJanus: string[] = [...sessionHead()];
  // Janus's own order: its first m-line carries the bundled transport.
  const byJanusIndex = [...pairs].sort((a, b) => a.janus.index - b.janus.index);
  const janusBundle = byJanusIndex.map((p) => midOf(p.janus)).filter((m): m is string => m !== undefined);
  if (janusBundle.length > 0) toJanus.push(`a=group:BUNDLE ${janusBundle.join(' ')}`);
  toJanus.push('a=msid-semantic: WMS *');
  for (const j of janus.media) {
    const pair = pairByJanus.get(j.index);
    if (!pair) {
      toJanus.push(...rejected(j, midOf(j)));
      continue;
    }
    const pts = [pair.codec.pt, ...(pair.rtx ? [pair.rtx.pt] : [])];
    toJanus.push(
      `m=${j.kind} 9 ${j.proto} ${pts.join(' ')}`,
      'c=IN IP4 0.0.0.0',
      `a=ice-ufrag:${clientTransport.ufrag}`,
      `a=ice-pwd:${clientTransport.pwd}`,
      'a=ice-options:trickle',
      `a=fingerprint:${clientTransport.fingerprint}`,
      `a=setup:${setupToJanus}`,
      `a=mid:${midOf(j) ?? String(j.index)}`,
      ...sharedExtmaps(pair).map((e) => `a=extmap:${e.id} ${e.uri}`),
      'a=recvonly',
      'a=rtcp-mux',
      ...rtcpRsize(pair.client),
      ...codecLines(pair.codec, sharedFb(pair)),
      ...(pair.rtx ? codecLines(pair.rtx, []) : []),
      ...candidatesOf(pair.client).map((c) => `a=${c}`),
      ...(hasFlag(pair.client.lines, 'end-of-candidates') ? ['a=end-of-candidates'] : []),
    );
  }

  // ---- answer to the client ----
  const pairByClient = new Map(pairs.map((p) => [p.client.index, p]));
  const toClient: string[] = [...sessionHead()];
  const clientGroup = attribute(client.session, 'group');
  const clientBundle = pairs.map((p) => midOf(p.client)).filter((m): m is string => m !== undefined);
  if (clientGroup?.startsWith('BUNDLE') && clientBundle.length > 0)
    toClient.push(`a=group:BUNDLE ${clientBundle.join(' ')}`);
  toClient.push('a=msid-semantic: WMS *');
  const janusCandidates = candidatesOf(pairs[0].janus);
  const janusComplete = hasFlag(pairs[0].janus.lines, 'end-of-candidates');
  const connection = janus.session.find((l) => l.startsWith('c=')) ?? 'c=IN IP4 0.0.0.0';
  for (const c of client.media) {
    const pair = pairByClient.get(c.index);
    if (!pair) {
      toClient.push(...rejected(c, midOf(c)));
      continue;
    }
    const pts = [pair.codec.pt, ...(pair.rtx ? [pair.rtx.pt] : [])];
    const ssrcs = janusSsrcs(pair);
    toClient.push(
      `m=${c.kind} 9 ${c.proto} ${pts.join(' ')}`,
      pair.janus.lines.find((l) => l.startsWith('c=')) ?? connection,
      `a=ice-ufrag:${janusTransport.ufrag}`,
      `a=ice-pwd:${janusTransport.pwd}`,
      'a=ice-options:trickle',
      `a=fingerprint:${janusTransport.fingerprint}`,
      `a=setup:${setupToClient}`,
      `a=mid:${midOf(c) ?? String(c.index)}`,
      ...sharedExtmaps(pair).map((e) => `a=extmap:${e.id} ${e.uri}`),
      'a=sendonly',
      'a=rtcp-mux',
      ...rtcpRsize(pair.client),
      ...codecLines(pair.codec, sharedFb(pair)),
      ...(pair.rtx ? codecLines(pair.rtx, []) : []),
      ...attributes(pair.janus.lines, 'msid').map((v) => `a=msid:${v}`),
      ...ssrcs,
      ...janusCandidates.map((cand) => `a=${cand}`),
      ...(janusComplete ? ['a=end-of-candidates'] : []),
    );
  }

  return {
    janusAnswer: joinSdp(toJanus),
    clientAnswer: joinSdp(toClient),
    firstMid: {
      sdpMid: midOf(byJanusIndex[0].janus) ?? String(byJanusIndex[0].janus.index),
      sdpMLineIndex: byJanusIndex[0].janus.index,
    },
    accepted: pairs.map((p) => p.client.kind),
  };
}

/** Janus's `a=ssrc` lines for the m-line (the rtx SSRC and its FID group only when rtx is kept). */
function janusSsrcs(pair: Pair): string[] {
  const groups = attributes(pair.janus.lines, 'ssrc-group');
  const fid = groups.find((g) => g.startsWith('FID '));
  const rtxSsrc = fid?.split(' ')[2];
  const lines = attributes(pair.janus.lines, 'ssrc')
    .filter((s) => pair.rtx || s.split(' ')[0] !== rtxSsrc)
    .map((s) => `a=ssrc:${s}`);
  return [...(pair.rtx && fid ? [`a=ssrc-group:${fid}`] : []), ...lines];
}
