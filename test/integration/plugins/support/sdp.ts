/**
 * Static SDP for plugin tests without a browser: an offer a WebRTC endpoint could send (ICE credentials, DTLS
 * fingerprint, BUNDLE, rtcp-mux, opus + VP8), and an answer to the offers Janus makes to subscribers. No ICE
 * ever completes: Janus negotiates, which is all these tests need.
 */

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) & 255).toString(16).padStart(2, '0'))
  .join(':')
  .toUpperCase();

/** Where the offered media goes: `sendonly` for a publisher, `sendrecv` for the EchoTest. */
export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly';

/** An audio (mid 0, opus) + video (mid 1, VP8) offer. */
export function staticOffer(direction: SdpDirection = 'sendrecv'): string {
  const transport = (mid: string): string[] => [
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:nJx7',
    'a=ice-pwd:4Y2kq9wVtZr8mB3xP6sLdH1c',
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${FINGERPRINT}`,
    'a=setup:actpass',
    `a=mid:${mid}`,
    'a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid',
    `a=${direction}`,
    'a=rtcp-mux',
  ];
  return [
    'v=0',
    'o=- 5498186869896684180 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=msid-semantic: WMS test',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    ...transport('0'),
    'a=msid:test audio0',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=ssrc:11111111 cname:test',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    ...transport('1'),
    'a=msid:test video0',
    'a=rtcp-rsize',
    'a=rtpmap:96 VP8/90000',
    'a=rtcp-fb:96 nack',
    'a=rtcp-fb:96 nack pli',
    'a=rtcp-fb:96 ccm fir',
    'a=ssrc:22222222 cname:test',
    '',
  ].join('\r\n');
}

/** A recvonly answer to an offer from Janus (same m-lines, mids and codecs; rejected m-lines stay rejected). */
export function answerTo(offer: string): string {
  const [session, ...media] = offer.split(/\r\n(?=m=)/);
  const lines = ['v=0', 'o=- 7733219846116528 2 IN IP4 127.0.0.1', 's=-', 't=0 0'];
  const bundle = session.split('\r\n').find((l) => l.startsWith('a=group:BUNDLE'));
  if (bundle) lines.push(bundle);
  for (const section of media) {
    const mLines = section.split('\r\n').filter(Boolean);
    const [m] = mLines;
    const mid = mLines.find((l) => l.startsWith('a=mid:'));
    lines.push(m, 'c=IN IP4 0.0.0.0');
    if (m.split(' ')[1] === '0') {
      if (mid) lines.push(mid, 'a=inactive');
      continue;
    }
    lines.push(
      'a=ice-ufrag:Qp3z',
      'a=ice-pwd:Lr5tX8nW2vB7mK4cJ9fH6sDq',
      `a=fingerprint:sha-256 ${FINGERPRINT}`,
      'a=setup:active',
    );
    if (mid) lines.push(mid);
    if (m.startsWith('m=application')) {
      lines.push(...mLines.filter((l) => l.startsWith('a=sctp-port')));
      continue;
    }
    lines.push('a=recvonly', 'a=rtcp-mux', ...mLines.filter((l) => /^a=(rtpmap|fmtp|rtcp-fb):/.test(l)));
  }
  return [...lines, ''].join('\r\n');
}
