import type { OpenAPIObject } from '@nestjs/swagger';
import { readSection, renderReadmeSections, writeSections } from './readme-tables.js';

const document = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/v1/things': {
      get: { summary: 'List things', 'x-roles': ['admin', 'auditor'], responses: {} },
      post: { summary: 'Add a thing', 'x-roles': ['admin'], responses: {} },
    },
    '/health/live': { get: { summary: 'Liveness', 'x-public': true, responses: {} } },
  },
} as unknown as OpenAPIObject;

describe('README tables', () => {
  it('computes the summary cells from the routes\' roles, with notes on allowed cells', () => {
    const { sections, problems } = renderReadmeSections(document, [
      { capability: 'things: read', routes: ['GET /api/v1/things'], notes: { auditor: 'own' } },
      { capability: 'things: add', routes: ['POST /api/v1/things'] },
      { capability: 'health', routes: ['GET /health/live'] },
    ]);
    expect(problems).toEqual([]);
    expect(sections.roles).toContain('| things: read | ✔ |  |  |  |  | ✔ (own) |');
    expect(sections.roles).toContain('| health | ✔ | ✔ | ✔ | ✔ | ✔ | ✔ |');
    expect(sections.roles).toContain('| `POST /api/v1/things` | ✔ |  |  |  |  |  | Add a thing |');
    expect(sections.roles).toContain('| `GET /health/live` | public | public | public | public | public | public | Liveness |');
    expect(sections['error-codes']).toContain('| `version_conflict` | 409 |');
  });

  it('says what to change when a row mixes roles, names a missing route, notes a refused role, or a route is in no row', () => {
    const { problems } = renderReadmeSections(document, [
      { capability: 'things', routes: ['GET /api/v1/things', 'POST /api/v1/things', 'GET /api/v1/gone'], notes: { spoc: 'x' } },
    ]);
    expect(problems).toEqual([
      'GET /health/live is in no row of ROLE_SUMMARY (src/common/openapi/role-summary.ts): add it to the row of its capability, or a new row',
      'ROLE_SUMMARY row "things" names GET /api/v1/gone, which the document does not have',
      'ROLE_SUMMARY row "things" mixes routes that allow different roles: GET /api/v1/things (admin, auditor); POST /api/v1/things (admin). Split the row',
      'ROLE_SUMMARY row "things" has a note for spoc, which its routes refuse',
    ]);
  });

  it('replaces only what lies between a section\'s markers', () => {
    const readme = [
      'before',
      '<!-- generated:roles (npm run docs:tables; do not edit by hand) -->',
      'old',
      '<!-- /generated:roles -->',
      'between',
      '<!-- generated:error-codes (npm run docs:tables; do not edit by hand) -->',
      '<!-- /generated:error-codes -->',
      'after',
    ].join('\n');
    const { readme: written, problems } = writeSections(readme, { roles: 'NEW ROLES', 'error-codes': 'NEW CODES' });
    expect(problems).toEqual([]);
    expect(readSection(written, 'roles')).toBe('NEW ROLES');
    expect(readSection(written, 'error-codes')).toBe('NEW CODES');
    expect(written.startsWith('before\n')).toBe(true);
    expect(written).toContain('\nbetween\n');
    expect(written.endsWith('\nafter')).toBe(true);
    expect(writeSections('no markers', { roles: '', 'error-codes': '' }).problems).toHaveLength(2);
  });
});
