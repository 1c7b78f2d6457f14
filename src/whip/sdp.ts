/**
 * The SDP that WHIP/WHEP need: parsing offers and answers into sections (no interpretation beyond what the
 * endpoints use), reading ICE/DTLS/codec attributes, and parsing `application/trickle-ice-sdpfrag` bodies
 * (RFC 8840) for PATCH. Malformed input throws {@link SdpError} (an HTTP 400 at the endpoints).
 */
import { AppError } from '../errors/index.js';

/** The body is not a usable SDP (or SDP fragment): `BAD_REQUEST`, "invalid SDP: <why>". */
export class SdpError extends AppError {
  override readonly name: string = 'SdpError';
  constructor(reason: string) {
    super('BAD_REQUEST', `invalid SDP: ${reason}`);
  }
}

/** One `m=` section. `lines` are the section's lines after the `m=` line, without line ends. */
export interface SdpMedia {
  /** 0-based position of the `m=` line. */
  readonly index: number;
  /** `audio`, `video`, `application`, ... */
  readonly kind: string;
  readonly port: number;
  readonly proto: string;
  readonly formats: readonly string[];
  readonly lines: readonly string[];
}

export interface ParsedSdp {
  /** Session-level lines (before the first `m=`), without line ends. */
  readonly session: readonly string[];
  readonly media: readonly SdpMedia[];
}

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** One codec of an m-line, from its `a=rtpmap` (and `a=fmtp`, `a=rtcp-fb`). */
export interface SdpCodec {
  readonly pt: number;
  /** Encoding name as written (`opus`, `VP8`, `rtx`, ...). */
  readonly name: string;
  readonly clockRate: number;
  /** Audio channels (1 when absent). */
  readonly channels: number;
  /** The `a=fmtp` parameters, as written. */
  readonly fmtp?: string;
  /** `a=rtcp-fb` values for this payload type (and for `*`). */
  readonly rtcpFb: readonly string[];
}

/** One `a=extmap`. */
export interface SdpExtmap {
  readonly id: number;
  readonly uri: string;
}

/** The ICE credentials and DTLS parameters of one m-line (media level, else session level). */
export interface SdpTransport {
  readonly ufrag: string;
  readonly pwd: string;
  /** `a=fingerprint` value, e.g. `sha-256 AB:CD:...`. */
  readonly fingerprint: string;
  /** `a=setup` value (`actpass` when absent). */
  readonly setup: string;
}

const LINE = /^[a-z]=.*$/;
const M_LINE = /^m=([a-z]+) (\d+)(?:\/\d+)? (\S+)(?: (.*))?$/;
/** `candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...` */
const CANDIDATE = /^candidate:\S+ \d+ \S+ \d+ \S+ \d+ typ \S+/i;

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

/** Parses an SDP offer or answer; throws {@link SdpError} when it is not one. */
export function parseSdp(text: string): ParsedSdp {
  if (typeof text !== 'string' || text.trim() === '') throw new SdpError('the body is empty');
  const lines = splitLines(text);
  if (lines[0] !== 'v=0') throw new SdpError('an SDP must start with "v=0"');
  const session: string[] = [];
  const media: SdpMedia[] = [];
  let current: { kind: string; port: number; proto: string; formats: string[]; lines: string[] } | undefined;
  for (const [n, line] of lines.entries()) {
    if (!LINE.test(line))
      throw new SdpError(`line ${n + 1} is not "<type>=<value>": ${JSON.stringify(line.slice(0, 80))}`);
    if (line.startsWith('m=')) {
      const m = M_LINE.exec(line);
      if (!m) throw new SdpError(`line ${n + 1} is not a valid m= line`);
      if (current) media.push({ index: media.length, ...current });
      current = {
        kind: m[1],
        port: Number(m[2]),
        proto: m[3],
        formats: (m[4] ?? '').split(' ').filter(Boolean),
        lines: [],
      };
    } else if (current) {
      current.lines.push(line);
    } else {
      session.push(line);
    }
  }
  if (current) media.push({ index: media.length, ...current });
  if (media.length === 0) throw new SdpError('the SDP has no m= line');
  return { session, media };
}

