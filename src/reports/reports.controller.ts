import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth } from '../auth/auth.decorator.js';
import { Role } from '../auth/role.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { ActivityReportService } from './activity-report.service.js';
import { DecommissionCandidatesService } from './decommission-candidates.service.js';
import { RdcReviewPackResponse } from './rdc-review-pack.dto.js';
import { type RdcReviewPack, RdcReviewPackService } from './rdc-review-pack.service.js';
import {
  ActivityReportQueryDto,
  ActivityReportResponse,
  CameraActivityQueryDto,
  CameraActivityResponse,
  DecommissionCandidatesResponse,
  DecommissionQueryDto,
} from './reports.dto.js';
import { ApiContentResponse } from '../common/openapi/api-responses.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';

/** Council staff who report on the estate, and the auditor. Police and Kyndi do not see estate reports. */
const REPORT_READERS = [Role.Admin, Role.Spoc, Role.CstOfficer, Role.Auditor];

@ApiTags('reports')
@Auth(...REPORT_READERS)
@Controller()
export class ReportsController {
  constructor(
    private readonly activity: ActivityReportService,
    private readonly decommission: DecommissionCandidatesService,
    private readonly reviewPacks: RdcReviewPackService,
  ) {}

  @Get('reports/activity')
  @ApiOperation({ summary: 'Incidents, arrests, hits and faults from committed Kyndi reports, by camera, ward or month' })
  @ApiOkResponse({ type: ActivityReportResponse })
  @ApiErrors('invalid_range')
  report(@Query() query: ActivityReportQueryDto): Promise<ActivityReportResponse> {
    return this.activity.report(query);
  }

  @Get('reports/activity.csv')
  @ApiContentResponse(['text/csv'], 'The report as CSV')
  @ApiOperation({ summary: 'The activity report as CSV (safe to open in a spreadsheet), with a Total row' })
  @ApiErrors('invalid_range')
  async reportCsv(@Query() query: ActivityReportQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { fileName, body } = await this.activity.csv(query);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${fileName}"`);
    return body;
  }

  @Get('cameras/:id/activity')
  @ApiOperation({ summary: "One camera's monthly activity from committed Kyndi reports" })
  @ApiOkResponse({ type: CameraActivityResponse })
  @ApiErrors('invalid_range')
  camera(@Param('id', UuidPipe) id: string, @Query() query: CameraActivityQueryDto): Promise<CameraActivityResponse> {
    return this.activity.camera(id, query);
  }

  @Get('reports/decommission-candidates')
  @ApiOperation({
    summary: 'Cameras with no incidents and no evidence requests over the last N complete months',
  })
  @ApiOkResponse({ type: DecommissionCandidatesResponse })
  candidates(@Query() query: DecommissionQueryDto): Promise<DecommissionCandidatesResponse> {
    return this.decommission.candidates(query.months ?? 12);
  }

  @Get('reports/rdc-review-pack/:deploymentId')
  @ApiOperation({
    summary:
      "A rapid deployment's activity during the deployment vs the same number of months before, and its evidence requests",
  })
  @ApiOkResponse({ type: RdcReviewPackResponse })
  reviewPack(@Param('deploymentId', UuidPipe) deploymentId: string): Promise<RdcReviewPack> {
    return this.reviewPacks.pack(deploymentId);
  }
}
