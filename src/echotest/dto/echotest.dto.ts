import { IsBoolean, IsDefined, IsOptional, Matches } from 'class-validator';
import { JsepDto } from '../../signaling/dto/webrtc.dto.js';
import { IsIntBetween, IsNestedObject } from '../../signaling/input-rules.js';

/** `offer`: start (or renegotiate) the echo with the browser's offer. */
export class EchoOfferDto {
  @IsOptional()
  @IsBoolean()
  audio?: boolean;

  @IsOptional()
  @IsBoolean()
  video?: boolean;

  /** Cap of the video bitrate Janus asks the browser for, in bit/s. */
  @IsOptional()
  @IsIntBetween(0, 100_000_000)
  bitrate?: number;

  @IsOptional()
  @IsBoolean()
  record?: boolean;

  /** Base name of the recording on the Janus host: letters, digits, `_` and `-` only (no paths). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'filename must be 1-64 letters, digits, _ or -' })
  filename?: string;

  @IsDefined()
  @IsNestedObject(() => JsepDto)
  jsep!: JsepDto;
}
