import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../auth/auth.decorator.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ESTATE_EDITORS, Role } from '../auth/role.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import type { Page } from '../common/pagination/page.js';
import { CreateProposalDto, DecisionDto, ProposalQueryDto, ProposalResponse, StartReviewDto } from './proposal.dto.js';
import { ProposalsService } from './proposals.service.js';
import { ApiPageResponse } from '../common/openapi/api-responses.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';

const PROPOSAL_READERS = [Role.Admin, Role.Spoc, Role.CstOfficer, Role.Auditor];

@ApiTags('proposals')
@Controller('proposals')
export class ProposalsController {
  constructor(private readonly proposals: ProposalsService) {}

  @Auth(...ESTATE_EDITORS)
  @Post()
  @ApiOperation({ summary: 'Submit a proposal to decommission, redeploy or add a camera; evidence is gathered automatically' })
  @ApiCreatedResponse({ type: ProposalResponse })
  @ApiErrors(
    'camera_required',
    'camera_not_allowed',
    'location_required',
    'location_not_allowed',
    'incomplete_coordinates',
    'outside_medway',
    'unknown_camera',
    'unknown_ward',
    'camera_decommissioned',
    'proposal_already_open',
  )
  create(@Body() dto: CreateProposalDto, @CurrentUser() user: AuthenticatedUser): Promise<ProposalResponse> {
    return this.proposals.create(dto, user);
  }

  @Auth(...PROPOSAL_READERS)
  @Get()
  @ApiOperation({ summary: 'Proposals, newest first' })
  @ApiPageResponse(ProposalResponse)
  list(@Query() query: ProposalQueryDto): Promise<Page<ProposalResponse>> {
    return this.proposals.list(query);
  }

  @Auth(...PROPOSAL_READERS)
  @Get(':id')
  @ApiOperation({ summary: 'A proposal with the evidence gathered at submission and its decision' })
  @ApiOkResponse({ type: ProposalResponse })
  get(@Param('id', UuidPipe) id: string): Promise<ProposalResponse> {
    return this.proposals.get(id);
  }

  @Auth(...ESTATE_EDITORS)
  @Post(':id/review')
  @HttpCode(200)
  @ApiOperation({ summary: 'submitted → under_review (on the Community Safety Partnership agenda)' })
  @ApiOkResponse({ type: ProposalResponse })
  @ApiErrors('invalid_transition', 'version_conflict')
  startReview(
    @Param('id', UuidPipe) id: string,
    @Body() dto: StartReviewDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ProposalResponse> {
    return this.proposals.startReview(id, dto, user);
  }

  @Auth(Role.Admin, Role.Spoc)
  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record the decision on a proposal under review (409 proposal_not_under_review when still submitted); an approved ' +
      'decommission retires the camera, closes its faults and tells the ward members',
  })
  @ApiOkResponse({ type: ProposalResponse })
  @ApiErrors('decided_on_in_future', 'invalid_transition', 'proposal_not_under_review', 'version_conflict')
  decide(
    @Param('id', UuidPipe) id: string,
    @Body() dto: DecisionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ProposalResponse> {
    return this.proposals.decide(id, dto, user);
  }
}
