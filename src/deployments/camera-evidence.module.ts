import { Global, Module } from '@nestjs/common';
import { CameraEvidenceService } from './camera-evidence.service.js';

/** Global so that any feature holding figures about cameras can register a source without importing deployments. */
@Global()
@Module({ providers: [CameraEvidenceService], exports: [CameraEvidenceService] })
export class CameraEvidenceModule {}
