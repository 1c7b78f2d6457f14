import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The replies of TextRoom room administration (REST bodies and the socket gateway's admin replies' data). */

/** A public room as Janus's `list` describes it. */
export class TextRoomInfoDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty()
  description!: string;

  @ApiProperty({ description: 'Joining needs a PIN' })
  pin_required!: boolean;

  @ApiProperty({ type: 'integer' })
  num_participants!: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Messages kept for newcomers' })
  history?: number;
}

export class TextRoomListDto {
  @ApiProperty({ type: [TextRoomInfoDto] })
  rooms!: TextRoomInfoDto[];
}

export class TextRoomParticipantDto {
  @ApiProperty()
  username!: string;

  @ApiPropertyOptional()
  display?: string;
}

export class TextRoomParticipantsDto {
  @ApiProperty({ type: 'integer' })
  room!: number;

  @ApiProperty({ type: [TextRoomParticipantDto] })
  participants!: TextRoomParticipantDto[];
}
