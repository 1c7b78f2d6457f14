import { Equals, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsIntBetween } from '../input-rules.js';
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

/** The validated JSEP as the library's `Jsep` (only the fields the DTO kept). */
export function toJsep(dto: JsepDto): { type: 'offer' | 'answer'; sdp: string; trickle?: boolean; e2ee?: boolean } {
  return {
    type: dto.type,
    sdp: dto.sdp,
    ...(dto.trickle !== undefined ? { trickle: dto.trickle } : {}),
    ...(dto.e2ee !== undefined ? { e2ee: dto.e2ee } : {}),
  };
}
