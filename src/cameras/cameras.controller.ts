import { Body, Controller, Get, Header, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
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
  type CameraHistoryEntry,
  type CameraResponse,
  CameraSummaryResponse,
  CreateCameraDto,
  UpdateCameraDto,
} from './camera.dto.js';
import { CamerasService } from './cameras.service.js';
import { readUploadedFile } from './uploaded-file.js';


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
  @ApiOkResponse({ type: CameraSummaryResponse })
  summary(): Promise<CameraSummaryResponse> {
    return this.cameras.summary();
  }

  @Auth(...ALL_ROLES)
  @Get('export.csv')
  @ApiProduces('text/csv')
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
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="cameras-import-template.csv"')
  template(): string {
    return csvTemplate();
  }

  @Auth(...ESTATE_EDITORS)
  @Post('import')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary: 'Import cameras from CSV (field `file`): matched by assetNumber (update) or created',
    description:
      'As for the monthly report: dryRun=true checks every row and returns a preview (200); otherwise all rows are ' +
      'applied in one transaction (201), or none (422 import_invalid with the errors). Blank cells clear optional ' +
      'fields; blank status/rag keep the current value. Rows are numbered as lines of the file (header = 1).',
  })
  @ApiOkResponse({ type: CameraImportResponse, description: 'Preview (dryRun=true)' })
  @ApiCreatedResponse({ type: CameraImportResponse, description: 'Applied' })
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
  list(@Query() filter: CameraFilterDto): Promise<Page<CameraResponse>> {
    return this.cameras.list(filter);
  }

  @Auth(...ESTATE_EDITORS)
  @Post()
  @ApiCreatedResponse({ type: CameraDetailResponse })
  create(@Body() dto: CreateCameraDto): Promise<CameraDetailResponse> {
    return this.cameras.create(dto);
  }

  @Auth(...ALL_ROLES)
  @Get(':id')
  @ApiOkResponse({ type: CameraDetailResponse })
  get(@Param('id', UuidPipe) id: string): Promise<CameraDetailResponse> {
    return this.cameras.get(id);
  }

  @Auth(...ESTATE_EDITORS)
  @Patch(':id')
  @ApiOkResponse({ type: CameraDetailResponse })
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
  history(
    @Param('id', UuidPipe) id: string,
    @Query() page: PageQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<CameraHistoryEntry>> {
    return this.cameras.history(id, page, user);
  }
}
