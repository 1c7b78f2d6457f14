import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/index.js';
import { parseSdp, parseSdpFrag, SdpError, withCandidates } from '../../../src/whip/sdp.js';
import { bridgeWhep, WhepNoMatchError } from '../../../src/whip/whep-bridge.js';

/** Pure parts of WHIP/WHEP (no Janus): SDP and fragment parsing, the WHEP answers, the config variables. */

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;

/** What Janus 1.1.2 offers a subscriber of an opus + VP8 feed (taken from a real run). */
const JANUS_OFFER = crlf([
  'v=0',
  'o=- 1795507017872906 1 IN IP4 192.0.2.2',
  's=VideoRoom 1234',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 00:1A:FA:87:04:53:10:04:90:9F:3F:91:02:45:7E:B7:9B:6D:7F:7F:A9:1A:8C:22:24:D5:88:33:3E:BF:70:F1',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS *',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 192.0.2.2',
  'a=sendonly',
  'a=mid:0',
  'a=rtcp-mux',
  'a=ice-ufrag:9AKG',
  'a=ice-pwd:KebXN6Q06MOeC/qHzJzSfp',
  'a=ice-options:trickle',
  'a=setup:actpass',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=msid:janus janus0',
  'a=ssrc:3707931048 cname:janus',
  'a=candidate:1 1 udp 2015363327 192.0.2.2 36237 typ host',
  'a=end-of-candidates',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97',
  'c=IN IP4 192.0.2.2',
  'a=sendonly',
  'a=mid:1',
  'a=rtcp-mux',
  'a=ice-ufrag:9AKG',
  'a=ice-pwd:KebXN6Q06MOeC/qHzJzSfp',
  'a=ice-options:trickle',
  'a=setup:actpass',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 ccm fir',
  'a=rtcp-fb:96 nack',
  'a=rtcp-fb:96 nack pli',
  'a=rtcp-fb:96 goog-remb',
  'a=rtcp-fb:96 transport-cc',
  'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=ssrc-group:FID 3803514555 1935737452',
  'a=msid:janus janus1',
  'a=ssrc:3803514555 cname:janus',
  'a=ssrc:1935737452 cname:janus',
  'a=candidate:1 1 udp 2015363327 192.0.2.2 36237 typ host',
  'a=end-of-candidates',
]);

/** A receive-only client offer in the shape browsers write (m-lines in `order`, mids by position). */
function clientOffer(
  opts: { order?: Array<'audio' | 'video' | 'application'>; setup?: string; vp8Pt?: number; rtx?: boolean } = {},
): string {
  const order = opts.order ?? ['audio', 'video'];
  const vp8 = opts.vp8Pt ?? 96;
  const lines = [
    'v=0',
    'o=- 42 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    `a=group:BUNDLE ${order.map((_, i) => i).join(' ')}`,
  ];
  const common = (mid: number): string[] => [
    'c=IN IP4 0.0.0.0',
    'a=ice-ufrag:CLNT',
    'a=ice-pwd:clientpassword0123456789',
    'a=ice-options:trickle',
    'a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
    `a=setup:${opts.setup ?? 'actpass'}`,
    `a=mid:${mid}`,
  ];
  order.forEach((kind, mid) => {
    if (kind === 'audio') {
      lines.push('m=audio 9 UDP/TLS/RTP/SAVPF 111 0', ...common(mid));
      lines.push('a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid', 'a=recvonly', 'a=rtcp-mux');
      lines.push('a=rtpmap:111 opus/48000/2', 'a=rtcp-fb:111 transport-cc', 'a=fmtp:111 minptime=10;useinbandfec=1');
      lines.push('a=rtpmap:0 PCMU/8000');
    } else if (kind === 'video') {
      lines.push(`m=video 9 UDP/TLS/RTP/SAVPF ${vp8}${opts.rtx === false ? '' : ' 97'}`, ...common(mid));
      lines.push('a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time');
      lines.push('a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01');
      lines.push('a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid', 'a=recvonly', 'a=rtcp-mux', 'a=rtcp-rsize');
      lines.push(`a=rtpmap:${vp8} VP8/90000`, `a=rtcp-fb:${vp8} nack`, `a=rtcp-fb:${vp8} nack pli`);
      if (opts.rtx !== false) lines.push('a=rtpmap:97 rtx/90000', `a=fmtp:97 apt=${vp8}`);
    } else {
      lines.push('m=application 9 UDP/DTLS/SCTP webrtc-datachannel', ...common(mid), 'a=sctp-port:5000');
    }
  });
  return crlf(lines);
}

