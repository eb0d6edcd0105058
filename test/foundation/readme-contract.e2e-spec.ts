import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, isErrorCode } from '../../src/common/errors/error-codes.js';
import {
  FIX_COMMAND,
  GENERATED_SECTIONS,
  readSection,
  renderReadmeSections,
} from '../../src/common/openapi/readme-tables.js';
import { TestApp } from '../support/test-app.js';

const root = process.cwd();
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README tables are the code\'s', () => {
  let app: TestApp;
  let document: Record<string, unknown>;
  beforeAll(async () => {
    app = await TestApp.start();
    document = (await app.http().get('/docs-json')).body;
  });
  afterAll(() => app.close());

  it('generates the role tables and the error-code table without problems', () => {
    expect(renderReadmeSections(document as never).problems).toEqual([]);
  });

  it.each(GENERATED_SECTIONS)(`README section "%s" is what the code declares (else run ${FIX_COMMAND})`, (name) => {
    const expected = renderReadmeSections(document as never).sections[name];
    const actual = readSection(readme, name);
    if (actual !== expected) {
      throw new Error(`README.md section "${name}" differs from the code (or its markers are missing): run ${FIX_COMMAND}`);
    }
  });
});

describe('README prose', () => {
  it('names only listed error codes, with the status ERROR_CODES gives them ("409 `version_conflict`")', () => {
    const prose = GENERATED_SECTIONS.reduce((text, name) => text.replace(readSection(text, name) ?? '', ''), readme);
    const wrong: string[] = [];
    for (const match of prose.matchAll(/\b([45]\d\d)\s+`([a-z][a-z0-9_]*)`/g)) {
      const [mention, status, code] = match;
      if (!isErrorCode(code)) wrong.push(`${mention}: not in ERROR_CODES`);
      else if (!(ERROR_CODES[code].statuses as readonly number[]).includes(Number(status))) {
        wrong.push(`${mention}: ERROR_CODES gives ${ERROR_CODES[code].statuses.join(', ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lists every configuration variable, and only those, in the Configuration table', () => {
    const source = readFileSync(join(root, 'src/config/environment-variables.ts'), 'utf8');
    const declared = [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+)\?:/gm)].map((m) => m[1]).sort();
    const section = readme.slice(readme.indexOf('### Configuration'), readme.indexOf('## API conventions'));
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    const documented = rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1])).sort();
    expect(documented).toEqual(declared);
  });
});
