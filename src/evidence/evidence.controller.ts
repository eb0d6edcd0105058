import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, CurrentUser } from '../auth/auth.decorator.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ALL_ROLES, Role } from '../auth/role.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { attachmentDisposition } from '../storage/storage.service.js';
import { renderCustodyReportHtml } from './custody-report.html.js';
import { CustodyReportService } from './custody-report.service.js';
import type { CustodyReport } from './custody-report.types.js';
import { CustodyChainResponse, VerificationResponse } from './dto/custody.dto.js';
import {
  EvidenceContentQueryDto,
  DownloadUrlResponse,
  EvidenceItemResponse,
  EvidenceReasonDto,
  EvidenceRetentionDto,
  RestoreEvidenceDto,
  UploadResultResponse,
} from './dto/evidence-item.dto.js';
import { CustodyReportQueryDto } from './dto/report-query.dto.js';
import { EvidenceDeletionService } from './evidence-deletion.service.js';
import { EvidenceDownloadsService } from './evidence-downloads.service.js';
import { EvidenceItemsService } from './evidence-items.service.js';
import { EvidenceRetentionService } from './evidence-retention.service.js';
import { EvidenceUploadService } from './evidence-upload.service.js';
import { EvidenceVerificationService } from './evidence-verification.service.js';
import { sendReport } from './report-response.js';

const CONTENT_RECIPIENTS = [Role.PoliceOfficer, Role.Spoc, Role.Admin];
const CUSTODY_READERS = [Role.Admin, Role.Spoc, Role.CstOfficer, Role.Auditor, Role.PoliceOfficer];

@ApiTags('evidence')
@Controller('evidence')
export class EvidenceController {
  constructor(
    private readonly items: EvidenceItemsService,
    private readonly uploads: EvidenceUploadService,
    private readonly downloads: EvidenceDownloadsService,
    private readonly reports: CustodyReportService,
    private readonly verification: EvidenceVerificationService,
    private readonly retention: EvidenceRetentionService,
    private readonly deletion: EvidenceDeletionService,
  ) {}

  @Get(':id')
  @Auth(...ALL_ROLES)
  @ApiOperation({ summary: 'Item metadata (the read is recorded in the chain of custody)' })
  @ApiOkResponse({ type: EvidenceItemResponse })
  get(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<EvidenceItemResponse> {
    return this.items.get(id, user);
  }

  @Put(':id/content')
  @Auth(Role.KyndiOperator)
  @ApiOperation({
    summary: 'Upload the file as the raw request body, streamed to storage while hashed (SHA-256)',
    description: 'Optional X-Content-SHA256 (hex): a mismatch rejects the upload (422). Immutable once available (409).',
  })
  @ApiConsumes('application/octet-stream', 'video/mp4', 'application/zip')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'X-Content-SHA256', required: false, description: 'SHA-256 of the file, hexadecimal' })
  @ApiOkResponse({ type: UploadResultResponse })
  upload(
    @Param('id', UuidPipe) id: string,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthenticatedUser,
    @Headers('x-content-sha256') clientSha256?: string,
  ): Promise<UploadResultResponse> {
    return this.uploads.upload(id, user, request.raw, clientSha256);
  }

  @Get(':id/content')
  @Auth(...CONTENT_RECIPIENTS)
  @ApiOperation({ summary: 'Stream the content through the service, with a reason (recorded as downloaded)' })
  @ApiProduces('application/octet-stream')
  async content(
    @Param('id', UuidPipe) id: string,
    @Query() query: EvidenceContentQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { item, stream } = await this.downloads.open(id, query.reason, user);
    reply.header('x-content-sha256', item.sha256).header('cache-control', 'no-store');
    return new StreamableFile(stream, {
      type: item.contentType,
      length: item.sizeBytes ?? undefined,
      disposition: attachmentDisposition(item.originalFileName),
    });
  }

  @Post(':id/download')
  @HttpCode(200)
  @Auth(...CONTENT_RECIPIENTS)
  @ApiOperation({ summary: 'A short-lived pre-signed download URL, with a reason (recorded as download_url_issued)' })
  @ApiOkResponse({ type: DownloadUrlResponse })
  download(@Param('id', UuidPipe) id: string, @Body() dto: EvidenceReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.downloads.issueUrl(id, dto.reason, user);
  }

  @Get(':id/custody')
  @Auth(...CUSTODY_READERS, Role.KyndiOperator)
  @ApiOperation({ summary: 'The item\'s chain of custody, and its request\'s' })
  @ApiOkResponse({ type: CustodyChainResponse })
  custody(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<CustodyChainResponse> {
    return this.reports.chain(id, user);
  }

  @Get(':id/verify')
  @Auth(...CUSTODY_READERS)
  @ApiOperation({ summary: 'Re-hash the stored content and re-compute every custody link; reports exactly what failed' })
  @ApiOkResponse({ type: VerificationResponse })
  verify(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<VerificationResponse> {
    return this.verification.verify(id, user);
  }

  @Get(':id/custody-report')
  @Auth(...CUSTODY_READERS)
  @ApiOperation({ summary: 'Custody report for the exhibit (JSON, or printable HTML with ?format=html)' })
  @ApiProduces('application/json', 'text/html')
  async report(
    @Param('id', UuidPipe) id: string,
    @Query() query: CustodyReportQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustodyReport | string> {
    const format = query.format ?? 'json';
    return sendReport(reply, format, await this.reports.itemReport(id, user, format), renderCustodyReportHtml);
  }

  @Patch(':id/retention')
  @Auth(Role.Spoc, Role.Admin)
  @ApiOperation({
    summary: 'Set retain-until, "until case closed" or a legal hold',
    description: 'Shortening retention needs a reason and is refused under a legal hold (409 legal_hold); a hold restores an item from the recycle bin.',
  })
  @ApiOkResponse({ type: EvidenceItemResponse })
  setRetention(@Param('id', UuidPipe) id: string, @Body() dto: EvidenceRetentionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.retention.change(id, dto, user);
  }

  @Delete(':id')
  @Auth(Role.Spoc, Role.Admin)
  @ApiOperation({
    summary: 'Delete with a reason: into the recycle bin for EVIDENCE_DELETION_GRACE_DAYS, then purged (refused under a legal hold)',
  })
  @ApiOkResponse({ type: EvidenceItemResponse })
  remove(@Param('id', UuidPipe) id: string, @Body() dto: EvidenceReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.deletion.delete(id, dto, user);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Auth(Role.Spoc, Role.Admin)
  @ApiOperation({ summary: 'Restore an item from the recycle bin, with a reason and a new future retention (409 not_pending_deletion otherwise)' })
  @ApiOkResponse({ type: EvidenceItemResponse })
  restore(@Param('id', UuidPipe) id: string, @Body() dto: RestoreEvidenceDto, @CurrentUser() user: AuthenticatedUser) {
    return this.deletion.restore(id, dto, user);
  }
}
