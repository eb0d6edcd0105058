import { In } from 'typeorm';
import { DemoDataService } from '../../src/demo/demo-data.service.js';
import { CustodyEvent } from '../../src/evidence/entities/custody-event.entity.js';
import { EvidenceRequest } from '../../src/evidence/entities/evidence-request.entity.js';
import { DEMO_REFERENCES } from '../../src/evidence/evidence-demo.js';
import { TestApp } from '../support/test-app.js';

describe('evidence demo data', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ DEMO_DATA: 'true' });
  });
  afterAll(() => app.close());

  it('seeds a submitted and an approved Kent Police request, once, with custody attributed to the demo accounts', async () => {
    await app.app.get(DemoDataService).ensure();
    await app.app.get(DemoDataService).ensure();
    const requests = await app.dataSource
      .getRepository(EvidenceRequest)
      .find({ where: { crimeReference: In(DEMO_REFERENCES) }, order: { crimeReference: 'ASC' } });
    expect(requests.map((r) => [r.crimeReference, r.status, r.urgency])).toEqual([
      ['DEMO/0001/25', 'submitted', 'urgent'],
      ['DEMO/0002/25', 'approved', 'routine'],
    ]);
    const chain = await app.dataSource
      .getRepository(CustodyEvent)
      .find({ where: { chainId: requests[1].id }, order: { sequence: 'ASC' } });
    expect(chain.map((e) => [e.action, e.actorEmail])).toEqual([
      ['request_created', 'officer@kent.police.example'],
      ['approved', 'spoc@council.example'],
    ]);
  });
});
