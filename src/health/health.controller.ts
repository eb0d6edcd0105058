import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorator.js';
import { HealthService, type Readiness } from './health.service.js';
import { LivenessResponse, ReadinessResponse } from './health.dto.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessResponse, description: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database and object storage answer' })
  @ApiOkResponse({ type: ReadinessResponse, description: 'Database and object storage answer' })
  @ApiServiceUnavailableResponse({ type: ReadinessResponse, description: 'A dependency is down; `checks` says which' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const readiness = await this.health.readiness();
    reply.status(readiness.status === 'ok' ? 200 : 503);
    return readiness;
  }
}
