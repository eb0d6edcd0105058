import { ApiProperty } from '@nestjs/swagger';

/** The four figures of a Kyndi monthly report, for one camera-month or summed over several. */
export class ActivityFigures {
  @ApiProperty() incidents: number;
  @ApiProperty() arrests: number;
  @ApiProperty() hits: number;
  @ApiProperty() faults: number;
}
