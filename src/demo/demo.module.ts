import { Global, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DemoDataService } from './demo-data.service.js';

@Global()
@Module({ imports: [AuthModule], providers: [DemoDataService], exports: [DemoDataService] })
export class DemoModule {}
