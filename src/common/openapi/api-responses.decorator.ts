import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  type ApiPropertyOptions,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

/** The envelope of every list (`Page<T>` in common/pagination); ApiPageResponse fills in the items' type. */
export class PageResponse {
  @ApiProperty({ type: 'array', items: {}, description: 'This page, in the list\'s stable order' })
  items: unknown[];

  @ApiProperty({ type: 'integer', description: 'Items matching the filters, over all pages' })
  total: number;

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}

/** 200 with `{ items: Item[], total, nextCursor }`. */
export const ApiPageResponse = (item: Type<unknown>, description?: string) =>
  applyDecorators(
    ApiExtraModels(PageResponse, item),
    ApiOkResponse({
      description: description ?? `A page of ${item.name}`,
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageResponse) },
          { type: 'object', properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } } } },
        ],
      },
    }),
  );

/**
 * A success body that is not JSON: CSV, HTML or binary content. `mediaTypes` may be ranges (`*\/*` for evidence
 * content, whose type is the one it was uploaded with).
 */
export const ApiContentResponse = (mediaTypes: string[], description: string, status = 200) =>
  applyDecorators(
    ApiProduces(...mediaTypes),
    ApiResponse({
      status,
      description,
      content: Object.fromEntries(
        mediaTypes.map((type) => [
          type,
          { schema: type.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' } },
        ]),
      ),
    }),
  );

/** 200 as JSON (`model`) or, with `?format=html`, as a printable page. */
export const ApiJsonOrHtmlResponse = (model: Type<unknown>, description: string) =>
  applyDecorators(
    ApiExtraModels(model),
    ApiProduces('application/json', 'text/html'),
    ApiOkResponse({
      description,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(model) } },
        'text/html': { schema: { type: 'string' } },
      },
    }),
  );

export const JSON_VALUE_MARK = 'x-json-value';

/**
 * Any JSON value, null included (an audit snapshot, a changed field's old value): declared so rather than left as a
 * bare object. The document builder turns the marked schema into one without a type (OpenAPI 3.0's "any value").
 */
export const ApiJsonValueProperty = ({ description, optional = false }: { description?: string; optional?: boolean } = {}) =>
  (optional ? ApiPropertyOptional : ApiProperty)({
    description,
    type: 'object',
    additionalProperties: true,
    nullable: true,
    ...{ [JSON_VALUE_MARK]: true },
  });

/** A map from keys to counts, e.g. cameras by kind. */
export const ApiCountsProperty = (options: Pick<ApiPropertyOptions, 'description' | 'example'> = {}) =>
  ApiProperty({ ...options, type: 'object', additionalProperties: { type: 'integer' } });
