import { parse } from 'csv-parse/sync';
import { unique } from '../support/factories.js';
import { TestApp } from '../support/test-app.js';
import { assetNumber, createCamera, reportFault } from './estate-fixtures.js';

const HEADER = 'assetNumber,name,kind,technology,status,rag,ward,address,latitude,longitude,installedOn,tags';

describe('camera CSV export and import', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  const importCsv = async (csv: string, dryRun: boolean, role: 'spoc' | 'cst_officer' | 'admin' = 'spoc') => {
    const user = await app.as(role);
    return app
      .http()
      .post(`/api/v1/cameras/import?dryRun=${dryRun}`)
      .set('Authorization', user.auth)
      .attach('file', Buffer.from(csv), 'cameras.csv');
  };
  const findByAsset = async (asset: string) => {
    const spoc = await app.as('spoc');
    const response = await app.http().get(`/api/v1/cameras?q=${encodeURIComponent(asset)}&includeDecommissioned=true`).set('Authorization', spoc.auth);
    return response.body.items.find((c: { assetNumber: string }) => c.assetNumber === asset) ?? null;
  };

  describe('export', () => {
    it('exports the filtered list as CSV with quoting and no spreadsheet formulas', async () => {
      const tag = unique('csv');
      await createCamera(app, {
        name: `=HYPERLINK("http://evil.example","click") ${tag}`,
        address: '-2+3, Chatham',
        notes: '+cmd|/C calc',
        make: '@SUM(A1:A2)',
        model: '\tTabbed',
        purpose: 'Line one\r\nline two',
        tags: [tag, 'a,b'],
      });
      await createCamera(app, { name: `Plain "quoted", camera ${tag}`, rag: 'red' });
      await createCamera(app, { name: `Excluded by filter ${tag}`, technology: 'analogue' });

      const police = await app.as('police_officer');
      const response = await app.http().get(`/api/v1/cameras/export.csv?q=${tag}&technology=digital&sort=name`).set('Authorization', police.auth);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="cameras-\d{4}-\d{2}-\d{2}\.csv"$/);

      const text = response.text;
      expect(text.split('\r\n')[0]).toBe(
        'assetNumber,name,kind,technology,status,rag,ward,wardName,address,latitude,longitude,purpose,notes,installedOn,' +
          'make,model,monitoredBy,dpiaReference,tags,openFaults',
      );
      const rows: Record<string, string>[] = parse(text, { columns: true });
      expect(rows).toHaveLength(2);
      const [formula, plain] = rows;
      expect(formula.name).toBe(`'=HYPERLINK("http://evil.example","click") ${tag}`);
      expect(formula.address).toBe("'-2+3, Chatham");
      expect(formula.notes).toBe("'+cmd|/C calc");
      expect(formula.make).toBe("'@SUM(A1:A2)");
      expect(formula.model).toBe("'\tTabbed");
      expect(formula.purpose).toBe('Line one\r\nline two');
      expect(formula.tags).toBe(`${tag};a,b`);
      expect(formula.wardName).toBe('Gillingham South');
      expect(formula.latitude).toBe('51.3868');
      expect(plain.name).toBe(`Plain "quoted", camera ${tag}`);
      expect(text).toContain(`"Plain ""quoted"", camera ${tag}"`);
      for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    });

    it('exports an empty filtered list as just the header', async () => {
      const spoc = await app.as('spoc');
      const response = await app.http().get(`/api/v1/cameras/export.csv?q=${unique('none')}`).set('Authorization', spoc.auth);
      expect(response.status).toBe(200);
      expect(response.text.trim().split('\r\n')).toHaveLength(1);
    });

    it('re-imports its own export unchanged (round trip)', async () => {
      const tag = unique('round');
      await createCamera(app, { name: `-Round trip ${tag}`, tags: [tag], installedOn: '2019-03-04', notes: 'a "quote"' });
      await createCamera(app, { name: `Second ${tag}`, ward: null, latitude: null, longitude: null });
      const spoc = await app.as('spoc');
      const exported = await app.http().get(`/api/v1/cameras/export.csv?q=${tag}`).set('Authorization', spoc.auth);
      const preview = await importCsv(exported.text, true);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ rows: 2, creates: 0, updates: 0, unchanged: 2, errorCount: 0, errors: [] });
    });
  });

  describe('import', () => {
    it('serves a template with the import columns', async () => {
      const cst = await app.as('cst_officer');
      const response = await app.http().get('/api/v1/cameras/import/template.csv').set('Authorization', cst.auth);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toMatch(/^attachment/);
      expect(response.text.trim()).toBe(
        'assetNumber,name,kind,technology,status,rag,ward,address,latitude,longitude,purpose,notes,installedOn,make,model,' +
          'monitoredBy,dpiaReference,tags',
      );
    });

    it('previews creates and updates on a dry run and writes nothing; the commit then applies them', async () => {
      const existing = await createCamera(app, { rag: 'green', notes: 'keep me' });
      const a = assetNumber('IMP');
      const b = assetNumber('IMP');
      const csv = [
        HEADER,
        `${a},New camera A,fixed,digital,,amber,Luton,"Luton High Street, Chatham",51.3745,0.543,31/01/2020,one;two`,
        `${b.toLowerCase()},New camera B,Rapid Deployment,digital,in_stock,,,,,,,`,
        `${existing.assetNumber},${existing.name},fixed,digital,operational,red,gillingham-south,"${existing.address}",51.3868,0.548,,`,
      ].join('\r\n');

      const preview = await importCsv(csv, true);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ dryRun: true, committed: false, rows: 3, creates: 2, updates: 1, unchanged: 0, errorCount: 0 });
      expect(preview.body.preview).toEqual([
        expect.objectContaining({ row: 2, assetNumber: a, action: 'create' }),
        expect.objectContaining({ row: 3, assetNumber: b, action: 'create' }),
        { row: 4, assetNumber: existing.assetNumber, action: 'update', changes: ['rag'] },
      ]);
      expect(await findByAsset(a)).toBeNull();
      expect((await findByAsset(existing.assetNumber)).rag).toBe('green');

      const committed = await importCsv(csv, false);
      expect(committed.status).toBe(201);
      expect(committed.body).toMatchObject({ dryRun: false, committed: true, creates: 2, updates: 1 });
      expect(await findByAsset(a)).toMatchObject({
        name: 'New camera A',
        rag: 'amber',
        status: 'operational',
        ward: 'luton',
        address: 'Luton High Street, Chatham',
        latitude: 51.3745,
        installedOn: '2020-01-31',
        tags: ['one', 'two'],
      });
      expect(await findByAsset(b)).toMatchObject({ kind: 'rapid_deployment', status: 'in_stock', rag: 'green', ward: null });
      const updated = await findByAsset(existing.assetNumber);
      expect(updated).toMatchObject({ rag: 'red', notes: 'keep me', version: existing.version + 1 });

      const spoc = await app.as('spoc');
      const history = await app.http().get(`/api/v1/cameras/${existing.id}/history`).set('Authorization', spoc.auth);
      expect(history.body.items[0]).toMatchObject({ action: 'camera.update', changes: [{ field: 'rag', from: 'green', to: 'red' }] });

      const again = await importCsv(csv, true);
      expect(again.body).toMatchObject({ creates: 0, updates: 0, unchanged: 3 });
    });

    it('reports every row error with row and column; a commit with errors is refused with 422 and writes nothing', async () => {
      const good = assetNumber('OK');
      const faultyCamera = await createCamera(app);
      await reportFault(app, faultyCamera.id);
      const dup = assetNumber('DUP');
      const csv = [
        HEADER,
        `${good},Good row,fixed,digital,,,rainham-north,Station Road,51.366,0.611,,`,
        `${assetNumber()},Bad ward,fixed,digital,,,Gotham,,,,,`,
        `${assetNumber()},Outside,fixed,digital,,,,London,51.5074,-0.1278,,`,
        `${assetNumber()},Bad values,drone,holographic,,purple,,,north,0.5,2020-02-30,`,
        `${assetNumber()},,fixed,,,,,,,,,`,
        `${dup},Dup one,fixed,digital,,,,,,,,`,
        `${dup},Dup two,fixed,digital,,,,,,,,`,
        `${faultyCamera.assetNumber},${faultyCamera.name},fixed,digital,operational,,,,,,,`,
        `${assetNumber()},Half location,fixed,digital,,,,,51.38,,,`,
        `${assetNumber()},Faulty by hand,fixed,digital,faulty,,,,,,,`,
      ].join('\n');

      const preview = await importCsv(csv, true);
      expect(preview.status).toBe(200);
      const errors: { row: number; column: string | null; message: string }[] = preview.body.errors;
      const at = (row: number) => errors.filter((e) => e.row === row).map((e) => e.column).sort();
      expect(at(2)).toEqual([]);
      expect(at(3)).toEqual(['ward']);
      expect(at(4)).toEqual(['longitude']);
      expect(errors.find((e) => e.row === 4)!.message).toMatch(/not in or near Medway/);
      expect(at(5)).toEqual(['installedOn', 'kind', 'latitude', 'rag', 'technology']);
      expect(at(6)).toEqual(['name', 'technology']);
      expect(at(7)).toEqual([]);
      expect(at(8)).toEqual(['assetNumber']);
      expect(at(9)).toEqual(['status']);
      expect(at(10)).toEqual(['longitude']);
      expect(at(11)).toEqual(['status']);
      expect(preview.body.errorCount).toBe(errors.length);
      expect(preview.body.creates).toBe(2);

      const commit = await importCsv(csv, false);
      expect(commit.status).toBe(422);
      expect(commit.body).toMatchObject({ statusCode: 422, error: 'import_invalid', details: { errorCount: errors.length } });
      expect(commit.body.details.errors).toEqual(errors);
      expect(await findByAsset(good)).toBeNull();
      expect(await findByAsset(dup)).toBeNull();
      expect((await findByAsset(faultyCamera.assetNumber)).status).toBe('faulty');
    });

    it('reports unknown and missing header columns against row 1', async () => {
      const response = await importCsv(`name,colour\nA camera,red\n`, true);
      expect(response.status).toBe(200);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 1, column: 'colour' }),
          expect.objectContaining({ row: 1, column: 'assetNumber' }),
        ]),
      );
      expect((await importCsv(`name,colour\nA camera,red\n`, false)).status).toBe(422);
    });

    it('accepts a UTF-8 BOM, header names in other spellings and strips the export formula guard', async () => {
      const asset = assetNumber('BOM');
      const csv = `\uFEFFAsset Number,Name,Kind,Technology,Notes\r\n${asset},'=Odd name,fixed,analogue,'+note\r\n`;
      const response = await importCsv(csv, false);
      expect(response.status).toBe(201);
      expect(response.body.creates).toBe(1);
      expect(await findByAsset(asset)).toMatchObject({ name: '=Odd name', notes: '+note', technology: 'analogue' });
    });

    it('refuses a request that is not multipart (415), a missing file field, an empty file and a header-only file (400)', async () => {
      const spoc = await app.as('spoc');
      const json = await app.http().post('/api/v1/cameras/import').set('Authorization', spoc.auth).send({ file: 'x' });
      expect(json.status).toBe(415);
      expect(json.body.error).toBe('unsupported_media_type');

      const wrongField = await app
        .http()
        .post('/api/v1/cameras/import')
        .set('Authorization', spoc.auth)
        .attach('upload', Buffer.from(`${HEADER}\n`), 'c.csv');
      expect(wrongField.status).toBe(400);
      expect(wrongField.body.error).toBe('file_missing');

      const empty = await importCsv('', true);
      expect(empty.status).toBe(400);
      expect(empty.body.error).toBe('empty_file');

      const headerOnly = await importCsv(`${HEADER}\r\n`, false);
      expect(headerOnly.status).toBe(400);
      expect(headerOnly.body.error).toBe('empty_file');

      const broken = await importCsv(`${HEADER}\n"unclosed,quote\n`, true);
      expect(broken.status).toBe(400);
      expect(broken.body.error).toBe('invalid_csv');

      const badFlag = await app
        .http()
        .post('/api/v1/cameras/import?dryRun=maybe')
        .set('Authorization', spoc.auth)
        .attach('file', Buffer.from(`${HEADER}\n`), 'c.csv');
      expect(badFlag.status).toBe(400);
    });

    it('commits when dryRun is not given, as the monthly report import does', async () => {
      const asset = assetNumber('DEF');
      const spoc = await app.as('spoc');
      const response = await app
        .http()
        .post('/api/v1/cameras/import')
        .set('Authorization', spoc.auth)
        .attach('file', Buffer.from(`assetNumber,name,kind,technology\n${asset},Default,fixed,digital\n`), 'c.csv');
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ dryRun: false, committed: true, creates: 1 });
      expect(await findByAsset(asset)).toMatchObject({ name: 'Default' });
    });
  });
});

