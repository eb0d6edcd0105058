import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AuditTrailInterceptor } from './audit/audit-trail.interceptor.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CamerasModule } from './cameras/cameras.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { createValidationPipe } from './common/http/validation.pipe.js';
import { ClockModule } from './common/time/clock.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoModule } from './demo/demo.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { DeploymentsModule } from './deployments/deployments.module.js';
import { FaultsModule } from './faults/faults.module.js';
import { HealthModule } from './health/health.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SchedulingModule } from './scheduling/scheduling.module.js';
import { StorageModule } from './storage/storage.module.js';
import { UsersModule } from './users/users.module.js';
import { WardsModule } from './wards/wards.module.js';

/** Feature modules, one folder each. */
const FEATURES = [OrganisationsModule, UsersModule, DeploymentsModule, WardsModule, CamerasModule, FaultsModule, ImportsModule, ReportsModule, ProposalsModule, EvidenceModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        DatabaseModule,
        StorageModule,
        AuditModule,
        AuthModule,
        SchedulingModule,
        DemoModule,
        NotificationsModule,
        HealthModule,
        ...FEATURES,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: AuditTrailInterceptor },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
