import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { SchedulerService } from '../scheduling/scheduler.service.js';
import { DELIVERY_JOB, NotificationDeliveryService } from './notification-delivery.service.js';
import { NotificationsQueryService } from './notifications-query.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

@Global()
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsQueryService, NotificationDeliveryService],
  exports: [NotificationsService],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly scheduler: SchedulerService,
    private readonly delivery: NotificationDeliveryService,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: DELIVERY_JOB,
      cron: '* * * * *',
      description: 'Send pending notifications by SMTP when configured; otherwise mark them kept (listed in the API)',
      run: () => this.delivery.run(),
    });
  }
}
