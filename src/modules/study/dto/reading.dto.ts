import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

export class ReadingHeartbeatDto {
  @ApiProperty({ format: 'uuid', description: 'The law whose article is on screen' })
  @IsUUID()
  lawId!: string;

  @ApiProperty({ example: 12, description: 'The article on screen, in the current text' })
  @IsInt()
  @Min(1)
  @Max(100000)
  articleNumber!: number;
}

export class ReadingHeartbeatResponseDto {
  @ApiProperty({ example: '2026-03-02', description: 'The study day (configured time zone)' })
  day!: string;
  @ApiProperty({ description: 'Seconds this heartbeat earned (0 to 30)' })
  creditedSeconds!: number;
  @ApiProperty({ description: 'Seconds read of this article today' }) articleSeconds!: number;
  @ApiProperty({ description: 'Seconds read today, all articles' }) todaySeconds!: number;
  @ApiProperty({ description: 'Whole minutes credited to today’s self-study record' })
  creditedMinutes!: number;
  @ApiProperty({ description: 'Daily cap in minutes (SELF_STUDY_CAP_MINUTES)' })
  capMinutes!: number;
  @ApiProperty() capReached!: boolean;
  @ApiProperty({ example: 30, description: 'Send the next heartbeat after this many seconds' })
  nextHeartbeatSeconds!: number;
}
