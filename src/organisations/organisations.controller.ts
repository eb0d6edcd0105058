import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorator.js';
import { ALL_ROLES, Role } from '../auth/role.js';
import { type Page, PageQueryDto } from '../common/pagination/page.js';
import { CreateOrganisationDto, OrganisationResponse } from './organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';
import { ApiPageResponse } from '../common/openapi/api-responses.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Auth(...ALL_ROLES)
  @Get()
  @ApiOperation({ summary: 'Organisations (council, contractor, police forces), by name' })
  @ApiPageResponse(OrganisationResponse)
  list(@Query() query: PageQueryDto): Promise<Page<OrganisationResponse>> {
    return this.organisations.list(query);
  }

  @Auth(Role.Admin)
  @Post()
  @ApiOperation({ summary: 'Add an organisation' })
  @ApiCreatedResponse({ type: OrganisationResponse })
  @ApiErrors('organisation_exists')
  create(@Body() dto: CreateOrganisationDto): Promise<OrganisationResponse> {
    return this.organisations.create(dto);
  }
}