/** The m-line section of `sdp` whose `a=mid` is `mid`. */
function section(sdp: string, mid: string): string {
  return sdp.split(/\r\n(?=m=)/).find((s) => s.includes(`\r\na=mid:${mid}\r\n`)) ?? '';
}

describe('parseSdp', () => {
  it('splits session and m-lines', () => {
    const sdp = parseSdp(JANUS_OFFER);
    expect(sdp.media.map((m) => [m.kind, m.port, m.proto, m.formats])).toEqual([
      ['audio', 9, 'UDP/TLS/RTP/SAVPF', ['111']],
      ['video', 9, 'UDP/TLS/RTP/SAVPF', ['96', '97']],
    ]);
    expect(sdp.session).toContain('a=group:BUNDLE 0 1');
  });

  it.each([
    ['', 'empty'],
    ['hello', 'v=0'],
    ['v=0\r\ns=-\r\n', 'no m= line'],
    ['v=0\r\nm=audio nine RTP 0\r\n', 'not a valid m= line'],
    ['v=0\r\nthis is not sdp\r\nm=audio 9 RTP 0\r\n', 'line 2'],
  ])('refuses %j (%s)', (text, message) => {
    expect(() => parseSdp(text)).toThrow(SdpError);
    expect(() => parseSdp(text)).toThrow(message);
  });
});

describe('parseSdpFrag (RFC 8840 bodies)', () => {
  it("reads whip-whep's fragments: ICE credentials, candidates per m-line, end-of-candidates", () => {
    const frag = parseSdpFrag(
      crlf([
        'a=ice-ufrag:abcd',
        'a=ice-pwd:secretsecretsecret',
        'm=audio 9 UDP/TLS/RTP/SAVPF 0',
        'a=mid:0',
        'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0',
        'a=candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active',
        'm=video 9 UDP/TLS/RTP/SAVPF 0',
        'a=mid:1',
        'a=candidate:3 1 udp 1686052607 127.0.0.2 50001 typ srflx raddr 127.0.0.1 rport 50000',
        'a=end-of-candidates',
      ]),
    );
    expect(frag.ufrag).toBe('abcd');
    expect(frag.pwd).toBe('secretsecretsecret');
    expect(frag.media.map((m) => [m.mid, m.candidates.length, m.endOfCandidates])).toEqual([
      ['0', 2, false],
      ['1', 1, true],
    ]);
    expect(frag.candidateCount).toBe(3);
    expect(frag.endOfCandidates).toBe(true);
    expect(frag.media[0].candidates[0]).toBe('candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0');
  });

  it('takes session-level candidates and media-level credentials; refuses junk', () => {
    const frag = parseSdpFrag(
      crlf([
        'a=candidate:1 1 udp 1 127.0.0.1 1 typ host',
        'm=audio 9 RTP/AVP 0',
        'a=ice-ufrag:u',
        'a=ice-pwd:p',
        'a=mid:a',
      ]),
    );
    expect(frag).toMatchObject({ ufrag: 'u', pwd: 'p', candidateCount: 1, endOfCandidates: false });
    expect(frag.media[0]).toMatchObject({ mid: 'a', candidates: ['candidate:1 1 udp 1 127.0.0.1 1 typ host'] });
    expect(() => parseSdpFrag('')).toThrow(SdpError);
    expect(() => parseSdpFrag('candidate:1 1 udp 1 127.0.0.1 1 typ host\r\n')).toThrow('line 1');
    expect(() => parseSdpFrag('a=candidate:1 1 udp\r\n')).toThrow('not an ICE candidate');
  });
});

