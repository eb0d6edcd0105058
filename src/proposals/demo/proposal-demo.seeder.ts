import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Like } from 'typeorm';
import { Camera } from '../../cameras/camera.entity.js';
import { asDemoUser, demoPrincipal } from '../../demo/demo-principal.js';
import { WardMember } from '../../wards/ward-member.entity.js';
import { CameraProposal } from '../camera-proposal.entity.js';
import { ProposalsService } from '../proposals.service.js';

/**
 * Demo data: proposals as the CSP would see them, entered by the demo SPOC through the service (so the evidence is
 * gathered from the demo estate and the year of Kyndi reports): the ward member for Rainham North asks to remove the
 * two quiet Cricketers car park cameras (one already on the agenda), and a resident asks for a camera in Gillingham.
 * Idempotent: skipped when demo proposals exist or the demo cameras or SPOC do not.
 */
@Injectable()
export class ProposalDemoSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly proposals: ProposalsService,
  ) {}

  async seed(): Promise<void> {
    if (await this.dataSource.getRepository(CameraProposal).existsBy({ isDemo: true })) return;
    const spoc = await demoPrincipal(this.dataSource, 'spoc@council.example');
    const quiet = await this.dataSource
      .getRepository(Camera)
      .find({ where: { isDemo: true, address: Like('Cricketers car park%') }, order: { assetNumber: 'ASC' } });
    if (!spoc || quiet.length === 0) return;
    const member = await this.dataSource.getRepository(WardMember).findOne({ where: { wardId: 'rainham-north' }, order: { name: 'ASC' } });
    const created: string[] = [];
    await asDemoUser(spoc, async () => {
      for (const camera of quiet) {
        const proposal = await this.proposals.create(
          {
            type: 'decommission',
            cameraId: camera.id,
            proposedBy: member?.name ?? 'Rainham North ward member',
            proposerType: 'ward_member',
            proposerEmail: member?.email,
            rationale:
              'Old analogue camera with no incidents recorded in the last year; the car park is now covered by the ' +
              'station operator\u2019s own CCTV. Maintenance money would be better spent elsewhere.',
          },
          spoc,
        );
        created.push(proposal.id);
      }
      await this.proposals.startReview(created[0], {}, spoc); // on the next Community Safety Partnership agenda
      const resident = await this.proposals.create(
        {
          type: 'new_camera',
          address: 'Canterbury Street, Gillingham, by the parade of shops',
          ward: 'gillingham-south',
          latitude: 51.3852,
          longitude: 0.5522,
          proposedBy: 'A resident of Canterbury Street',
          proposerType: 'public',
          rationale: 'Repeated shop thefts and antisocial behaviour in the evenings, reported by traders and residents',
        },
        spoc,
      );
      created.push(resident.id);
    });
    for (const id of created) await this.dataSource.getRepository(CameraProposal).update({ id }, { isDemo: true });
  }
}
