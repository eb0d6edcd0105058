import { EvidenceItem } from '../../src/evidence/entities/evidence-item.entity.js';
import { SchedulerService } from '../../src/scheduling/scheduler.service.js';
import { StorageService } from '../../src/storage/storage.service.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { TestApp } from '../support/test-app.js';
import { addItem, cast, content, createCamera, putContent, raiseApprovedRequest } from './evidence-fixtures.js';

const DAY = 24 * 3600 * 1000;

/** The final deletion of the retention purge when S3 is unreachable: nothing is marked deleted that still exists. */
describe('evidence retention purge with object storage down', () => {
  let proxy: TcpProxy;
  let app: TestApp;
  beforeAll(async () => {
    proxy = await TcpProxy.forUrl(process.env.S3_ENDPOINT!).start();
    app = await TestApp.start({ S3_ENDPOINT: proxy.rewrite(process.env.S3_ENDPOINT!) });
  });
  afterAll(async () => {
    await app.close();
    await proxy.stop();
  });

  const purge = async () => {
    const result = await app.app.get(SchedulerService).trigger('evidence.retention-purge');
    expect(result).toMatchObject({ status: 'ran', run: { outcome: 'succeeded' } });
    return (result as { run: { result: { deleted: number; failed: { itemId: string; error: string }[] } } }).run.result;
  };

  it('leaves the item pending deletion with its object and custody unchanged, and deletes it on the next run', async () => {
    const who = await cast(app, 'retention-storage');
    const cameraId = (await createCamera(app)).id;
    const request = await raiseApprovedRequest(app, who, cameraId);
    const item = await addItem(app, who.operator, request.id, cameraId);
    expect((await putContent(app, who.operator, item.id, content(20_000, 31))).status).toBe(200);
    const deleted = await app.http().delete(`/api/v1/evidence/${item.id}`).set('Authorization', who.spoc.auth).send({ reason: 'Uploaded to the wrong request' });
    expect(deleted.body.status).toBe('pending_deletion');
    const items = app.dataSource.getRepository(EvidenceItem);
    await items.update({ id: item.id }, { deletionDueAt: new Date(Date.now() - DAY) });
    const before = await items.findOneByOrFail({ id: item.id });

    proxy.cut();
    let failedRun: Awaited<ReturnType<typeof purge>>;
    try {
      failedRun = await purge();
    } finally {
      proxy.restore();
    }
    expect(failedRun.failed).toEqual(expect.arrayContaining([expect.objectContaining({ itemId: item.id })]));
    const after = await items.findOneByOrFail({ id: item.id });
    expect(after).toMatchObject({ status: 'pending_deletion', deletedAt: null, custodySequence: before.custodySequence });
    expect(await app.app.get(StorageService).exists(item.storageKey)).toBe(true);

    const retried = await purge();
    expect(retried.failed.filter((f) => f.itemId === item.id)).toEqual([]);
    expect(await items.findOneByOrFail({ id: item.id })).toMatchObject({ status: 'deleted', deletionReason: 'Uploaded to the wrong request' });
    expect(await app.app.get(StorageService).exists(item.storageKey)).toBe(false);
  });
});
