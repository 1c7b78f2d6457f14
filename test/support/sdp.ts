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
