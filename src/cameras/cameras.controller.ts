import { Body, Controller, Get, Header, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, CurrentUser } from '../auth/auth.decorator.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ALL_ROLES, ESTATE_EDITORS } from '../auth/role.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { type Page, PageQueryDto } from '../common/pagination/page.js';
import { csvTemplate } from './camera-csv.js';
import { CameraImportQueryDto, CameraImportResponse } from './camera-import.dto.js';
import { CameraImportService } from './camera-import.service.js';
import {
  CameraDetailResponse,
  CameraFilterDto,
  CameraHistoryEntry,
  CameraResponse,
  CameraSummaryResponse,
  CreateCameraDto,
  UpdateCameraDto,
} from './camera.dto.js';
import { CamerasService } from './cameras.service.js';
import { readUploadedFile } from './uploaded-file.js';
import { ApiContentResponse, ApiPageResponse } from '../common/openapi/api-responses.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';


/** Everyone may read the estate (police and Kyndi need camera locations); only council estate staff change it. */
@ApiTags('cameras')
@Controller('cameras')
export class CamerasController {
  constructor(
    private readonly cameras: CamerasService,
    private readonly imports: CameraImportService,
  ) {}

  // Fixed paths first, so that they are never read as an :id.
  @Auth(...ALL_ROLES)
  @Get('summary')
  @ApiOperation({ summary: 'Counts by kind, status, technology, ward and RAG' })
  @ApiOkResponse({ type: CameraSummaryResponse })
  summary(): Promise<CameraSummaryResponse> {
    return this.cameras.summary();
  }

  @Auth(...ALL_ROLES)
  @Get('export.csv')
  @ApiContentResponse(['text/csv'], 'The cameras as CSV, cells neutralised for spreadsheets')
  @ApiOperation({ summary: 'The filtered list as CSV (all rows, same filters and order as the list)' })
  async exportCsv(@Query() filter: CameraFilterDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { fileName, csv } = await this.cameras.exportCsv(filter);
    reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store');
    return csv;
  }

  @Auth(...ESTATE_EDITORS)
  @Get('import/template.csv')
  @ApiOperation({ summary: 'The header row of the camera CSV import' })
  @ApiContentResponse(['text/csv'], 'A CSV with the import\'s columns')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="cameras-import-template.csv"')
  template(): string {
    return csvTemplate();
  }

  @Auth(...ESTATE_EDITORS)
  @Post('import')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary: 'Import cameras from CSV (field `file`): matched by assetNumber (update) or created',
    description:
      'As for the monthly report: dryRun=true checks every row and returns a preview (200); otherwise all rows are ' +
      'applied in one transaction (201), or none (422 import_invalid with the errors). Blank cells clear optional ' +
      'fields; blank status/rag keep the current value. Rows are numbered as lines of the file (header = 1).',
  })
  @ApiOkResponse({ type: CameraImportResponse, description: 'Preview (dryRun=true)' })
  @ApiCreatedResponse({ type: CameraImportResponse, description: 'Applied' })
  @ApiErrors('file_missing', 'empty_file', 'invalid_csv', 'too_many_rows@400', 'import_invalid')
  async import(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: CameraImportQueryDto,
  ): Promise<CameraImportResponse> {
    const file = await readUploadedFile(request);
    const dryRun = query.dryRun ?? false;
    const response = await this.imports.import(file.content, file.filename, dryRun);
    reply.status(dryRun ? 200 : 201);
    return response;
  }

  @Auth(...ALL_ROLES)
  @Get()
  @ApiOperation({ summary: 'Cameras, filtered, sorted and paged (decommissioned ones only when asked for)' })
  @ApiPageResponse(CameraResponse)
  list(@Query() filter: CameraFilterDto): Promise<Page<CameraResponse>> {
    return this.cameras.list(filter);
  }

  @Auth(...ESTATE_EDITORS)
  @Post()
  @ApiOperation({ summary: 'Add a camera to the registry' })
  @ApiCreatedResponse({ type: CameraDetailResponse })
  @ApiErrors(
    'unknown_ward',
    'unknown_organisation',
    'incomplete_coordinates',
    'outside_medway',
    'status_follows_faults',
    'asset_number_taken',
  )
  create(@Body() dto: CreateCameraDto): Promise<CameraDetailResponse> {
    return this.cameras.create(dto);
  }

  @Auth(...ALL_ROLES)
  @Get(':id')
  @ApiOperation({ summary: 'A camera with its open faults and last 12 months of Kyndi activity' })
  @ApiOkResponse({ type: CameraDetailResponse })
  get(@Param('id', UuidPipe) id: string): Promise<CameraDetailResponse> {
    return this.cameras.get(id);
  }

  @Auth(...ESTATE_EDITORS)
  @Patch(':id')
  @ApiOperation({ summary: 'Edit a camera; send the version you read (stale: 409 version_conflict)' })
  @ApiOkResponse({ type: CameraDetailResponse })
  @ApiErrors(
    'unknown_ward',
    'unknown_organisation',
    'incomplete_coordinates',
    'outside_medway',
    'status_follows_faults',
    'asset_number_taken',
    'version_conflict',
    'camera_deployed',
    'camera_has_open_faults',
  )
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateCameraDto): Promise<CameraDetailResponse> {
    return this.cameras.update(id, dto);
  }

  @Auth(...ALL_ROLES)
  @Get(':id/history')
  @ApiOperation({
    summary:
      'What changed on the camera, when and (for council staff and auditors) who, field by field, newest first; police ' +
      'and Kyndi see the role that acted but not the person',
  })
  @ApiPageResponse(CameraHistoryEntry)
  history(
    @Param('id', UuidPipe) id: string,
    @Query() page: PageQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<CameraHistoryEntry>> {
    return this.cameras.history(id, page, user);
  }
}
