import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorator.js';
import { Role } from '../auth/role.js';
import { UuidPipe } from '../common/http/uuid.pipe.js';
import type { Page } from '../common/pagination/page.js';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserQueryDto, UserResponse } from './user.dto.js';
import { UsersService } from './users.service.js';
import { ApiPageResponse } from '../common/openapi/api-responses.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';

@ApiTags('users')
@Auth(Role.Admin)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users, by email' })
  @ApiPageResponse(UserResponse)
  list(@Query() query: UserQueryDto): Promise<Page<UserResponse>> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserResponse })
  get(@Param('id', UuidPipe) id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Add a user to an organisation, with a role that fits its kind' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors('unknown_organisation', 'role_not_allowed_for_organisation', 'email_taken')
  create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.users.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Disable/enable, change role or name; disabling revokes the user\'s tokens at once' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors('role_not_allowed_for_organisation')
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return this.users.update(id, dto);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password; existing tokens stop working' })
  @ApiOkResponse({ type: UserResponse })
  resetPassword(@Param('id', UuidPipe) id: string, @Body() dto: ResetPasswordDto): Promise<UserResponse> {
    return this.users.resetPassword(id, dto);
  }
}
