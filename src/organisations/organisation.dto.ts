import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import type { OrganisationKind } from '../auth/authenticated-user.js';
import { ORGANISATION_KINDS, type Organisation } from './organisation.entity.js';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Kent Police' }) @IsString() @MinLength(2) @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ORGANISATION_KINDS }) @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;
}

export class OrganisationResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty() createdAt: string;
}

export function toOrganisationResponse(organisation: Organisation): OrganisationResponse {
  return { ...organisation, createdAt: organisation.createdAt.toISOString() };
}