describe('camera CSV import limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ IMPORT_MAX_BYTES: '2000', IMPORT_MAX_ROWS: '3' });
  });
  afterAll(() => app.close());

  const upload = async (csv: string) => {
    const spoc = await app.as('spoc');
    return app.http().post('/api/v1/cameras/import').set('Authorization', spoc.auth).attach('file', Buffer.from(csv), 'c.csv');
  };

  it('refuses a file over the size limit with 413 and one over the row limit with 400, writing nothing', async () => {
    const rows = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => `${prefix}-${i},Camera ${i} ${'x'.repeat(40)},fixed,digital`).join('\n');
    const big = await upload(`assetNumber,name,kind,technology\n${rows(60, assetNumber('BIG'))}\n`);
    expect(big.status).toBe(413);
    expect(big.body.error).toBe('payload_too_large');

    const prefix = assetNumber('MANY');
    const many = await upload(`assetNumber,name,kind,technology\n${rows(4, prefix)}\n`);
    expect(many.status).toBe(400);
    expect(many.body.error).toBe('too_many_rows');
    const spoc = await app.as('spoc');
    const listed = await app.http().get(`/api/v1/cameras?q=${prefix}`).set('Authorization', spoc.auth);
    expect(listed.body.total).toBe(0);
  });
});
