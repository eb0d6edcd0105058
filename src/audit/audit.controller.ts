import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorator.js';
import { Role } from '../auth/role.js';
import type { Page } from '../common/pagination/page.js';
import { AuditEntryResponse, AuditQueryDto } from './audit.dto.js';
import { AuditQueryService } from './audit-query.service.js';
import { ApiPageResponse } from '../common/openapi/api-responses.decorator.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Auth(Role.Admin, Role.Auditor)
  @Get()
  @ApiOperation({ summary: 'The audit trail, newest first' })
  @ApiPageResponse(AuditEntryResponse)
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEntryResponse>> {
    return this.audit.list(query);
  }
}
