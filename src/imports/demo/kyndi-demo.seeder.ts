import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Camera } from '../../cameras/camera.entity.js';
import { Clock } from '../../common/time/clock.js';
import { Fault } from '../../faults/fault.entity.js';
import { OPEN_FAULT_STATUSES } from '../../faults/fault.enums.js';
import { DEMO_PASSWORD } from '../../demo/demo-accounts.js';
import { KyndiImport } from '../kyndi-import.entity.js';
import { addMonths, londonToday } from '../month.js';
import { type DemoCamera, demoReportCsv, demoYear } from './demo-activity.js';

const DEMO_SPOC = 'spoc@council.example';
/** Cameras with nothing to show for a year: the demo's decommissioning candidates. */
const QUIET = /Cricketers car park/;

/**
 * Demo data: the last twelve months of Kyndi reports, uploaded through the real import route as the demo SPOC
 * (so each keeps its original file in S3 with its hash, and the audit trail shows who imported it). Months that
 * already have a committed import are left alone.
 */
@Injectable()
export class KyndiDemoSeeder {
  private readonly logger = new Logger('DemoData');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly http: HttpAdapterHost,
    private readonly clock: Clock,
  ) {}

  async seed(): Promise<number> {
    const cameras = await this.dataSource.getRepository(Camera).find({
      where: { isDemo: true, status: In(['operational', 'faulty', 'offline']) },
      order: { assetNumber: 'ASC' },
    });
    if (cameras.length === 0) return 0;
    const lastMonth = addMonths(londonToday(this.clock.now()).month, -1);
    const imported = new Set(
      (await this.dataSource.getRepository(KyndiImport).findBy({ status: 'committed' })).map((i) => i.month),
    );
    const year = demoYear(await this.describe(cameras), lastMonth).filter((m) => !imported.has(m.month));
    if (year.length === 0) return 0;

    const fastify = this.http.httpAdapter.getInstance<FastifyInstance>();
    const login = await fastify.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: DEMO_SPOC, password: DEMO_PASSWORD },
    });
    if (login.statusCode !== 200) {
      this.logger.warn(`Demo Kyndi reports not loaded: cannot log in as ${DEMO_SPOC} (${login.statusCode})`);
      return 0;
    }
    const token = (login.json() as { accessToken: string }).accessToken;
    let count = 0;
    for (const { month, rows } of year) {
      const boundary = `demo-${randomUUID()}`;
      const body =
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="kyndi-activity-${month}.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\n${demoReportCsv(month, rows)}\r\n--${boundary}--\r\n`;
      const response = await fastify.inject({
        method: 'POST',
        url: '/api/v1/imports/kyndi-monthly',
        headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
      if (response.statusCode !== 201) {
        this.logger.warn(`Demo Kyndi report for ${month} not imported: ${response.statusCode} ${response.body.slice(0, 300)}`);
        continue;
      }
      count += 1;
    }
    return count;
  }

  /** Busier in the High Streets; the Cricketers car park cameras see nothing; open faults are reported again. */
  private async describe(cameras: Camera[]): Promise<DemoCamera[]> {
    const faults = await this.dataSource.getRepository(Fault).findBy({
      cameraId: In(cameras.map((c) => c.id)),
      status: In(OPEN_FAULT_STATUSES),
    });
    return cameras.map((camera, i) => ({
      assetNumber: camera.assetNumber,
      name: camera.name,
      weight: QUIET.test(camera.address ?? '') ? 0 : (/High Street/.test(camera.name) ? 3 : 1) + (i % 4) * 0.5,
      faultText: faults.find((f) => f.cameraId === camera.id)?.description,
    }));
  }
}
