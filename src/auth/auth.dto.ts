import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { ORGANISATION_KINDS } from '../organisations/organisation.entity.js';
import { UserResponse } from '../users/user.dto.js';
import type { AuthenticatedUser, OrganisationKind } from './authenticated-user.js';
import { ROLES, type Role } from './role.js';

export class LoginDto {
  @ApiProperty({ example: 'spoc@council.example' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(200)
  password: string;
}

export class LoginResponse {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn: number;

  @ApiProperty({ type: UserResponse })
  user: UserResponse;
}

/** The caller as the token and the account resolve it (GET /auth/me). */
export class CurrentUserResponse implements AuthenticatedUser {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() organisationId: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) organisationKind: OrganisationKind;
}
