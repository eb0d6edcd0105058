import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, CurrentUser } from '../auth/auth.decorator.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ALL_ROLES, Role } from '../auth/role.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import type { Page } from '../common/pagination/page.js';
import { renderCustodyReportHtml } from './custody-report.html.js';
import { CustodyReportService } from './custody-report.service.js';
import type { CustodyReport } from './custody-report.types.js';
import { CreateEvidenceItemDto, EvidenceItemQueryDto, EvidenceItemResponse } from './dto/evidence-item.dto.js';
import {
  CloseEvidenceRequestDto,
  CompleteEvidenceRequestDto,
  CreateEvidenceRequestDto,
  EvidenceDecisionDto,
  EvidenceRequestQueryDto,
  EvidenceRequestResponse,
  EvidenceShareDto,
} from './dto/evidence-request.dto.js';
import { CustodyReportQueryDto } from './dto/report-query.dto.js';
import { EvidenceFulfilmentService } from './evidence-fulfilment.service.js';
import { EvidenceItemsService } from './evidence-items.service.js';
import { EvidenceRequestsService } from './evidence-requests.service.js';
import { sendReport } from './report-response.js';
import { ApiJsonOrHtmlResponse, ApiPageResponse } from '../common/openapi/api-responses.decorator.js';
import { CustodyReportResponse } from './dto/custody-report.dto.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';

const REPORT_READERS = [Role.Admin, Role.Spoc, Role.CstOfficer, Role.Auditor, Role.PoliceOfficer];

@ApiTags('evidence')
@Controller('evidence-requests')
export class EvidenceRequestsController {
  constructor(
    private readonly requests: EvidenceRequestsService,
    private readonly items: EvidenceItemsService,
    private readonly reports: CustodyReportService,
    private readonly fulfilment: EvidenceFulfilmentService,
  ) {}

  @Post()
  @Auth(Role.PoliceOfficer)
  @ApiOperation({ summary: 'Raise an evidence request for the officer\'s force' })
  @ApiCreatedResponse({ type: EvidenceRequestResponse })
  @ApiErrors(
    'invalid_time_window',
    'time_window_too_long',
    'time_window_in_future',
    'camera_or_location_required',
    'unknown_camera',
  )
  create(@Body() dto: CreateEvidenceRequestDto, @CurrentUser() user: AuthenticatedUser): Promise<EvidenceRequestResponse> {
    return this.requests.create(dto, user);
  }

  @Get()
  @Auth(...ALL_ROLES)
  @ApiOperation({ summary: 'Police: their force\'s requests; council and auditor: all; Kyndi: approved ones to fulfil' })
  @ApiPageResponse(EvidenceRequestResponse)
  list(@Query() query: EvidenceRequestQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<EvidenceRequestResponse>> {
    return this.requests.list(query, user);
  }

  @Get(':id')
  @Auth(...ALL_ROLES)
  @ApiOperation({ summary: 'One request (police: their force\'s only, others are 404)' })
  @ApiOkResponse({ type: EvidenceRequestResponse })
  get(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<EvidenceRequestResponse> {
    return this.requests.get(id, user);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Auth(Role.Spoc, Role.CstOfficer, Role.Admin)
  @ApiOperation({ summary: 'Approve or reject a submitted request (409 invalid_transition otherwise)' })
  @ApiOkResponse({ type: EvidenceRequestResponse })
  @ApiErrors('invalid_transition')
  decide(@Param('id', UuidPipe) id: string, @Body() dto: EvidenceDecisionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.requests.decide(id, dto, user);
  }

  @Post(':id/shares')
  @Auth(Role.Spoc)
  @ApiOperation({ summary: 'Let another officer of the requesting force obtain the evidence' })
  @ApiCreatedResponse({ type: EvidenceRequestResponse })
  @ApiErrors(
    'unknown_user',
    'user_not_in_requesting_force',
    'user_disabled',
    'request_rejected',
    'already_has_access',
    'already_shared',
  )
  share(@Param('id', UuidPipe) id: string, @Body() dto: EvidenceShareDto, @CurrentUser() user: AuthenticatedUser) {
    return this.requests.share(id, dto, user);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Auth(Role.KyndiOperator)
  @ApiOperation({
    summary: 'Mark an approved request fulfilled, giving for each requested camera without an available exhibit the reason',
    description: '400 cameras_unaccounted lists requested cameras with neither; a request with no exhibit and no cameras needs a note.',
  })
  @ApiOkResponse({ type: EvidenceRequestResponse })
  @ApiErrors('cameras_unaccounted', 'camera_not_requested', 'camera_has_footage', 'note_required', 'invalid_transition')
  complete(@Param('id', UuidPipe) id: string, @Body() dto: CompleteEvidenceRequestDto, @CurrentUser() user: AuthenticatedUser) {
    return this.fulfilment.complete(id, dto, user);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Auth(Role.PoliceOfficer, Role.Spoc, Role.Admin)
  @ApiOperation({ summary: 'Close the case: "until case closed" items get the post-closure retention period' })
  @ApiOkResponse({ type: EvidenceRequestResponse })
  @ApiErrors('invalid_transition')
  close(@Param('id', UuidPipe) id: string, @Body() dto: CloseEvidenceRequestDto, @CurrentUser() user: AuthenticatedUser) {
    return this.requests.close(id, dto, user);
  }

  @Get(':id/items')
  @Auth(...ALL_ROLES)
  @ApiOperation({ summary: 'The request\'s evidence items (Kyndi operators: the ones they created)' })
  @ApiPageResponse(EvidenceItemResponse)
  listItems(
    @Param('id', UuidPipe) id: string,
    @Query() query: EvidenceItemQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<EvidenceItemResponse>> {
    return this.items.list(id, query, user);
  }

  @Post(':id/items')
  @Auth(Role.KyndiOperator)
  @ApiOperation({ summary: 'Describe one file of an exhibit; then PUT /evidence/:itemId/content' })
  @ApiCreatedResponse({ type: EvidenceItemResponse })
  @ApiErrors('invalid_recording_window', 'unknown_camera', 'request_not_open', 'exhibit_part_exists')
  createItem(@Param('id', UuidPipe) id: string, @Body() dto: CreateEvidenceItemDto, @CurrentUser() user: AuthenticatedUser) {
    return this.items.create(id, dto, user);
  }

  @Get(':id/custody-report')
  @Auth(...REPORT_READERS)
  @ApiOperation({ summary: 'Custody report for every exhibit of the request (JSON, or printable HTML with ?format=html)' })
  @ApiJsonOrHtmlResponse(CustodyReportResponse, 'The custody report (JSON), or printable HTML with ?format=html')
  async report(
    @Param('id', UuidPipe) id: string,
    @Query() query: CustodyReportQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustodyReport | string> {
    const format = query.format ?? 'json';
    return sendReport(reply, format, await this.reports.requestReport(id, user, format), renderCustodyReportHtml);
  }
}