/** Serializes lines as an SDP body (CRLF line ends, one at the end). */
export function joinSdp(lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

/** Values of `a=<name>:<value>` in `lines`. */
export function attributes(lines: readonly string[], name: string): string[] {
  const prefix = `a=${name}:`;
  return lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

/** The first value of `a=<name>:<value>`. */
export function attribute(lines: readonly string[], name: string): string | undefined {
  return attributes(lines, name)[0];
}

/** Whether the flag `a=<name>` (no value) is present. */
export function hasFlag(lines: readonly string[], name: string): boolean {
  return lines.includes(`a=${name}`);
}

/** The m-line's `a=mid`. */
export function midOf(media: SdpMedia): string | undefined {
  return attribute(media.lines, 'mid');
}

/** The m-line's direction (media level, else session level, else `sendrecv`). */
export function directionOf(sdp: ParsedSdp, media: SdpMedia): SdpDirection {
  for (const lines of [media.lines, sdp.session]) {
    for (const d of ['sendrecv', 'sendonly', 'recvonly', 'inactive'] as const) if (hasFlag(lines, d)) return d;
  }
  return 'sendrecv';
}

/** ICE credentials and DTLS parameters of an m-line; throws {@link SdpError} when one is missing. */
export function transportOf(sdp: ParsedSdp, media: SdpMedia): SdpTransport {
  const pick = (name: string): string | undefined => attribute(media.lines, name) ?? attribute(sdp.session, name);
  const ufrag = pick('ice-ufrag');
  const pwd = pick('ice-pwd');
  const fingerprint = pick('fingerprint');
  const where = `m-line ${media.index} (${media.kind})`;
  if (!ufrag || !pwd) throw new SdpError(`${where} has no ICE credentials (a=ice-ufrag, a=ice-pwd)`);
  if (!fingerprint) throw new SdpError(`${where} has no DTLS fingerprint (a=fingerprint)`);
  return { ufrag, pwd, fingerprint, setup: pick('setup') ?? 'actpass' };
}

/** The codecs of an m-line in the order of its format list. */
export function codecsOf(media: SdpMedia): SdpCodec[] {
  const rtpmaps = new Map<number, { name: string; clockRate: number; channels: number }>();
  for (const value of attributes(media.lines, 'rtpmap')) {
    const m = /^(\d+) ([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(value);
    if (m) rtpmaps.set(Number(m[1]), { name: m[2], clockRate: Number(m[3]), channels: Number(m[4] ?? 1) });
  }
  const fmtps = new Map<number, string>();
  for (const value of attributes(media.lines, 'fmtp')) {
    const m = /^(\d+) (.*)$/.exec(value);
    if (m) fmtps.set(Number(m[1]), m[2]);
  }
  const feedback = attributes(media.lines, 'rtcp-fb');
  const fbFor = (pt: number): string[] =>
    feedback.flatMap((value) => {
      const m = /^(\d+|\*) (.+)$/.exec(value);
      return m && (m[1] === '*' || Number(m[1]) === pt) ? [m[2]] : [];
    });
  const codecs: SdpCodec[] = [];
  for (const format of media.formats) {
    const pt = Number(format);
    const rtpmap = rtpmaps.get(pt);
    if (!Number.isInteger(pt) || !rtpmap) continue;
    codecs.push({ pt, ...rtpmap, fmtp: fmtps.get(pt), rtcpFb: fbFor(pt) });
  }
  return codecs;
}

/** The m-line's `a=extmap` lines. */
export function extmapsOf(media: SdpMedia): SdpExtmap[] {
  return attributes(media.lines, 'extmap').flatMap((value) => {
    const m = /^(\d+)(?:\/\S+)? (\S+)/.exec(value);
    return m ? [{ id: Number(m[1]), uri: m[2] }] : [];
  });
}

/** The `a=candidate` lines of an m-line (as `candidate:...` values). */
export function candidatesOf(media: SdpMedia): string[] {
  return attributes(media.lines, 'candidate').map((c) => `candidate:${c}`);
}

/** An fmtp parameter (`key=value;...`), case-insensitive key. */
export function fmtpParam(fmtp: string | undefined, key: string): string | undefined {
  for (const part of (fmtp ?? '').split(';')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k?.toLowerCase() === key.toLowerCase()) return v;
  }
  return undefined;
}

// ---- trickle-ice-sdpfrag (RFC 8840) ------------------------------------------------------------------------------

/** One m-line of an SDP fragment. */
export interface SdpFragMedia {
  /** `a=mid`, when the fragment names it. */
  readonly mid?: string;
  /** `candidate:...` values. */
  readonly candidates: readonly string[];
  readonly endOfCandidates: boolean;
}

/** A parsed `application/trickle-ice-sdpfrag` body. */
export interface SdpFrag {
  /** `a=ice-ufrag` / `a=ice-pwd` (session level, else of the first m-line that has them). */
  readonly ufrag?: string;
  readonly pwd?: string;
  readonly media: readonly SdpFragMedia[];
  /** `a=end-of-candidates` at session level or in any m-line. */
  readonly endOfCandidates: boolean;
  /** Every candidate of the fragment. */
  readonly candidateCount: number;
}

/** Parses a trickle-ice-sdpfrag body; throws {@link SdpError} when it is malformed. */
export function parseSdpFrag(text: string): SdpFrag {
  if (typeof text !== 'string' || text.trim() === '') throw new SdpError('the body is empty');
  const lines = splitLines(text);
  const session: string[] = [];
  const sections: string[][] = [];
  for (const [n, line] of lines.entries()) {
    if (!LINE.test(line))
      throw new SdpError(`line ${n + 1} is not "<type>=<value>": ${JSON.stringify(line.slice(0, 80))}`);
    if (line.startsWith('m=')) {
      if (!M_LINE.test(line)) throw new SdpError(`line ${n + 1} is not a valid m= line`);
      sections.push([]);
    } else if (sections.length > 0) sections[sections.length - 1].push(line);
    else session.push(line);
  }
  const check = (values: string[]): string[] =>
    values.map((c) => {
      const candidate = `candidate:${c}`;
      if (!CANDIDATE.test(candidate))
        throw new SdpError(`not an ICE candidate: ${JSON.stringify(candidate.slice(0, 120))}`);
      return candidate;
    });
  const media: SdpFragMedia[] = sections.map((s) => ({
    mid: attribute(s, 'mid'),
    candidates: check(attributes(s, 'candidate')),
    endOfCandidates: hasFlag(s, 'end-of-candidates'),
  }));
  // Candidates at session level (some clients put them there) go to the first m-line.
  const loose = check(attributes(session, 'candidate'));
  if (loose.length > 0) {
    if (media.length === 0) media.push({ candidates: loose, endOfCandidates: false });
    else media[0] = { ...media[0], candidates: [...loose, ...media[0].candidates] };
  }
  const ufrag = attribute(session, 'ice-ufrag') ?? sections.map((s) => attribute(s, 'ice-ufrag')).find(Boolean);
  const pwd = attribute(session, 'ice-pwd') ?? sections.map((s) => attribute(s, 'ice-pwd')).find(Boolean);
  return {
    ufrag,
    pwd,
    media,
    endOfCandidates: hasFlag(session, 'end-of-candidates') || media.some((m) => m.endOfCandidates),
    candidateCount: media.reduce((n, m) => n + m.candidates.length, 0),
  };
}

/** Adds candidates (and `a=end-of-candidates`) to the first m-line of each BUNDLE group, or every m-line. */
export function withCandidates(sdpText: string, candidates: readonly string[], complete: boolean): string {
  if (candidates.length === 0 && !complete) return sdpText;
  const sdp = parseSdp(sdpText);
  const out = [...sdp.session];
  for (const media of sdp.media) {
    out.push(`m=${media.kind} ${media.port} ${media.proto} ${media.formats.join(' ')}`, ...media.lines);
    if (media.port === 0) continue;
    const have = new Set(candidatesOf(media));
    for (const c of candidates) if (!have.has(c)) out.push(`a=${c}`);
    if (complete && !hasFlag(media.lines, 'end-of-candidates')) out.push('a=end-of-candidates');
  }
  return joinSdp(out);
}

/** `sdp` with every `a=ice-ufrag` / `a=ice-pwd` set to new values and its candidates dropped (an ICE restart). */
export function replaceIce(sdpText: string, ufrag: string, pwd: string): string {
  const lines = splitLines(sdpText)
    .filter((l) => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates')
    .map((l) =>
      l.startsWith('a=ice-ufrag:') ? `a=ice-ufrag:${ufrag}` : l.startsWith('a=ice-pwd:') ? `a=ice-pwd:${pwd}` : l,
    );
  return joinSdp(lines);
}

/** The ICE side of an SDP as an `application/trickle-ice-sdpfrag` body (RFC 8840): credentials and candidates of
 * its first live m-line (the bundled transport), and `a=end-of-candidates` when the SDP has it. */
export function iceFragOf(sdpText: string): { ufrag: string; pwd: string; body: string } {
  const sdp = parseSdp(sdpText);
  const media = sdp.media.find((m) => m.port !== 0) ?? sdp.media[0];
  const { ufrag, pwd } = transportOf(sdp, media);
  const lines = [
    `a=ice-ufrag:${ufrag}`,
    `a=ice-pwd:${pwd}`,
    `m=${media.kind} 9 ${media.proto} ${media.formats[0] ?? '0'}`,
    `a=mid:${midOf(media) ?? String(media.index)}`,
    ...candidatesOf(media).map((c) => `a=${c}`),
    ...(hasFlag(media.lines, 'end-of-candidates') ? ['a=end-of-candidates'] : []),
  ];
  return { ufrag, pwd, body: joinSdp(lines) };
}
