import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../auth/auth.decorator.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ALL_ROLES, COUNCIL_ROLES, ESTATE_EDITORS } from '../auth/role.js';
import { type Page, PageQueryDto } from '../common/pagination/page.js';
import { WardIdPipe } from './ward-id.pipe.js';
import { CreateWardMemberDto, WardMemberResponse, WardResponse } from './wards.dto.js';
import { WardsService } from './wards.service.js';
import { ApiPageResponse } from '../common/openapi/api-responses.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';


@ApiTags('wards')
@Controller('wards')
export class WardsController {
  constructor(private readonly wards: WardsService) {}

  @Auth(...ALL_ROLES)
  @Get()
  @ApiOperation({ summary: "Medway's wards (2023 boundaries), by name" })
  @ApiPageResponse(WardResponse)
  list(@Query() query: PageQueryDto): Promise<Page<WardResponse>> {
    return this.wards.list(query);
  }

  @Auth(...ALL_ROLES)
  @Get(':id/members')
  @ApiOperation({
    summary:
      "The ward's councillors (notified of decisions about cameras in the ward). Names are public; the email addresses " +
      'are shown to council staff and auditors only',
  })
  @ApiPageResponse(WardMemberResponse)
  members(
    @Param('id', WardIdPipe) id: string,
    @Query() query: PageQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<WardMemberResponse>> {
    return this.wards.members(id, query, COUNCIL_ROLES.includes(user.role));
  }

  @Auth(...ESTATE_EDITORS)
  @Post(':id/members')
  @ApiOperation({ summary: 'Add a councillor to the ward' })
  @ApiCreatedResponse({ type: WardMemberResponse })
  @ApiErrors('ward_member_exists')
  addMember(@Param('id', WardIdPipe) id: string, @Body() dto: CreateWardMemberDto): Promise<WardMemberResponse> {
    return this.wards.addMember(id, dto);
  }
}
