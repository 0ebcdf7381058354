import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../principal';

/** Who the caller is, as the dashboard needs to know it. */
export class SessionPrincipalDto {
  @ApiProperty({ format: 'uuid' })
  keyId!: string;

  @ApiProperty({ description: 'the key’s name' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({ type: [String], description: 'leaders a leader or staff key may reach' })
  leaderIds!: string[];

  @ApiProperty({ enum: ['key', 'session'], description: 'Bearer key or session cookie' })
  via!: 'key' | 'session';
}