describe('withCandidates', () => {
  it('adds the candidates Janus trickled (once) and end-of-candidates to every live m-line', () => {
    const bare = JANUS_OFFER.replace(/a=candidate:.*\r\n|a=end-of-candidates\r\n/g, '');
    const out = withCandidates(bare, ['candidate:9 1 udp 1 127.0.0.1 9 typ host'], true);
    expect(out.match(/^a=candidate:9 .*$/gm)).toHaveLength(2);
    expect(out.match(/^a=end-of-candidates$/gm)).toHaveLength(2);
    expect(withCandidates(bare, [], false)).toBe(bare);
  });
});

describe('bridgeWhep (a WHEP offer answered with a Janus subscription)', () => {
  it("answers Janus with the client's ICE/DTLS (DTLS client, recvonly) and the client with Janus's", () => {
    const bridge = bridgeWhep(parseSdp(clientOffer()), parseSdp(JANUS_OFFER));
    const toJanus = bridge.janusAnswer;
    expect(toJanus).toContain('a=group:BUNDLE 0 1');
    expect(toJanus.match(/^m=.*$/gm)).toEqual(['m=audio 9 UDP/TLS/RTP/SAVPF 111', 'm=video 9 UDP/TLS/RTP/SAVPF 96 97']);
    expect(toJanus.match(/^a=ice-ufrag:CLNT$/gm)).toHaveLength(2);
    expect(toJanus.match(/^a=setup:active$/gm)).toHaveLength(2);
    expect(toJanus.match(/^a=recvonly$/gm)).toHaveLength(2);
    expect(toJanus).toContain('a=fingerprint:sha-256 AA:BB:CC');
    // Only the feedback both sides have; the mid extension (same mids on both sides).
    expect(section(toJanus, '1')).toContain('a=rtcp-fb:96 nack pli');
    expect(section(toJanus, '1')).not.toContain('goog-remb');
    expect(section(toJanus, '1')).toContain('a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid');

    const toClient = bridge.clientAnswer;
    expect(toClient.match(/^a=ice-ufrag:9AKG$/gm)).toHaveLength(2);
    expect(toClient.match(/^a=setup:passive$/gm)).toHaveLength(2);
    expect(toClient.match(/^a=sendonly$/gm)).toHaveLength(2);
    expect(toClient).toContain('a=fingerprint:sha-256 00:1A:FA');
    expect(section(toClient, '1')).toContain('a=ssrc-group:FID 3803514555 1935737452');
    expect(section(toClient, '1')).toContain('a=msid:janus janus1');
    expect(section(toClient, '1')).toContain('a=rtcp-rsize');
    expect(toClient.match(/^a=candidate:1 1 udp 2015363327 192.0.2.2 36237 typ host$/gm)).toHaveLength(2);
    expect(bridge.firstMid).toEqual({ sdpMid: '0', sdpMLineIndex: 0 });
    expect(bridge.accepted).toEqual(['audio', 'video']);
  });

  it('video first: m-lines pair by kind, the mid extension is dropped (mids differ), SSRCs demux', () => {
    const bridge = bridgeWhep(parseSdp(clientOffer({ order: ['video', 'audio'] })), parseSdp(JANUS_OFFER));
    expect(bridge.clientAnswer.match(/^m=\w+/gm)).toEqual(['m=video', 'm=audio']);
    expect(section(bridge.clientAnswer, '0')).toContain('a=rtpmap:96 VP8/90000');
    expect(section(bridge.janusAnswer, '1')).toContain('a=rtpmap:96 VP8/90000');
    expect(bridge.janusAnswer).toContain('a=group:BUNDLE 0 1\r\n'); // Janus's order
    expect(bridge.clientAnswer).toContain('a=group:BUNDLE 0 1\r\n');
    expect(bridge.clientAnswer).not.toContain('sdes:mid');
    expect(bridge.janusAnswer).not.toContain('sdes:mid');
    expect(section(bridge.clientAnswer, '0')).toContain('a=ssrc:3803514555 cname:janus');
    expect(bridge.firstMid).toEqual({ sdpMid: '0', sdpMLineIndex: 0 }); // Janus's first bundled line
  });

  it('a passive client makes Janus the DTLS client; no rtx on the client: none either side', () => {
    const bridge = bridgeWhep(parseSdp(clientOffer({ setup: 'passive', rtx: false })), parseSdp(JANUS_OFFER));
    expect(bridge.janusAnswer).toContain('a=setup:passive');
    expect(bridge.clientAnswer).toContain('a=setup:active');
    expect(bridge.janusAnswer).toContain('m=video 9 UDP/TLS/RTP/SAVPF 96\r\n');
    expect(bridge.clientAnswer).not.toContain('rtx');
    expect(bridge.clientAnswer).not.toContain('1935737452'); // the rtx SSRC
  });

  it('rejects what it cannot pair: a data channel, VP8 under another payload type; none at all -> WhepNoMatchError', () => {
    const bridge = bridgeWhep(
      parseSdp(clientOffer({ order: ['audio', 'video', 'application'], vp8Pt: 120 })),
      parseSdp(JANUS_OFFER),
    );
    expect(bridge.accepted).toEqual(['audio']);
    expect(bridge.clientAnswer.match(/^m=.*$/gm)).toEqual([
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'm=video 0 UDP/TLS/RTP/SAVPF 120',
      'm=application 0 UDP/DTLS/SCTP webrtc-datachannel',
    ]);
    expect(bridge.clientAnswer).toContain('a=group:BUNDLE 0\r\n');
    expect(bridge.janusAnswer).toContain('m=video 0 UDP/TLS/RTP/SAVPF 96');
    expect(bridge.janusAnswer).toContain('a=group:BUNDLE 0\r\n');
    expect(() => bridgeWhep(parseSdp(clientOffer({ order: ['video'], vp8Pt: 120 })), parseSdp(JANUS_OFFER))).toThrow(
      WhepNoMatchError,
    );
  });
});

