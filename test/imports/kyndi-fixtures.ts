import ExcelJS from 'exceljs';
import { Camera } from '../../src/cameras/camera.entity.js';
import type { CameraStatus } from '../../src/cameras/camera.enums.js';
import { unique } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import type { TestUser } from '../support/factories.js';

/** A camera made directly in the database (the cameras API belongs to another feature). */
export async function createCamera(
  app: TestApp,
  overrides: Partial<Pick<Camera, 'status' | 'wardId' | 'installedOn' | 'name' | 'kind'>> & { prefix?: string } = {},
): Promise<Camera> {
  const repository = app.dataSource.getRepository(Camera);
  const { prefix, ...fields } = overrides;
  const assetNumber = unique(prefix ?? 'KT').toUpperCase();
  return repository.save(
    repository.create({
      assetNumber,
      name: `Test camera ${assetNumber}`,
      kind: 'fixed',
      technology: 'digital',
      status: 'operational' as CameraStatus,
      rag: 'green',
      ...fields,
    }),
  );
}

export async function createCameras(app: TestApp, count: number, overrides: Parameters<typeof createCamera>[1] = {}) {
  const cameras: Camera[] = [];
  for (let i = 0; i < count; i += 1) cameras.push(await createCamera(app, overrides));
  return cameras;
}

export type Cell = string | number | Date | null;

/** A CSV file from rows; `delimiter`, `bom` and `eol` vary the dialect. */
export function csv(rows: Cell[][], options: { delimiter?: string; bom?: boolean; eol?: string } = {}): Buffer {
  const delimiter = options.delimiter ?? ',';
  const quote = (cell: Cell) => {
    const text = cell === null ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
    return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const body = rows.map((row) => row.map(quote).join(delimiter)).join(options.eol ?? '\n') + (options.eol ?? '\n');
  return Buffer.from((options.bom ? '\uFEFF' : '') + body, 'utf8');
}

/** An XLSX workbook; `sheets` maps sheet names to rows, in order. */
export async function xlsx(sheets: Record<string, Cell[][]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const HEADER: Cell[] = ['Camera', 'Incidents', 'Arrests', 'Hits', 'Faults'];

/** POST /imports/kyndi-monthly with `file` attached. */
export function upload(
  app: TestApp,
  user: TestUser,
  file: Buffer,
  fileName: string,
  query: Record<string, string | boolean> = {},
) {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return app
    .http()
    .post(`/api/v1/imports/kyndi-monthly${search ? `?${search}` : ''}`)
    .set('Authorization', user.auth)
    .attach('file', file, { filename: fileName, contentType: fileName.endsWith('.xlsx') ? 'application/octet-stream' : 'text/csv' });
}

/** Months for one test file: each call returns the next month of `year`, so tests never collide on a month. */
export function monthSequence(year: number): () => string {
  let month = 0;
  return () => {
    month += 1;
    if (month > 12) throw new Error(`monthSequence(${year}) ran out of months`);
    return `${year}-${String(month).padStart(2, '0')}`;
  };
}
