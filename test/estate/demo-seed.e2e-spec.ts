import { In, Like } from 'typeorm';
import { Camera } from '../../src/cameras/camera.entity.js';
import { MEDWAY_BOUNDS } from '../../src/cameras/camera-rules.js';
import { RDC_DEMO_DEPLOYMENTS } from '../../src/cameras/demo/rdc-demo-deployments.js';
import { DemoDataService } from '../../src/demo/demo-data.service.js';
import { Fault } from '../../src/faults/fault.entity.js';
import { Organisation } from '../../src/organisations/organisation.entity.js';
import { WardMember } from '../../src/wards/ward-member.entity.js';
import { Ward } from '../../src/wards/ward.entity.js';
import { TestApp } from '../support/test-app.js';

const FIXED = Array.from({ length: 87 }, (_, i) => `MC-${String(i + 1).padStart(3, '0')}`);
const RDC = Array.from({ length: 29 }, (_, i) => `RDC-${String(i + 1).padStart(2, '0')}`);
const DAY_MS = 24 * 3_600_000;

describe('demo estate seed', () => {
  let app: TestApp;
  let cameras: Camera[];
  beforeAll(async () => {
    app = await TestApp.start({ DEMO_DATA: 'true' });
    const demo = app.app.get(DemoDataService);
    await demo.ensure();
    await demo.ensure();
    cameras = await app.dataSource.getRepository(Camera).find({ where: { assetNumber: In([...FIXED, ...RDC]) } });
  }, 120_000);
  afterAll(() => app.close());

  const byAsset = (asset: string) => cameras.find((c) => c.assetNumber === asset)!;
  const fixed = () => cameras.filter((c) => c.kind === 'fixed');
  const rdc = () => cameras.filter((c) => c.kind === 'rapid_deployment');

  it('is idempotent: after seeding twice there are exactly 87 fixed and 29 RDC demo cameras', async () => {
    expect(cameras.every((c) => c.isDemo)).toBe(true);
    expect(fixed().map((c) => c.assetNumber).sort()).toEqual(FIXED);
    expect(rdc().map((c) => c.assetNumber).sort()).toEqual(RDC);
    const demoCameras = await app.dataSource.getRepository(Camera).countBy({ isDemo: true, assetNumber: Like('MC-%') });
    expect(demoCameras).toBe(87);
    const demoRdc = await app.dataSource.getRepository(Camera).countBy({ isDemo: true, assetNumber: Like('RDC-%') });
    expect(demoRdc).toBe(29);
    // The story's faults were raised once, not once per seeding.
    const storyFaults = await app.dataSource.getRepository(Fault).findBy({
      cameraId: In(cameras.map((c) => c.id)),
      description: In(['intermittent loss of picture', 'cabling']),
    });
    expect(storyFaults).toHaveLength(2);
  });

  it('places every camera in a real Medway ward, inside the Medway box, monitored by Kyndi', async () => {
    const wardIds = new Set((await app.dataSource.getRepository(Ward).find()).map((w) => w.id));
    const kyndi = await app.dataSource.getRepository(Organisation).findOneByOrFail({ name: 'Kyndi' });
    for (const camera of cameras) {
      expect(wardIds.has(camera.wardId!)).toBe(true);
      expect(camera.latitude!).toBeGreaterThanOrEqual(MEDWAY_BOUNDS.minLatitude);
      expect(camera.latitude!).toBeLessThanOrEqual(MEDWAY_BOUNDS.maxLatitude);
      expect(camera.longitude!).toBeGreaterThanOrEqual(MEDWAY_BOUNDS.minLongitude);
      expect(camera.longitude!).toBeLessThanOrEqual(MEDWAY_BOUNDS.maxLongitude);
      expect(camera.monitoredById).toBe(kyndi.id);
    }
  });

  it('is mostly High Street cameras in the five towns, with a mix of analogue and digital and of RAG ratings', () => {
    const towns = ['Chatham', 'Gillingham', 'Rochester', 'Strood', 'Rainham'];
    const highStreet = fixed().filter((c) => towns.some((t) => c.name.startsWith(`${t} High Street`)));
    expect(highStreet.length).toBeGreaterThan(87 / 2);
    for (const town of towns) expect(fixed().filter((c) => c.address!.includes(town)).length).toBeGreaterThanOrEqual(8);
    const analogue = fixed().filter((c) => c.technology === 'analogue').length;
    expect(analogue).toBeGreaterThan(10);
    expect(analogue).toBeLessThan(60);
    expect(new Set(fixed().map((c) => c.rag))).toEqual(new Set(['red', 'amber', 'green']));
  });

  it('starts the story: Gillingham High Street has intermittent loss of picture, Rochester station a cabling fault', async () => {
    const faults = await app.dataSource.getRepository(Fault).find({
      where: { cameraId: In(cameras.map((c) => c.id)), status: 'open' },
      relations: { camera: true },
    });
    const gillingham = faults.find((f) => f.category === 'loss_of_picture')!;
    expect(gillingham.description).toBe('intermittent loss of picture');
    expect(gillingham.camera!.name).toMatch(/^Gillingham High Street/);
    expect(gillingham.camera!.status).toBe('faulty');
    const rochester = faults.find((f) => f.category === 'cabling')!;
    expect(rochester.description).toMatch(/cabling/);
    expect(rochester.camera!.address).toMatch(/outside Rochester railway station/);
    expect(rochester.camera!.status).toBe('faulty');

    const cricketers = fixed().filter((c) => c.address!.includes('Cricketers car park'));
    expect(cricketers).toHaveLength(2);
    for (const camera of cricketers) {
      expect(camera.technology).toBe('analogue');
      expect(camera.address).toMatch(/Rainham/);
    }
  });

  it('deploys the 29 RDCs at the known locations, all operational', () => {
    for (const camera of rdc()) expect(camera.status).toBe('operational');
    const at = (text: string) => RDC_DEMO_DEPLOYMENTS.filter((d) => d.address.includes(text)).length;
    expect(at('Mardale Close, Rainham')).toBe(3);
    expect(at('Knights Road, Hoo St Werburgh')).toBe(1);
    expect(at('Pottery Road, Hoo St Werburgh')).toBe(1);
    expect(at('Splendly Works, New Road, Chatham')).toBe(1);
    expect(at('Ordnance Street, Chatham')).toBe(1);
    expect(at('Beacon Hill')).toBe(1);
    expect(at('Gillingham Park')).toBe(1);
    expect(at('Cliffe Woods')).toBe(1);
    expect(at('Barnfields, Chatham')).toBe(3);
    expect(at('Luton High Street')).toBe(1);
    expect(at('Arches')).toBe(3);
    expect(at('Rainham Recreation Ground')).toBe(1);
    expect(at('Station Road, Rainham')).toBe(1);
    expect(at('Rhodes Street')).toBe(1);
    expect(at('21 Maidstone Road, Rochester')).toBe(1);
    expect(RDC_DEMO_DEPLOYMENTS).toHaveLength(29);
    for (const deployment of RDC_DEMO_DEPLOYMENTS) {
      const camera = byAsset(deployment.assetNumber);
      expect(camera).toMatchObject({ kind: 'rapid_deployment', wardId: deployment.ward });
    }
  });

  it('spreads RDC deployment dates so that, today, some reviews are overdue, some due within 14 days and some later', () => {
    const today = Date.parse(new Date().toISOString().slice(0, 10));
    const dueInDays = RDC_DEMO_DEPLOYMENTS.map((d) => (Date.parse(d.deployedOn) + 84 * DAY_MS - today) / DAY_MS);
    const overdue = dueInDays.filter((d) => d < 0).length;
    const soon = dueInDays.filter((d) => d >= 0 && d <= 14).length;
    const later = dueInDays.filter((d) => d > 14).length;
    expect(overdue).toBeGreaterThanOrEqual(3);
    expect(soon).toBeGreaterThanOrEqual(3);
    expect(later).toBeGreaterThanOrEqual(3);
    expect(overdue + soon + later).toBe(29);
  });

  it('seeds demo ward members, one per councillor seat, once', async () => {
    const members = await app.dataSource.getRepository(WardMember).findBy({ isDemo: true });
    expect(members).toHaveLength(59);
    expect(new Set(members.map((m) => m.wardId)).size).toBe(24);
    for (const member of members) expect(member.email).toMatch(/\.example$/);
  });

  it('shows the two open demo faults in the network health view', async () => {
    const spoc = await app.as('spoc');
    const health = await app.http().get('/api/v1/faults/health').set('Authorization', spoc.auth);
    expect(health.body.outstanding).toBeGreaterThanOrEqual(2);
    // Other suites share the database and open faults of their own: look at the demo cameras' faults only.
    const descriptions: string[] = [];
    for (const camera of cameras.filter((c) => c.status === 'faulty')) {
      const list = await app.http().get(`/api/v1/faults?status=open&cameraId=${camera.id}`).set('Authorization', spoc.auth);
      expect(list.status).toBe(200);
      descriptions.push(...list.body.items.map((f: { description: string }) => f.description));
    }
    expect(descriptions.sort()).toEqual(['cabling', 'intermittent loss of picture']);
  });
});
