import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Matches, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badRequest } from '../errors/domain-exception.js';

export const MAX_PAGE_SIZE = 200;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page\'s nextCursor' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'cursor is not a valid page cursor' })
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor?: string): number {
  if (!cursor) return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badRequest('invalid_cursor', 'cursor is not a valid page cursor');
  return Number(match[1]);
}

/**
 * Runs a query one page at a time. The caller orders the query; the order must end on a unique column
 * (usually id) so that pages are stable.
 */
export async function paginate<E extends ObjectLiteral, R>(
  query: SelectQueryBuilder<E>,
  page: PageQueryDto,
  toResponse: (entity: E) => R,
): Promise<Page<R>> {
  const limit = page.limit ?? 50;
  const offset = decodeCursor(page.cursor);
  const [entities, total] = await query.skip(offset).take(limit).getManyAndCount();
  const next = offset + entities.length;
  return { items: entities.map(toResponse), total, nextCursor: next < total ? encodeCursor(next) : null };
}

export function pageOf<R>(items: R[], total: number, offset: number): Page<R> {
  const next = offset + items.length;
  return { items, total, nextCursor: next < total ? encodeCursor(next) : null };
}