describe('WHIP configuration', () => {
  const base = { JANUS_URL: 'ws://127.0.0.1:8188', JWT_SECRET: 'a-test-secret-of-at-least-32-chars!' };

  function problemsOf(env: Record<string, string>): readonly string[] {
    try {
      loadConfig({ ...base, ...env });
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    throw new Error('expected a ConfigError');
  }

  it('defaults: no tokens, 30 s timeout, no publish role', () => {
    const { whip } = loadConfig(base);
    expect(whip.roomTokens.size).toBe(0);
    expect(whip.resourceTimeoutSeconds).toBe(30);
    expect(whip.publishRole).toBeUndefined();
  });

  it('reads WHIP_TOKENS (tokens may end with =), WHIP_RESOURCE_TIMEOUT_S, WHIP_PUBLISH_ROLE', () => {
    const { whip } = loadConfig({
      ...base,
      WHIP_TOKENS: ' 1234 = abcdefghijklmnop== , 5=0123456789abcdef',
      WHIP_RESOURCE_TIMEOUT_S: '5',
      WHIP_PUBLISH_ROLE: 'broadcaster',
    });
    expect([...whip.roomTokens]).toEqual([
      [1234, 'abcdefghijklmnop=='],
      [5, '0123456789abcdef'],
    ]);
    expect(whip.resourceTimeoutSeconds).toBe(5);
    expect(whip.publishRole).toBe('broadcaster');
  });

  it('names the bad variable', () => {
    expect(problemsOf({ WHIP_TOKENS: 'room=abcdefghijklmnop' })[0]).toMatch(/^WHIP_TOKENS: expected room=token/);
    expect(problemsOf({ WHIP_TOKENS: '1234' })[0]).toMatch(/^WHIP_TOKENS: expected room=token/);
    expect(problemsOf({ WHIP_TOKENS: '1234=short' })[0]).toMatch(/^WHIP_TOKENS: .*at least 16 characters/);
    expect(problemsOf({ WHIP_RESOURCE_TIMEOUT_S: '0' })[0]).toMatch(/^WHIP_RESOURCE_TIMEOUT_S: must be an integer/);
  });
});
