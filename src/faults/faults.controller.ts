import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../auth/auth.decorator.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ALL_ROLES, ESTATE_EDITORS, Role } from '../auth/role.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import type { Page } from '../common/pagination/page.js';
import { FaultQueryDto, FaultResponse, NetworkHealthResponse, RaiseFaultDto, UpdateFaultDto } from './fault.dto.js';
import { FaultRepairsService } from './fault-repairs.service.js';
import { NetworkHealthService } from './network-health.service.js';
import { ApiPageResponse } from '../common/openapi/api-responses.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';

/**
 * Faults are part of the estate, which every role reads (police too: whether a camera was working matters to a
 * request). Kyndi operators watch the pictures, so they report faults too.
 */
const FAULT_REPORTERS = [...ESTATE_EDITORS, Role.KyndiOperator];

@ApiTags('faults')
@Controller('faults')
export class FaultsController {
  constructor(
    private readonly repairs: FaultRepairsService,
    private readonly networkHealth: NetworkHealthService,
  ) {}

  @Auth(...ALL_ROLES)
  @Get('health')
  @ApiOperation({ summary: 'Network health: faults outstanding, the oldest, mean time to repair per quarter' })
  @ApiOkResponse({ type: NetworkHealthResponse })
  health(): Promise<NetworkHealthResponse> {
    return this.networkHealth.health();
  }

  @Auth(...ALL_ROLES)
  @Get()
  @ApiOperation({ summary: 'Faults, newest first. status=open is exactly open; open=true is open and in_progress' })
  @ApiPageResponse(FaultResponse)
  list(@Query() query: FaultQueryDto): Promise<Page<FaultResponse>> {
    return this.repairs.list(query);
  }

  @Auth(...ALL_ROLES)
  @Get(':id')
  @ApiOperation({ summary: 'One fault, with its time to repair once fixed' })
  @ApiOkResponse({ type: FaultResponse })
  get(@Param('id', UuidPipe) id: string): Promise<FaultResponse> {
    return this.repairs.get(id);
  }

  @Auth(...ESTATE_EDITORS)
  @Patch(':id')
  @ApiOperation({ summary: 'Move a fault on: open → in_progress → fixed, or close it with a reason' })
  @ApiOkResponse({ type: FaultResponse })
  @ApiErrors('invalid_transition', 'close_reason_required', 'close_reason_not_allowed', 'version_conflict')
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateFaultDto): Promise<FaultResponse> {
    return this.repairs.update(id, dto);
  }
}

@ApiTags('faults')
@Controller('cameras')
export class CameraFaultsController {
  constructor(private readonly repairs: FaultRepairsService) {}

  @Auth(...FAULT_REPORTERS)
  @Post(':id/faults')
  @ApiOperation({ summary: 'Report a fault; the camera shows as faulty until its faults are fixed or closed' })
  @ApiCreatedResponse({ type: FaultResponse })
  @ApiErrors('camera_decommissioned')
  report(
    @Param('id', UuidPipe) id: string,
    @Body() dto: RaiseFaultDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<FaultResponse> {
    return this.repairs.report(id, dto, user);
  }
}
