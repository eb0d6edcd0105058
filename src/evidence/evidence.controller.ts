import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, CurrentUser } from '../auth/auth.decorator.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { ALL_ROLES, Role } from '../auth/role.js';
import { DomainException } from '../common/errors/domain-exception.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import { attachmentDisposition } from '../storage/storage.service.js';
import { contentRange } from './byte-range.js';
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
  QuarantineReleaseDto,
  RestoreEvidenceDto,
  UploadResultResponse,
} from './dto/evidence-item.dto.js';
import { CustodyReportQueryDto } from './dto/report-query.dto.js';
import { EvidenceDeletionService } from './evidence-deletion.service.js';
import { EvidenceDownloadsService } from './evidence-downloads.service.js';
import { EvidenceItemsService } from './evidence-items.service.js';
import { EvidenceQuarantineService } from './evidence-quarantine.service.js';
import { EvidenceRetentionService } from './evidence-retention.service.js';
import { EvidenceUploadService } from './evidence-upload.service.js';
import { EvidenceVerificationService } from './evidence-verification.service.js';
import { sendReport } from './report-response.js';
import { ApiContentResponse, ApiJsonOrHtmlResponse } from '../common/openapi/api-responses.decorator.js';
import { CustodyReportResponse } from './dto/custody-report.dto.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';

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
    private readonly quarantine: EvidenceQuarantineService,
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
  @ApiErrors(
    'empty_content',
    'invalid_content_sha256',
    'upload_interrupted',
    'hash_mismatch',
    'request_not_open',
    'upload_in_progress',
    'upload_superseded',
    'evidence_immutable',
    'storage_unavailable',
  )
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
  @ApiOperation({
    summary: 'Stream the content through the service, with a reason (recorded as downloaded)',
    description:
      'Supports one byte range (Range: bytes=a-b, a- or -n → 206; beyond the end → 416; several ranges → the whole ' +
      'content, 200). X-Content-SHA256 is always the whole content\'s recorded SHA-256. Ranged reads by the same user ' +
      'with the same reason within EVIDENCE_DOWNLOAD_SESSION_SECONDS are one download in the chain of custody. ' +
      'A quarantined item (integrity_failed) is refused with 409.',
  })
  @ApiHeader({ name: 'Range', required: false, description: 'bytes=start-end, bytes=start- or bytes=-suffixLength' })
  @ApiContentResponse(['*/*'], 'The content, with the media type it was uploaded with and its SHA-256 in X-Content-SHA256')
  @ApiContentResponse(['*/*'], 'One byte range of the content (Content-Range); X-Content-SHA256 is the whole content\'s', 206)
  @ApiErrors(
    'not_entitled',
    'evidence_not_available',
    'evidence_pending_deletion',
    'integrity_failed',
    'range_not_satisfiable',
    'evidence_deleted@410',
    'storage_unavailable',
  )
  async content(
    @Param('id', UuidPipe) id: string,
    @Query() query: EvidenceContentQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('range') range?: string,
  ): Promise<StreamableFile> {
    reply.header('accept-ranges', 'bytes').header('cache-control', 'no-store');
    if (reply.request.method === 'HEAD') return this.describeContent(id, query.reason, user, reply);
    const download = await this.downloads.open(id, query.reason, user, range).catch((error: unknown) => {
      if (error instanceof DomainException && error.code === 'range_not_satisfiable') {
        reply.header('content-range', `bytes */${(error.details as { size: number }).size}`);
      }
      throw error;
    });
    const { item, record } = download;
    reply.header('x-content-sha256', record.sha256);
    if (download.range) reply.status(206).header('content-range', contentRange(download.range, record.size));
    return new StreamableFile(download.stream, {
      type: item.contentType,
      length: download.range ? download.range.end - download.range.start + 1 : record.size,
      disposition: attachmentDisposition(item.originalFileName),
    });
  }

  /** HEAD (which Fastify routes here): the headers of a whole download, without reading or logging one. */
  private async describeContent(id: string, reason: string, user: AuthenticatedUser, reply: FastifyReply): Promise<StreamableFile> {
    const { item, record } = await this.downloads.describe(id, reason, user);
    reply.header('x-content-sha256', record.sha256).header('content-length', record.size);
    return new StreamableFile(Buffer.alloc(0), { type: item.contentType, disposition: attachmentDisposition(item.originalFileName) });
  }

  @Post(':id/quarantine-release')
  @HttpCode(200)
  @Auth(Role.Admin)
  @ApiOperation({
    summary: 'Admin: a copy of a quarantined item\'s stored content, labelled as failing integrity, with a reason',
    description:
      'Only for items in integrity_failed (else 409 not_quarantined). Recorded as quarantine_released. The file name ' +
      'starts INTEGRITY-FAILED_ and X-Integrity-Status: failed is set; X-Recorded-SHA256 is what the upload recorded, ' +
      'which this content does not (or cannot be shown to) match.',
  })
  @ApiContentResponse(['application/octet-stream'], 'The stored content, labelled as failing integrity')
  @ApiErrors('not_quarantined', 'evidence_content_missing', 'storage_unavailable')
  async releaseQuarantined(
    @Param('id', UuidPipe) id: string,
    @Body() dto: QuarantineReleaseDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const copy = await this.quarantine.release(id, dto.reason, user);
    reply.header('x-integrity-status', 'failed').header('cache-control', 'no-store');
    if (copy.recordedSha256) reply.header('x-recorded-sha256', copy.recordedSha256);
    return new StreamableFile(copy.stream, {
      type: 'application/octet-stream',
      length: copy.size,
      disposition: attachmentDisposition(`INTEGRITY-FAILED_${copy.item.originalFileName}`),
    });
  }

  @Post(':id/download')
  @HttpCode(200)
  @Auth(...CONTENT_RECIPIENTS)
  @ApiOperation({ summary: 'A short-lived pre-signed download URL, with a reason (recorded as download_url_issued)' })
  @ApiOkResponse({ type: DownloadUrlResponse })
  @ApiErrors(
    'not_entitled',
    'evidence_not_available',
    'evidence_pending_deletion',
    'integrity_failed',
    'evidence_deleted@410',
    'storage_unavailable',
  )
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
  @ApiErrors('storage_unavailable')
  verify(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthenticatedUser): Promise<VerificationResponse> {
    return this.verification.verify(id, user);
  }

  @Get(':id/custody-report')
  @Auth(...CUSTODY_READERS)
  @ApiOperation({ summary: 'Custody report for the exhibit (JSON, or printable HTML with ?format=html)' })
  @ApiJsonOrHtmlResponse(CustodyReportResponse, 'The custody report (JSON), or printable HTML with ?format=html')
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
  @ApiErrors(
    'nothing_to_change',
    'conflicting_retention',
    'retain_until_required',
    'retain_until_in_past',
    'reason_required',
    'legal_hold',
    'evidence_pending_deletion',
    'evidence_deleted@409',
    'case_already_closed',
  )
  setRetention(@Param('id', UuidPipe) id: string, @Body() dto: EvidenceRetentionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.retention.change(id, dto, user);
  }

  @Delete(':id')
  @Auth(Role.Spoc, Role.Admin)
  @ApiOperation({
    summary: 'Delete with a reason: into the recycle bin for EVIDENCE_DELETION_GRACE_DAYS, then purged (refused under a legal hold)',
  })
  @ApiOkResponse({ type: EvidenceItemResponse })
  @ApiErrors(
    'legal_hold',
    'evidence_deleted@409',
    'evidence_pending_deletion',
    'integrity_failed',
    'upload_in_progress',
    'storage_unavailable',
  )
  remove(@Param('id', UuidPipe) id: string, @Body() dto: EvidenceReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.deletion.delete(id, dto, user);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Auth(Role.Spoc, Role.Admin)
  @ApiOperation({ summary: 'Restore an item from the recycle bin, with a reason and a new future retention (409 not_pending_deletion otherwise)' })
  @ApiOkResponse({ type: EvidenceItemResponse })
  @ApiErrors('not_pending_deletion', 'evidence_deleted@409', 'conflicting_retention', 'retain_until_in_past', 'case_already_closed')
  restore(@Param('id', UuidPipe) id: string, @Body() dto: RestoreEvidenceDto, @CurrentUser() user: AuthenticatedUser) {
    return this.deletion.restore(id, dto, user);
  }
}
