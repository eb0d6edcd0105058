import type { OpenAPIObject } from '@nestjs/swagger';
import { ROLES, type Role } from '../../auth/role.js';
import { ERROR_CODES, ERROR_CODE_LIST } from '../errors/error-codes.js';
import type { DescribedOperation } from './describe-operations.js';
import { type CapabilityRow, ROLE_SUMMARY } from './role-summary.js';

/**
 * The README's generated sections: who may call what (from @Auth via the OpenAPI document) and the error codes (from
 * ERROR_CODES). `npm run docs:tables` writes them between their markers; a test fails when the README differs.
 */
export const GENERATED_SECTIONS = ['roles', 'error-codes'] as const;
export type GeneratedSection = (typeof GENERATED_SECTIONS)[number];

export const FIX_COMMAND = 'npm run docs:tables';

const begin = (name: GeneratedSection) => `<!-- generated:${name} (${FIX_COMMAND}; do not edit by hand) -->`;
const end = (name: GeneratedSection) => `<!-- /generated:${name} -->`;

interface RoutedOperation {
  route: string;
  summary: string;
  /** Every role for public routes. */
  roles: readonly Role[];
  isPublic: boolean;
}

export interface Rendered {
  sections: Record<GeneratedSection, string>;
  /** What stops the tables from being generated truthfully; each says what to change. */
  problems: string[];
}

export function renderReadmeSections(document: OpenAPIObject, summaryRows: CapabilityRow[] = ROLE_SUMMARY): Rendered {
  const operations = routedOperations(document);
  const problems: string[] = [];
  const summary = renderRoleSummary(operations, summaryRows, problems);
  const sections = {
    roles: `${summary}\n\nEvery route (generated from the routes' \`@Auth(...)\` declarations; \`public\` needs no token):\n\n${renderRouteTable(operations)}`,
    'error-codes': renderErrorCodeTable(),
  };
  return { sections, problems };
}

/** The README with each generated section replaced; a missing marker pair is a problem. */
export function writeSections(readme: string, sections: Record<GeneratedSection, string>): { readme: string; problems: string[] } {
  const problems: string[] = [];
  let text = readme;
  for (const name of GENERATED_SECTIONS) {
    const range = sectionRange(text, name);
    if (!range) {
      problems.push(`README.md has no "${begin(name)}" … "${end(name)}" pair`);
      continue;
    }
    text = `${text.slice(0, range.start)}\n${sections[name]}\n${text.slice(range.end)}`;
  }
  return { readme: text, problems };
}

export function readSection(readme: string, name: GeneratedSection): string | undefined {
  const range = sectionRange(readme, name);
  return range ? readme.slice(range.start, range.end).trim() : undefined;
}

function sectionRange(readme: string, name: GeneratedSection): { start: number; end: number } | undefined {
  const start = readme.indexOf(begin(name));
  const stop = readme.indexOf(end(name));
  if (start < 0 || stop < start) return undefined;
  return { start: start + begin(name).length, end: stop };
}

function routedOperations(document: OpenAPIObject): RoutedOperation[] {
  const operations: RoutedOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      const operation = value as DescribedOperation;
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const isPublic = operation['x-public'] === true;
      operations.push({
        route: `${method.toUpperCase()} ${path}`,
        summary: operation.summary ?? '',
        roles: isPublic ? ROLES : ((operation['x-roles'] ?? []) as Role[]),
        isPublic,
      });
    }
  }
  return operations.sort((a, b) => pathOf(a).localeCompare(pathOf(b)) || a.route.localeCompare(b.route));
}

const pathOf = (operation: RoutedOperation) => operation.route.slice(operation.route.indexOf(' ') + 1);

function renderRoleSummary(operations: RoutedOperation[], rows: CapabilityRow[], problems: string[]): string {
  const byRoute = new Map(operations.map((operation) => [operation.route, operation]));
  const listed = new Set(rows.flatMap((row) => row.routes));
  for (const operation of operations) {
    if (!listed.has(operation.route)) {
      problems.push(`${operation.route} is in no row of ROLE_SUMMARY (src/common/openapi/role-summary.ts): add it to the row of its capability, or a new row`);
    }
  }
  const lines = [`| | ${ROLES.join(' | ')} |`, `| --- |${' --- |'.repeat(ROLES.length)}`];
  for (const row of rows) {
    const roles = rowRoles(row, byRoute, problems);
    const cells = ROLES.map((role) => cell(row, role, roles, problems));
    lines.push(`| ${row.capability} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function rowRoles(row: CapabilityRow, byRoute: Map<string, RoutedOperation>, problems: string[]): Set<Role> {
  const found = row.routes.flatMap((route) => {
    const operation = byRoute.get(route);
    if (!operation) problems.push(`ROLE_SUMMARY row "${row.capability}" names ${route}, which the document does not have`);
    return operation ? [operation] : [];
  });
  const signature = (operation: RoutedOperation) => [...operation.roles].sort().join(', ');
  const distinct = new Set(found.map(signature));
  if (distinct.size > 1) {
    const detail = found.map((operation) => `${operation.route} (${signature(operation) || 'nobody'})`).join('; ');
    problems.push(`ROLE_SUMMARY row "${row.capability}" mixes routes that allow different roles: ${detail}. Split the row`);
  }
  return new Set(found[0]?.roles ?? []);
}

function cell(row: CapabilityRow, role: Role, allowed: Set<Role>, problems: string[]): string {
  const note = row.notes?.[role];
  if (!allowed.has(role)) {
    if (note) problems.push(`ROLE_SUMMARY row "${row.capability}" has a note for ${role}, which its routes refuse`);
    return '';
  }
  return note ? `✔ (${note})` : '✔';
}

function renderRouteTable(operations: RoutedOperation[]): string {
  const lines = [`| route | ${ROLES.join(' | ')} | summary |`, `| --- |${' --- |'.repeat(ROLES.length)} --- |`];
  for (const operation of operations) {
    const cells = ROLES.map((role) => (operation.isPublic ? 'public' : operation.roles.includes(role) ? '✔' : ''));
    lines.push(`| \`${operation.route}\` | ${cells.join(' | ')} | ${escapeCell(operation.summary)} |`);
  }
  return lines.join('\n');
}

function renderErrorCodeTable(): string {
  const lines = ['| `error` | status | meaning |', '| --- | --- | --- |'];
  const sorted = [...ERROR_CODE_LIST].sort(
    (a, b) => ERROR_CODES[a].statuses[0] - ERROR_CODES[b].statuses[0] || a.localeCompare(b),
  );
  for (const code of sorted) {
    lines.push(`| \`${code}\` | ${ERROR_CODES[code].statuses.join(', ')} | ${escapeCell(ERROR_CODES[code].meaning)} |`);
  }
  return lines.join('\n');
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
