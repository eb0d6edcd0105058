import { unique } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';
import { assetNumber, cameraBody, createCamera } from './estate-fixtures.js';

describe('camera registry', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('creates a camera and returns it with camelCase fields, ward name and open fault count', async () => {
    const cst = await app.as('cst_officer');
    const body = cameraBody({
      assetNumber: assetNumber('mc').toLowerCase(),
      purpose: 'Night-time economy',
      installedOn: '2021-06-30',
      make: 'Axis',
      model: 'Q6075-E',
      dpiaReference: 'DPIA-1',
      tags: ['town-centre', ' town-centre ', 'night'],
      monitoredById: cst.organisationId,
    });
    const response = await app.http().post('/api/v1/cameras').set('Authorization', cst.auth).send(body);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id: expect.any(String),
      assetNumber: (body.assetNumber as string).toUpperCase(),
      name: body.name,
      kind: 'fixed',
      technology: 'digital',
      status: 'operational',
      rag: 'green',
      ward: 'gillingham-south',
      wardName: 'Gillingham South',
      address: 'High Street, Gillingham',
      latitude: 51.3868,
      longitude: 0.548,
      purpose: 'Night-time economy',
      installedOn: '2021-06-30',
      make: 'Axis',
      model: 'Q6075-E',
      monitoredById: cst.organisationId,
      dpiaReference: 'DPIA-1',
      tags: ['town-centre', 'night'],
      isDemo: false,
      version: 1,
      openFaultCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const police = await app.as('police_officer');
    const detail = await app.http().get(`/api/v1/cameras/${response.body.id}`).set('Authorization', police.auth);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: response.body.id, latitude: 51.3868, longitude: 0.548, openFaultCount: 0 });
  });

  it('refuses an unknown ward, coordinates outside Medway, half a location and a bad organisation', async () => {
    const spoc = await app.as('spoc');
    const post = (body: Record<string, unknown>) => app.http().post('/api/v1/cameras').set('Authorization', spoc.auth).send(cameraBody(body));

    const ward = await post({ ward: 'gotham-central' });
    expect(ward.status).toBe(400);
    expect(ward.body).toMatchObject({ statusCode: 400, error: 'unknown_ward', requestId: expect.any(String) });

    // Central London, and Null Island.
    for (const [latitude, longitude] of [[51.5074, -0.1278], [0, 0], [51.38, 0.9]]) {
      const outside = await post({ latitude, longitude });
      expect(outside.status).toBe(400);
      expect(outside.body.error).toBe('outside_medway');
    }
    const half = await post({ latitude: 51.38, longitude: undefined });
    expect(half.status).toBe(400);
    expect(half.body.error).toBe('incomplete_coordinates');

    const organisation = await post({ monitoredById: '00000000-0000-4000-8000-000000000000' });
    expect(organisation.status).toBe(400);
    expect(organisation.body.error).toBe('unknown_organisation');

    const faulty = await post({ status: 'faulty' });
    expect(faulty.status).toBe(400);
    expect(faulty.body.error).toBe('status_follows_faults');

    const invalid = await post({ kind: 'drone', latitude: 'north', extra: 1 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe('validation_failed');
    const fields = invalid.body.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['kind', 'latitude', 'extra']));

    const missing = await app.http().post('/api/v1/cameras').set('Authorization', spoc.auth).send({ name: 'No asset number' });
    expect(missing.status).toBe(400);
  });

  it('accepts a camera without a location (an RDC in the store) and one on the edge of the Medway box', async () => {
    const inStock = await createCamera(app, { kind: 'rapid_deployment', status: 'in_stock', ward: null, address: null, latitude: null, longitude: null });
    expect(inStock).toMatchObject({ kind: 'rapid_deployment', status: 'in_stock', ward: null, wardName: null, latitude: null, longitude: null });
    const edge = await createCamera(app, { latitude: 51.25, longitude: 0.75 });
    expect(edge).toMatchObject({ latitude: 51.25, longitude: 0.75 });
  });

  it('refuses a duplicate asset number with 409, whatever its case', async () => {
    const camera = await createCamera(app);
    const spoc = await app.as('spoc');
    const duplicate = await app
      .http()
      .post('/api/v1/cameras')
      .set('Authorization', spoc.auth)
      .send(cameraBody({ assetNumber: camera.assetNumber.toLowerCase() }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toBe('asset_number_taken');

    const other = await createCamera(app);
    const renamed = await app
      .http()
      .patch(`/api/v1/cameras/${other.id}`)
      .set('Authorization', spoc.auth)
      .send({ assetNumber: camera.assetNumber });
    expect(renamed.status).toBe(409);
    expect(renamed.body.error).toBe('asset_number_taken');
  });

  it('updates with the current version, refuses a stale one with 409 version_conflict, and validates changes', async () => {
    const camera = await createCamera(app);
    const spoc = await app.as('spoc');
    const patch = (body: Record<string, unknown>) => app.http().patch(`/api/v1/cameras/${camera.id}`).set('Authorization', spoc.auth).send(body);

    const first = await patch({ version: camera.version, rag: 'red', notes: 'Column leaning', ward: 'gillingham-north' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rag: 'red', notes: 'Column leaning', ward: 'gillingham-north', wardName: 'Gillingham North', version: camera.version + 1 });

    const stale = await patch({ version: camera.version, rag: 'green' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'version_conflict', details: { currentVersion: camera.version + 1 } });

    expect((await patch({ ward: 'nowhere' })).body.error).toBe('unknown_ward');
    expect((await patch({ latitude: 52.2, longitude: 0.5 })).body.error).toBe('outside_medway');
    expect((await patch({ latitude: 51.4 })).body.error).toBe('incomplete_coordinates');
    expect((await patch({ status: 'faulty' })).body.error).toBe('status_follows_faults');
    expect((await patch({ name: null })).status).toBe(400);

    const cleared = await patch({ latitude: null, longitude: null, notes: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ latitude: null, longitude: null, notes: null });

    const current = await app.http().get(`/api/v1/cameras/${camera.id}`).set('Authorization', spoc.auth);
    expect(current.body.rag).toBe('red');

    expect((await app.http().patch('/api/v1/cameras/00000000-0000-4000-8000-000000000000').set('Authorization', spoc.auth).send({ rag: 'red' })).status).toBe(404);
    expect((await app.http().get('/api/v1/cameras/not-a-uuid').set('Authorization', spoc.auth)).body.error).toBe('invalid_id');
  });

  it('of two concurrent edits from the same version, one wins and the other gets 409 (no lost update)', async () => {
    const camera = await createCamera(app);
    const spoc = await app.as('spoc');
    const cst = await app.as('cst_officer');
    const [a, b] = await Promise.all([
      app.http().patch(`/api/v1/cameras/${camera.id}`).set('Authorization', spoc.auth).send({ version: camera.version, notes: 'from spoc' }),
      app.http().patch(`/api/v1/cameras/${camera.id}`).set('Authorization', cst.auth).send({ version: camera.version, notes: 'from cst' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const current = await app.http().get(`/api/v1/cameras/${camera.id}`).set('Authorization', spoc.auth);
    expect(current.body).toMatchObject({ notes: winner.body.notes, version: camera.version + 1 });
  });

  it('decommissions a camera: it leaves the default list, keeps a decommissioned date and can be listed by status', async () => {
    const tag = unique('decom');
    const camera = await createCamera(app, { tags: [tag], name: `Decommission ${tag}` });
    const spoc = await app.as('spoc');
    const done = await app.http().patch(`/api/v1/cameras/${camera.id}`).set('Authorization', spoc.auth).send({ status: 'decommissioned' });
    expect(done.status).toBe(200);
    expect(done.body.decommissionedOn).toBe(new Date().toISOString().slice(0, 10));

    const byDefault = await app.http().get(`/api/v1/cameras?q=${tag}`).set('Authorization', spoc.auth);
    expect(byDefault.body.total).toBe(0);
    const byStatus = await app.http().get(`/api/v1/cameras?q=${tag}&status=decommissioned`).set('Authorization', spoc.auth);
    expect(byStatus.body.items.map((c: { id: string }) => c.id)).toEqual([camera.id]);
    const included = await app.http().get(`/api/v1/cameras?q=${tag}&includeDecommissioned=true`).set('Authorization', spoc.auth);
    expect(included.body.total).toBe(1);
  });

  describe('list', () => {
    const tag = unique('list');
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      const rows = [
        { key: 'a', name: `${tag} Alpha`, rag: 'amber', technology: 'analogue', ward: 'luton', installedOn: '2010-01-01' },
        { key: 'b', name: `${tag} Bravo`, rag: 'red', technology: 'digital', ward: 'rainham-north', installedOn: '2020-01-01' },
        { key: 'c', name: `${tag} Charlie`, rag: 'green', technology: 'digital', ward: 'luton', installedOn: null, kind: 'rapid_deployment' },
        { key: 'd', name: `${tag} Delta`, rag: 'red', technology: 'analogue', ward: 'all-saints', installedOn: '2015-05-05', address: 'Avery Way, Allhallows' },
      ];
      for (const { key, ...row } of rows) ids[key] = (await createCamera(app, { ...row, address: row.address ?? `${tag} street` })).id;
    });
    const list = async (query: string) => {
      const kyndi = await app.as('kyndi_operator');
      const response = await app.http().get(`/api/v1/cameras?q=${encodeURIComponent(tag)}&${query}`).set('Authorization', kyndi.auth);
      expect(response.status).toBe(200);
      return response.body;
    };
    const keys = (body: { items: { id: string }[] }) => body.items.map((c) => Object.keys(ids).find((k) => ids[k] === c.id));

    it('filters by kind, RAG, technology, ward and text (name, asset number, address)', async () => {
      expect(keys(await list('kind=rapid_deployment'))).toEqual(['c']);
      expect(keys(await list('rag=red&sort=name'))).toEqual(['b', 'd']);
      expect(keys(await list('technology=analogue&sort=name'))).toEqual(['a', 'd']);
      expect(keys(await list('ward=luton&sort=name'))).toEqual(['a', 'c']);
      expect(keys(await list('status=operational&sort=name'))).toEqual(['a', 'b', 'c', 'd']);
      const byAddress = await app.http().get('/api/v1/cameras?q=avery%20way&limit=200').set('Authorization', (await app.as('spoc')).auth);
      expect(byAddress.body.items.map((c: { id: string }) => c.id)).toContain(ids.d);
      // % and _ are literal characters in a search, not wildcards.
      const spoc = await app.as('spoc');
      const wildcard = await app.http().get(`/api/v1/cameras?q=${encodeURIComponent(`${tag.slice(0, -1)}_`)}`).set('Authorization', spoc.auth);
      expect(wildcard.body.total).toBe(0);
      const percent = await app.http().get(`/api/v1/cameras?q=${encodeURIComponent(`${tag}%`)}`).set('Authorization', spoc.auth);
      expect(percent.body.total).toBe(0);
    });

    it('sorts by name, RAG (most urgent first), ward and installation date, both ways, tie-broken by id', async () => {
      expect(keys(await list('sort=name&order=desc'))).toEqual(['d', 'c', 'b', 'a']);
      const byRag = keys(await list('sort=rag'));
      expect(byRag.slice(0, 2).sort()).toEqual(['b', 'd']);
      expect(byRag.slice(2)).toEqual(['a', 'c']);
      const sortedIds = [ids.b, ids.d].sort();
      expect((await list('sort=rag')).items.slice(0, 2).map((c: { id: string }) => c.id)).toEqual(sortedIds);
      expect(keys(await list('sort=installedOn'))).toEqual(['a', 'd', 'b', 'c']);
      expect(keys(await list('sort=ward&order=asc')).slice(0, 1)).toEqual(['d']);
    });

    it('pages with limit and cursor without repeating cameras', async () => {
      const first = await list('sort=name&limit=3');
      expect(first.total).toBe(4);
      expect(keys(first)).toEqual(['a', 'b', 'c']);
      const second = await list(`sort=name&limit=3&cursor=${first.nextCursor}`);
      expect(keys(second)).toEqual(['d']);
      expect(second.nextCursor).toBeNull();
    });

    it('refuses unknown filter values and sorts', async () => {
      const spoc = await app.as('spoc');
      for (const query of ['sort=price', 'order=sideways', 'kind=drone', 'rag=blue', 'ward=Not%20A%20Ward', 'colour=red']) {
        const response = await app.http().get(`/api/v1/cameras?${query}`).set('Authorization', spoc.auth);
        expect(response.status).toBe(400);
        expect(response.body.error).toBe('validation_failed');
      }
    });
  });

  it('keeps a history of every change: who, when and which fields changed', async () => {
    const camera = await createCamera(app, { notes: 'first' });
    const spoc = await app.as('spoc');
    const cst = await app.as('cst_officer');
    await app.http().patch(`/api/v1/cameras/${camera.id}`).set('Authorization', cst.auth).send({ notes: 'second', rag: 'amber' });

    const history = await app.http().get(`/api/v1/cameras/${camera.id}/history`).set('Authorization', spoc.auth);
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(2);
    const [update, create] = history.body.items;
    expect(update).toMatchObject({ action: 'camera.update', actorEmail: cst.email, actorRole: 'cst_officer', at: expect.any(String) });
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: 'notes', from: 'first', to: 'second' },
        { field: 'rag', from: 'green', to: 'amber' },
      ]),
    );
    expect(update.changes).toHaveLength(2);
    expect(create).toMatchObject({ action: 'camera.create', actorEmail: spoc.email });
    expect(create.changes).toEqual(expect.arrayContaining([{ field: 'assetNumber', from: null, to: camera.assetNumber }]));

    const auditor = await app.as('auditor');
    expect((await app.http().get(`/api/v1/cameras/${camera.id}/history`).set('Authorization', auditor.auth)).status).toBe(200);
  });

  it('summarises the estate by kind, status, technology, ward and RAG; decommissioned only in byStatus', async () => {
    const spoc = await app.as('spoc');
    const before = (await app.http().get('/api/v1/cameras/summary').set('Authorization', spoc.auth)).body;
    expect(Object.keys(before.byStatus).sort()).toEqual(['decommissioned', 'faulty', 'in_stock', 'offline', 'operational']);
    expect(Object.keys(before.byKind).sort()).toEqual(['fixed', 'rapid_deployment']);
    expect(Object.keys(before.byWard)).toHaveLength(25);

    await createCamera(app, { technology: 'analogue', rag: 'red', ward: 'strood-rural' });
    await createCamera(app, { kind: 'rapid_deployment', status: 'in_stock', ward: null, latitude: null, longitude: null });
    const gone = await createCamera(app, { ward: 'watling' });
    await app.http().patch(`/api/v1/cameras/${gone.id}`).set('Authorization', spoc.auth).send({ status: 'decommissioned' });

    const police = await app.as('police_officer');
    const after = (await app.http().get('/api/v1/cameras/summary').set('Authorization', police.auth)).body;
    expect(after.total - before.total).toBe(2);
    expect(after.byKind.fixed - before.byKind.fixed).toBe(1);
    expect(after.byKind.rapid_deployment - before.byKind.rapid_deployment).toBe(1);
    expect(after.byStatus.decommissioned - before.byStatus.decommissioned).toBe(1);
    expect(after.byStatus.in_stock - before.byStatus.in_stock).toBe(1);
    expect(after.byStatus.operational - before.byStatus.operational).toBe(1);
    expect(after.byTechnology.analogue - before.byTechnology.analogue).toBe(1);
    expect(after.byRag.red - before.byRag.red).toBe(1);
    expect(after.byWard['strood-rural'] - before.byWard['strood-rural']).toBe(1);
    expect(after.byWard.watling).toBe(before.byWard.watling);
    expect(after.byWard.unassigned - before.byWard.unassigned).toBe(1);
    expect(after.decommissioned - before.decommissioned).toBe(1);
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(sum(after.byKind)).toBe(after.total);
    expect(sum(after.byWard)).toBe(after.total);
    expect(sum(after.byStatus)).toBe(after.total + after.decommissioned);
  });
});
