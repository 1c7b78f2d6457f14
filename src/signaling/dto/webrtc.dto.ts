import { Equals, IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateIf } from 'class-validator';
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

/** One ICE candidate (`RTCIceCandidate.toJSON()`), or `{ completed: true }`. */
export class CandidateDto {
  @ValidateIf((c: CandidateDto) => c.completed === undefined)
  @IsString()
  @MaxLength(1024)
  candidate?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  sdpMid?: string | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  sdpMLineIndex?: number | null;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  usernameFragment?: string | null;

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
