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
