import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class CustodyReportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json', description: 'html: a printable page for an exhibit bundle' })
  @IsOptional() @IsIn(['json', 'html'])
  format?: 'json' | 'html';
}
