import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { CandidateDto, JsepDto, StreamLayersDto } from '../../signaling/dto/webrtc.dto.js';
import { IsJanusId, IsNestedObject } from '../../signaling/input-rules.js';

/**
 * The multistream flow of docs/PROTOCOL.md: one subscriber handle (one PeerConnection) per socket and room, carrying
 * any number of remote streams. Its requests share their event names with the one-handle-per-feed flow and are told
 * apart by their fields: `streams` (`subscribe`, `switch`) or no `feed` (`start`, `pause`, `configure`, `leave`,
 * `trickle`, `trickle-complete`), as in Janode's `examples/videoroom-ms` front-end.
 */

/** The most streams one request may name (a room has at most 100 publishers; each usually has 2 or 3 streams). */
export const MAX_STREAMS_PER_REQUEST = 64;
/** The longest mid the app passes on (Janus's mids are short numbers; browsers' are too). */
const MAX_MID = 16;

/** A stream to receive: a whole feed (`feed`) or one of its streams (`feed` + `mid`). */
export class SubscribeStreamDto extends StreamLayersDto {
  @IsJanusId()
  feed!: number;

  /** The publisher's mid (every stream of the feed when absent). */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_MID)
  mid?: string;

  /** An id of the client's, echoed in the subscription's stream list. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  crossrefid?: string;
}

/** A stream to stop receiving: by source (`feed`, `feed` + `mid`) or by the subscription's own m-line (`sub_mid`). */
export class UnsubscribeStreamDto {
  @ValidateIf((s: UnsubscribeStreamDto) => s.sub_mid === undefined || s.feed !== undefined)
  @IsJanusId({ message: 'feed must be an integer from 1 to 2^53 - 1 (a stream needs feed or sub_mid)' })
  feed?: number;

  /** The publisher's mid (with `feed`). */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_MID)
  mid?: string;

  /** The subscription's mid. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_MID)
  sub_mid?: string;
}

/** One m-line of the subscription (`sub_mid`) to receive another source (`feed` + `mid`) instead. */
export class SwitchStreamDto {
  @IsJanusId()
  feed!: number;

  @IsString()
  @MaxLength(MAX_MID)
  mid!: string;

  @IsString()
  @MaxLength(MAX_MID)
  sub_mid!: string;
}

/** Settings of one stream of the subscription (`configure`), by its mid (every stream when absent). */
export class SubscriptionStreamSettingsDto extends StreamLayersDto {
  @IsOptional()
  @IsString()
  @MaxLength(MAX_MID)
  mid?: string;
}

/**
 * What the requests about an existing multistream subscription name it by: the room, which may be left out when the
 * socket has a multistream subscription in one room only.
 */
export class MultistreamDto {
  @IsOptional()
  @IsJanusId()
  room?: number;
}

/** `subscribe` with `streams`: receive streams of `room` over the socket's one subscription of that room. */
export class MultistreamSubscribeDto {
  @IsJanusId()
  room!: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STREAMS_PER_REQUEST)
  @IsNestedObject(() => SubscribeStreamDto, { each: true })
  streams!: SubscribeStreamDto[];

  /** The room's PIN, when it has one (the first `subscribe` of a room only: later ones reuse its handle). */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  pin?: string;

  /** One request is one shape: `feed` is the one-handle-per-feed `subscribe`. */
  @IsEmpty({ message: 'feed must be absent with streams (streams is the multistream subscribe; feed the other one)' })
  feed?: never;
}

/** `unsubscribe`: stop receiving streams. */
export class MultistreamUnsubscribeDto extends MultistreamDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STREAMS_PER_REQUEST)
  @IsNestedObject(() => UnsubscribeStreamDto, { each: true })
  streams!: UnsubscribeStreamDto[];
}

/** `update`: stop receiving some streams and start receiving others, in one renegotiation. */
export class MultistreamUpdateDto extends MultistreamDto {
  @ValidateIf((u: MultistreamUpdateDto) => u.subscribe !== undefined || u.unsubscribe === undefined)
  @IsDefined({ message: 'subscribe or unsubscribe is required' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STREAMS_PER_REQUEST)
  @IsNestedObject(() => SubscribeStreamDto, { each: true })
  subscribe?: SubscribeStreamDto[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STREAMS_PER_REQUEST)
  @IsNestedObject(() => UnsubscribeStreamDto, { each: true })
  unsubscribe?: UnsubscribeStreamDto[];
}

/** `start` without `feed`: the browser's answer to Janus's latest offer (or, without `jsep`, resume after `pause`). */
export class MultistreamStartDto extends MultistreamDto {
  @IsOptional()
  @IsNestedObject(() => JsepDto)
  jsep?: JsepDto;
}

/** `configure` without `feed`: per-stream settings of the subscription, or an ICE restart. */
export class MultistreamConfigureDto extends MultistreamDto {
  /** ICE restart: the reply carries a new offer from Janus, to answer with `start`. */
  @IsOptional()
  @IsBoolean()
  restart?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_STREAMS_PER_REQUEST)
  @IsNestedObject(() => SubscriptionStreamSettingsDto, { each: true })
  streams?: SubscriptionStreamSettingsDto[];
}

/** `switch` with `streams`: m-lines of the subscription receive other sources, without renegotiation. */
export class MultistreamSwitchDto extends MultistreamDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STREAMS_PER_REQUEST)
  @IsNestedObject(() => SwitchStreamDto, { each: true })
  streams!: SwitchStreamDto[];
}

/** `trickle` without `feed`: a candidate of the subscription's PeerConnection. */
export class MultistreamTrickleDto extends MultistreamDto {
  @IsDefined()
  @IsNestedObject(() => CandidateDto)
  candidate!: CandidateDto;
}
