import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Camera } from '../cameras/camera.entity.js';
import { asDemoUser, demoPrincipal } from '../demo/demo-principal.js';
import { EvidenceRequest } from './entities/evidence-request.entity.js';
import { EvidenceRequestsService } from './evidence-requests.service.js';

const HOUR = 3600 * 1000;
export const DEMO_REFERENCES = ['DEMO/0001/25', 'DEMO/0002/25'];

/**
 * Demo data: a Kent Police request awaiting the SPOC and an approved one awaiting Kyndi, made through the service
 * (so their custody chains are real) as the demo officer and SPOC. Idempotent: skipped when present or when the demo
 * accounts do not exist.
 */
@Injectable()
export class EvidenceDemoSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: EvidenceRequestsService,
  ) {}

  async seed(): Promise<void> {
    if (await this.dataSource.getRepository(EvidenceRequest).existsBy({ crimeReference: DEMO_REFERENCES[0] })) return;
    const officer = await demoPrincipal(this.dataSource, 'officer@kent.police.example');
    const spoc = await demoPrincipal(this.dataSource, 'spoc@council.example');
    if (!officer || !spoc) return;
    const cameras = await this.dataSource.getRepository(Camera).find({ where: { isDemo: true }, order: { assetNumber: 'ASC' }, take: 2 });
    const now = Date.now();

    await asDemoUser(officer, () =>
      this.requests.create(
        {
          crimeReference: DEMO_REFERENCES[0],
          offenceType: 'Assault occasioning actual bodily harm',
          cameraIds: cameras.map((c) => c.id),
          locationDescription: 'High Street, Chatham, outside the bus station',
          windowStart: new Date(now - 20 * HOUR).toISOString(),
          windowEnd: new Date(now - 19 * HOUR).toISOString(),
          purpose: 'Identify the suspect and corroborate the victim account',
          lawfulBasis: 'DPA 2018 s.35 law enforcement',
          urgency: 'urgent',
        },
        officer,
      ),
    );
    const second = await asDemoUser(officer, () =>
      this.requests.create(
        {
          crimeReference: DEMO_REFERENCES[1],
          offenceType: 'Theft from a motor vehicle',
          locationDescription: 'Rochester Riverside car park, level 2',
          windowStart: new Date(now - 74 * HOUR).toISOString(),
          windowEnd: new Date(now - 72 * HOUR).toISOString(),
          purpose: 'Establish the time of the offence and the vehicle used',
          lawfulBasis: 'DPA 2018 s.35 law enforcement',
          urgency: 'routine',
        },
        officer,
      ),
    );
    await asDemoUser(spoc, () => this.requests.decide(second.id, { approve: true, reason: 'Proportionate; cameras cover the car park' }, spoc));
  }
}
