import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../auth/auth.decorator.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ALL_ROLES } from '../auth/role.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import type { Page } from '../common/pagination/page.js';
import { NotificationQueryDto, NotificationResponse } from './notification.dto.js';
import { NotificationsQueryService } from './notifications-query.service.js';
import { ApiPageResponse } from '../common/openapi/api-responses.decorator.js';

/**
 * Everyone reads their own notifications (addressed to them, or to their role; police only their own), with or
 * without SMTP. Council staff and auditors also see the whole outbox (scope=all, their default).
 */
@ApiTags('notifications')
@Auth(...ALL_ROLES)
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsQueryService) {}

  @Get()
  @ApiOperation({
    summary:
      'Notifications, newest first: yours (scope=mine) or, for admin/spoc/cst_officer/auditor, the whole outbox (scope=all, ' +
      'their default): sent, failed, or kept when SMTP is not configured',
  })
  @ApiPageResponse(NotificationResponse)
  list(@Query() query: NotificationQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<NotificationResponse>> {
    return this.notifications.list(query, user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One notification' })
  @ApiOkResponse({ type: NotificationResponse })
  get(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<NotificationResponse> {
    return this.notifications.get(id, user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a notification read for yourself (each user has their own read state); again is a no-op' })
  @ApiOkResponse({ type: NotificationResponse })
  markRead(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<NotificationResponse> {
    return this.notifications.markRead(id, user);
  }
}
