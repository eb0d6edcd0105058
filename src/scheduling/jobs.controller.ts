import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorator.js';
import { Role } from '../auth/role.js';
import { type Page, PageQueryDto } from '../common/pagination/page.js';
import { JobResponse, JobRunQueryDto, JobRunResponse, toJobRunResponse, TriggerResponse } from './jobs.dto.js';
import { SchedulerService } from './scheduler.service.js';
import { ApiPageResponse } from '../common/openapi/api-responses.decorator.js';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly scheduler: SchedulerService) {}

  @Auth(Role.Admin, Role.Auditor)
  @Get()
  @ApiOperation({ summary: 'Registered scheduled jobs' })
  @ApiPageResponse(JobResponse)
  list(@Query() query: PageQueryDto): Page<JobResponse> {
    return this.scheduler.listJobs(query);
  }

  @Auth(Role.Admin, Role.Auditor)
  @Get('runs')
  @ApiOperation({ summary: 'Job runs, newest first' })
  @ApiPageResponse(JobRunResponse)
  runs(@Query() query: JobRunQueryDto): Promise<Page<JobRunResponse>> {
    return this.scheduler.listRuns(query);
  }

  @Auth(Role.Admin)
  @Post(':name/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a job now (skipped when another instance holds it)' })
  @ApiOkResponse({ type: TriggerResponse })
  async trigger(@Param('name') name: string): Promise<TriggerResponse> {
    const result = await this.scheduler.trigger(name);
    return result.status === 'ran'
      ? { status: 'ran', run: toJobRunResponse(result.run) }
      : { status: 'skipped', reason: result.reason };
  }
}
