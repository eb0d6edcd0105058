import { Module } from '@nestjs/common';
import { CameraStateService } from './camera-state.service.js';

/** The camera state service on its own, so that faults, deployments and proposals use it without a module cycle. */
@Module({ providers: [CameraStateService], exports: [CameraStateService] })
export class CameraStateModule {}
