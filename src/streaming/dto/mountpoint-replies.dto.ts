import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The replies of mountpoint administration, one shape per operation whichever transport asked: the REST API's
 * response bodies (these classes are their OpenAPI schemas) and the data of the socket gateway's replies. Never with
 * a secret.
 */

/** One stream of a mountpoint as Janus lists it. */
export class MountpointMediaDto {
  @ApiProperty({ example: 'v' })
  mid!: string;

  @ApiProperty({ enum: ['audio', 'video', 'data'] })
  type!: 'audio' | 'video' | 'data';

  @ApiPropertyOptional()
  label?: string;

  @ApiPropertyOptional({ description: 'ms since media last arrived (shrinks while the source sends)' })
  age_ms?: number;

  @ApiPropertyOptional({ description: 'info with the admin role: the codec and ports of RTP streams, ...' })
  codec?: string;

  @ApiPropertyOptional({ description: 'info with the admin role: the UDP port Janus receives this stream on' })
  port?: number;

  @ApiPropertyOptional({ description: 'info with the admin role: the recording file, while recording' })
  recording?: string;
}

/** A mountpoint as Janus's `list` describes it. */
export class MountpointSummaryDto {
  @ApiProperty({ type: 'integer' })
  id!: number;

  @ApiProperty({ enum: ['live', 'on demand'] })
  type!: 'live' | 'on demand';

  @ApiProperty()
  description!: string;

  @ApiPropertyOptional()
  metadata?: string;

  @ApiProperty({ description: 'Disabled mountpoints refuse viewers' })
  enabled!: boolean;

  @ApiPropertyOptional({ type: [MountpointMediaDto], description: 'RTP mountpoints: their streams' })
  media?: MountpointMediaDto[];
}

export class MountpointListDto {
  @ApiProperty({ type: [MountpointSummaryDto] })
  mountpoints!: MountpointSummaryDto[];
}

/**
 * A mountpoint as Janus's `info` describes it: with the admin role, also its name, PIN, viewers, ports and
 * recordings (Janus's field names; the secret is never shown).
 */
export class MountpointInfoDto extends MountpointSummaryDto {
  @ApiPropertyOptional()
  name?: string;

  @ApiPropertyOptional()
  pin?: string;

  @ApiPropertyOptional()
  is_private?: boolean;

  @ApiPropertyOptional({ type: 'integer', description: 'Viewers watching now' })
  viewers?: number;

  /** Any other detail Janus adds (`url` of RTSP, `filename` of file mountpoints, ...). */
  [key: string]: unknown;
}

/** Where to send one stream of a new RTP mountpoint. */
export class CreatedPortDto {
  @ApiProperty({ enum: ['audio', 'video', 'data'] })
  type!: 'audio' | 'video' | 'data';

  @ApiProperty({ example: 'v' })
  mid!: string;

  @ApiProperty({ type: 'integer', description: 'UDP port to send the RTP to' })
  port!: number;

  @ApiPropertyOptional({ type: 'integer' })
  rtcpport?: number;

  @ApiPropertyOptional({ type: 'integer' })
  port2?: number;

  @ApiPropertyOptional({ type: 'integer' })
  port3?: number;
}

export class MountpointCreatedDto {
  @ApiProperty({ type: 'integer' })
  id!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ enum: ['live', 'on demand'] })
  type!: 'live' | 'on demand';

  @ApiProperty()
  is_private!: boolean;

  @ApiProperty({ description: "Saved in Janus's config file" })
  permanent!: boolean;

  @ApiPropertyOptional({ type: [CreatedPortDto], description: 'RTP mountpoints: where to send each stream' })
  ports?: CreatedPortDto[];
}

export class RecordingFileDto {
  @ApiProperty({ example: 'v' })
  mid!: string;

  @ApiProperty({ description: 'Base name on the Janus host (Janus appends `.mjr`)' })
  filename!: string;
}

export class RecordingStartedDto {
  @ApiProperty({ type: 'integer' })
  id!: number;

  @ApiProperty({ type: [RecordingFileDto] })
  files!: RecordingFileDto[];
}
