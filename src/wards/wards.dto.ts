import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import type { WardMember } from './ward-member.entity.js';
import type { Ward } from './ward.entity.js';

export class CreateWardMemberDto {
  @ApiProperty({ example: 'Cllr Jane Example' }) @IsString() @MinLength(2) @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'jane.example@councillors.medway.example' }) @IsEmail() @MaxLength(254)
  email: string;
}

export class WardResponse {
  @ApiProperty({ example: 'gillingham-south', description: 'Slug; cameras refer to wards by it' }) id: string;
  @ApiProperty({ example: 'Gillingham South' }) name: string;
  @ApiProperty({ description: 'Councillors elected for the ward' }) councillors: number;
}

export class WardMemberResponse {
  @ApiProperty() id: string;
  @ApiProperty() wardId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, description: 'Shown to admin, spoc, cst_officer and auditor; null for other roles' })
  email: string | null;
  @ApiProperty() isDemo: boolean;
  @ApiProperty() createdAt: string;
}

export function toWardResponse(ward: Ward): WardResponse {
  return { id: ward.id, name: ward.name, councillors: ward.councillors };
}

export function toWardMemberResponse(member: WardMember): WardMemberResponse {
  return {
    id: member.id,
    wardId: member.wardId,
    name: member.name,
    email: member.email,
    isDemo: member.isDemo,
    createdAt: member.createdAt.toISOString(),
  };
}
