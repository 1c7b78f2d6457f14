import { Equals, IsBoolean, IsDefined, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsIntBetween, IsNestedObject } from '../input-rules.js';
import { IsBoundedSdp } from '../sdp-size.constraint.js';

/** A session description from the browser (`RTCSessionDescription` as JSON). */
export class JsepDto {
  @IsIn(['offer', 'answer'])
  type!: 'offer' | 'answer';

  @IsBoundedSdp()
  sdp!: string;

  @IsOptional()
  @IsBoolean()
  trickle?: boolean;

  @IsOptional()
  @IsBoolean()
  e2ee?: boolean;
}

/**
 * One ICE candidate (`RTCIceCandidate.toJSON()`), or `{ completed: true }`. Its `null`s (a browser's unknown
 * `sdpMid`) are absent fields like any other, so `{ completed: null }` is a candidate without `candidate`: refused.
 */
export class CandidateDto {
  @ValidateIf((c: CandidateDto) => c.completed === undefined)
  @IsString()
  @MaxLength(1024)
  candidate?: string;

  /** The m-line's mid. A candidate needs it or `sdpMLineIndex` (Janus refuses one with neither). */
  @ValidateIf(
    (c: CandidateDto) => c.sdpMid !== undefined || (c.completed === undefined && c.sdpMLineIndex === undefined),
  )
  @IsString({ message: 'sdpMid must be a string (a candidate needs sdpMid or sdpMLineIndex)' })
  @MaxLength(64)
  sdpMid?: string;

  /** The m-line's index in the SDP. */
  @IsOptional()
  @IsIntBetween(0, 65535)
  sdpMLineIndex?: number;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  usernameFragment?: string;

  @IsOptional()
  @Equals(true)
  completed?: true;
}

/** `trickle` of a namespace whose socket has one PeerConnection: one candidate of the browser. */
export class TrickleCandidateDto {
  @IsDefined()
  @IsNestedObject(() => CandidateDto)
  candidate!: CandidateDto;
}

/**
 * Simulcast / SVC layers and playout delay of a stream Janus sends a subscriber (what Janus 1.1 accepts per stream,
 * in the VideoRoom and the Streaming plugin alike).
 */
export class StreamLayersDto {
  /** Relay media on this stream (default true). */
  @IsOptional()
  @IsBoolean()
  send?: boolean;

  /** Simulcast substream (0-2). */
  @IsOptional()
  @IsIntBetween(0, 2)
  substream?: number;

  /** Simulcast temporal layer (0-2). */
  @IsOptional()
  @IsIntBetween(0, 2)
  temporal?: number;

  /** SVC spatial layer (0-2). */
  @IsOptional()
  @IsIntBetween(0, 2)
  spatial_layer?: number;

  /** SVC temporal layer (0-2). */
  @IsOptional()
  @IsIntBetween(0, 2)
  temporal_layer?: number;

  /** Playout-delay extension, in 10 ms units (12 bits on the wire). */
  @IsOptional()
  @IsIntBetween(0, 4095)
  min_delay?: number;

  @IsOptional()
  @IsIntBetween(0, 4095)
  max_delay?: number;
}

/** The validated JSEP as the library's `Jsep` (only the fields the DTO kept). */
export function toJsep(dto: JsepDto): { type: 'offer' | 'answer'; sdp: string; trickle?: boolean; e2ee?: boolean } {
  return {
    type: dto.type,
    sdp: dto.sdp,
    ...(dto.trickle !== undefined ? { trickle: dto.trickle } : {}),
    ...(dto.e2ee !== undefined ? { e2ee: dto.e2ee } : {}),
  };
}
