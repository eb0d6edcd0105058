import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../auth/role.js';
import { PageQueryDto } from '../common/pagination/page.js';
import type { User } from './user.entity.js';

const PASSWORD_RULE = 'password must be 12 to 200 characters';

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 12 }) @IsString() @MinLength(12, { message: PASSWORD_RULE }) @MaxLength(200)
  password: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES)
  role: Role;

  @ApiProperty() @IsUUID()
  organisationId: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  displayName?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  displayName?: string;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: 12 }) @IsString() @MinLength(12, { message: PASSWORD_RULE }) @MaxLength(200)
  password: string;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  organisationId?: string;
}

export class UserResponse {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() organisationId: string;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ type: String, nullable: true }) lastLoginAt: string | null;
  @ApiProperty() createdAt: string;
}

export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    organisationId: user.organisationId,
    disabled: user.disabled,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
