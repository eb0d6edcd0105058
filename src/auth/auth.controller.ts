import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from './authenticated-user.js';
import { ALL_ROLES } from './role.js';
import { Auth, CurrentUser, Public } from './auth.decorator.js';
import { CurrentUserResponse, LoginDto, LoginResponse } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a bearer token' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors('invalid_credentials', 'too_many_attempts', 'database_unavailable')
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<LoginResponse> {
    return this.auth.login(dto, request.ip);
  }

  @Auth(...ALL_ROLES)
  @Get('me')
  @ApiOperation({ summary: 'The caller as the service sees them' })
  @ApiOkResponse({ type: CurrentUserResponse })
  me(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }
}
