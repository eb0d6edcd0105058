import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { UserResponse } from '../users/user.dto.js';

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
