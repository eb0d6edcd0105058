import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { createS3Client, S3_CLIENT } from './s3-client.factory.js';
import { StorageService } from './storage.service.js';

@Global()
@Module({
  providers: [
    { provide: S3_CLIENT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createS3Client(config.s3) },
    StorageService,
  ],
  exports: [StorageService],
})
export class StorageModule {}
