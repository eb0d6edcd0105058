import { Controller, Get, Header, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, CurrentUser } from '../auth/auth.decorator.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { Role } from '../auth/role.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import type { Page } from '../common/pagination/page.js';
import {
  ImportQueryDto,
  ImportResponse,
  ImportSummaryResponse,
  KyndiUploadQueryDto,
  TemplateQueryDto,
} from './kyndi-import.dto.js';
import { KyndiImportQueryService } from './kyndi-import-query.service.js';
import { KyndiImportService } from './kyndi-import.service.js';
import { ApiContentResponse, ApiPageResponse } from '../common/openapi/api-responses.decorator.js';
import type { ErrorCode } from '../common/errors/error-codes.js';
import { ApiErrorCarrying, ApiErrors } from '../common/openapi/api-errors.decorator.js';

/** Who sends reports: council estate staff, and Kyndi itself. */
const UPLOADERS = [Role.Admin, Role.Spoc, Role.CstOfficer, Role.KyndiOperator];
/** Who reads imports: uploaders (Kyndi sees its own) and the auditor. */
const READERS = [...UPLOADERS, Role.Auditor];

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: KyndiImportService,
    private readonly queries: KyndiImportQueryService,
  ) {}

  @Post('kyndi-monthly')
  @Auth(...UPLOADERS)
  @ApiOperation({
    summary: 'Upload a Kyndi monthly activity report (CSV or XLSX)',
    description:
      'dryRun=true checks the file and returns a preview (200). Otherwise every row is applied in one transaction ' +
      '(201), or none: row errors give 422 with the rejected import. A month with a committed import gives 409 unless ' +
      'replace=true (council roles), which supersedes it. The original file is kept in object storage; when storage ' +
      'is unavailable nothing is imported (503).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: ImportResponse })
  @ApiOkResponse({ type: ImportResponse, description: 'Preview (dryRun=true)' })
  @ApiErrorCarrying('import_rejected', ImportResponse)
  @ApiErrors(
    'multipart_required',
    'file_required',
    'invalid_multipart',
    'file_too_large',
    'unsupported_file_type',
    'empty_file',
    'unreadable_xlsx',
    'xlsx_too_large',
    'xlsx_limit_exceeded',
    'malformed_csv',
    'too_many_rows@422',
    'header_not_found',
    'duplicate_column',
    'missing_columns',
    'no_rows',
    'month_missing',
    'month_conflict',
    'month_in_future',
    'month_already_imported',
    'replace_not_allowed',
    'storage_unavailable',
    'internal_error',
  )
  async upload(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: KyndiUploadQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<unknown> {
    const outcome = await this.imports.upload(request, query, user);
    if (outcome.kind !== 'rejected') {
      reply.status(outcome.kind === 'preview' ? 200 : 201);
      return outcome.response;
    }
    // The error shape every 4xx has, carrying the rejected import's fields alongside (id, status, errors...).
    reply.status(422);
    return {
      statusCode: 422,
      error: 'import_rejected' satisfies ErrorCode,
      message: outcome.message,
      requestId: String(request.id),
      ...outcome.response,
    };
  }

  @Get('kyndi-monthly/template.csv')
  @Auth(...UPLOADERS)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="kyndi-monthly-template.csv"')
  @ApiContentResponse(['text/csv'], 'The template to fill in')
  @ApiOperation({ summary: 'A CSV to fill in: the month and every camera Kyndi reports on, figures blank' })
  template(@Query() query: TemplateQueryDto): Promise<string> {
    return this.queries.template(query.month);
  }

  @Get()
  @Auth(...READERS)
  @ApiOperation({ summary: 'Imports, newest first; Kyndi operators see their own organisation\'s' })
  @ApiPageResponse(ImportSummaryResponse)
  list(@Query() query: ImportQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<ImportSummaryResponse>> {
    return this.queries.list(query, user);
  }

  @Get(':id')
  @Auth(...READERS)
  @ApiOperation({ summary: 'An import with its row errors, warnings and faults' })
  @ApiOkResponse({ type: ImportResponse })
  get(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<ImportResponse> {
    return this.queries.get(id, user);
  }
}
