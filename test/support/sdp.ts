import { randomBytes } from 'node:crypto';

/**
 * A minimal but valid WebRTC offer (audio opus + video VP8, BUNDLE, rtcp-mux, trickle) that Janus accepts and
 * answers, for tests that negotiate without a browser. ICE never completes: there are no candidates.
 */
export function staticOffer(opts: { audio?: boolean; video?: boolean } = {}): { type: 'offer'; sdp: string } {
  const audio = opts.audio ?? true;
  const video = opts.video ?? true;
  const fingerprint = [...randomBytes(32)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
  const ufrag = randomBytes(4).toString('hex');
  const pwd = randomBytes(12).toString('hex');
  const mids = [audio ? '0' : undefined, video ? '1' : undefined].filter((m) => m !== undefined);
  const common = (mid: string): string[] => [
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=ice-ufrag:${ufrag}`,
    `a=ice-pwd:${pwd}`,
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fingerprint}`,
    'a=setup:actpass',
    `a=mid:${mid}`,
    'a=sendrecv',
    'a=rtcp-mux',
  ];
  const lines = [
    'v=0',
    `o=- ${Date.now()} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    `a=group:BUNDLE ${mids.join(' ')}`,
    'a=msid-semantic: WMS test',
  ];
  if (audio) {
    lines.push(
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      ...common('0'),
      'a=rtpmap:111 opus/48000/2',
      'a=fmtp:111 minptime=10;useinbandfec=1',
      'a=ssrc:1111 cname:test',
      'a=ssrc:1111 msid:test audio0',
    );
  }
  if (video) {
    lines.push(
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      ...common('1'),
      'a=rtpmap:96 VP8/90000',
      'a=rtcp-fb:96 nack',
      'a=rtcp-fb:96 nack pli',
      'a=rtcp-fb:96 ccm fir',
      'a=ssrc:2222 cname:test',
      'a=ssrc:2222 msid:test video0',
    );
  }
  return { type: 'offer', sdp: `${lines.join('\r\n')}\r\n` };
}

/** The DTLS fingerprint and ICE credentials of one side of a PeerConnection (they stay across renegotiations). */
export interface SdpIdentity {
  fingerprint: string;
  ufrag: string;
  pwd: string;
}

/** A fresh fingerprint and ICE credentials. */
export function sdpIdentity(): SdpIdentity {
  return {
    fingerprint: [...randomBytes(32)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':'),
    ufrag: randomBytes(4).toString('hex'),
    pwd: randomBytes(12).toString('hex'),
  };
}

/**
 * A valid answer to an offer from Janus (a subscription): every m-line accepted with its first codec, receive
 * only (inactive where the offer's is), BUNDLE kept. Enough for Janus to accept `start`; no media flows (no
 * candidates). Pass the same `identity` to answer the renegotiations of one PeerConnection.
 */
export function answerFor(offerSdp: string, identity: SdpIdentity = sdpIdentity()): { type: 'answer'; sdp: string } {
  const { fingerprint, ufrag, pwd } = identity;
  const sections = offerSdp.split(/\r?\n(?=m=)/);
  const session = sections[0].split(/\r?\n/).filter(Boolean);
  const bundle = session.find((l) => l.startsWith('a=group:BUNDLE'));
  const lines = [
    'v=0',
    `o=- ${Date.now()} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    ...(bundle ? [bundle] : []),
    'a=msid-semantic: WMS',
  ];
  for (const section of sections.slice(1)) {
    const sl = section.split(/\r?\n/).filter(Boolean);
    const [kind, , proto, ...pts] = sl[0].slice(2).split(' ');
    const mid = sl.find((l) => l.startsWith('a=mid:'))?.slice(6) ?? '0';
    const inactive = sl[0].split(' ')[1] === '0' || sl.some((l) => l === 'a=inactive');
    if (kind === 'application') {
      lines.push(`m=application ${inactive ? 0 : 9} ${proto} ${pts.join(' ')}`, 'c=IN IP4 0.0.0.0');
      lines.push(
        `a=ice-ufrag:${ufrag}`,
        `a=ice-pwd:${pwd}`,
        `a=fingerprint:sha-256 ${fingerprint}`,
        'a=setup:active',
        `a=mid:${mid}`,
      );
      lines.push('a=sctp-port:5000');
      continue;
    }
    const pt = pts[0];
    const rtpmap = sl.find((l) => l.startsWith(`a=rtpmap:${pt} `));
    lines.push(`m=${kind} ${inactive ? 0 : 9} ${proto} ${pt}`, 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0');
    lines.push(`a=ice-ufrag:${ufrag}`, `a=ice-pwd:${pwd}`, `a=fingerprint:sha-256 ${fingerprint}`, 'a=setup:active');
    lines.push(`a=mid:${mid}`, inactive ? 'a=inactive' : 'a=recvonly', 'a=rtcp-mux');
    if (rtpmap) lines.push(rtpmap);
  }
  return { type: 'answer', sdp: `${lines.join('\r\n')}\r\n` };
}
