import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../auth/auth.decorator.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ALL_ROLES, ESTATE_EDITORS } from '../auth/role.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import type { Page } from '../common/pagination/page.js';
import {
  CreateDeploymentDto,
  CreateReviewDto,
  DeploymentDetailResponse,
  DeploymentQueryDto,
  DeploymentResponse,
  ReviewResultResponse,
} from './deployment.dto.js';
import { DeploymentsService } from './deployments.service.js';
import { ApiPageResponse } from '../common/openapi/api-responses.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';

@ApiTags('deployments')
@Controller('deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @Auth(...ESTATE_EDITORS)
  @Post()
  @ApiOperation({ summary: 'Deploy a rapid deployment camera from the pool; its review falls due RDC_REVIEW_WEEKS later' })
  @ApiCreatedResponse({ type: DeploymentResponse })
  @ApiErrors(
    'unknown_camera',
    'not_rapid_deployment_camera',
    'deployed_on_in_future',
    'unknown_ward',
    'incomplete_coordinates',
    'outside_medway',
    'camera_already_deployed',
    'camera_decommissioned',
  )
  create(@Body() dto: CreateDeploymentDto, @CurrentUser() user: AuthenticatedUser): Promise<DeploymentResponse> {
    return this.deployments.create(dto, user);
  }

  @Auth(...ALL_ROLES)
  @Get()
  @ApiOperation({ summary: 'Deployments, soonest review first; review=overdue|due (within withinDays, default 14)' })
  @ApiPageResponse(DeploymentResponse)
  @ApiErrors('invalid_filter', 'unknown_ward')
  list(@Query() query: DeploymentQueryDto): Promise<Page<DeploymentResponse>> {
    return this.deployments.list(query);
  }

  @Auth(...ALL_ROLES)
  @Get(':id')
  @ApiOperation({ summary: 'A deployment with its reviews' })
  @ApiOkResponse({ type: DeploymentDetailResponse })
  get(@Param('id', UuidPipe) id: string): Promise<DeploymentDetailResponse> {
    return this.deployments.get(id);
  }

  @Auth(...ESTATE_EDITORS)
  @Post(':id/reviews')
  @ApiOperation({ summary: 'Record a review: extend (new due date), remove (back to the pool) or make permanent' })
  @ApiCreatedResponse({ type: ReviewResultResponse })
  @ApiErrors(
    'extend_weeks_required',
    'extend_weeks_not_allowed',
    'reviewed_on_in_future',
    'reviewed_before_deployment',
    'deployment_closed',
    'version_conflict',
  )
  review(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateReviewDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ReviewResultResponse> {
    return this.deployments.review(id, dto, user);
  }
}
