import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorator.js';
import { Role } from '../auth/role.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import type { Page } from '../common/pagination/page.js';
import { NotificationQueryDto, NotificationResponse } from './notification.dto.js';
import { NotificationsQueryService } from './notifications-query.service.js';
import { ApiPageResponse } from '../common/openapi/api-responses.decorator.js';

@ApiTags('notifications')
@Auth(Role.Admin, Role.Spoc, Role.CstOfficer, Role.Auditor)
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsQueryService) {}

  @Get()
  @ApiOperation({ summary: 'The notifications outbox, newest first: sent, failed, or kept when SMTP is not configured' })
  @ApiPageResponse(NotificationResponse)
  list(@Query() query: NotificationQueryDto): Promise<Page<NotificationResponse>> {
    return this.notifications.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One notification' })
  @ApiOkResponse({ type: NotificationResponse })
  get(@Param('id', UuidPipe) id: string): Promise<NotificationResponse> {
    return this.notifications.get(id);
  }
}
