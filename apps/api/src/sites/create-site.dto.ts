import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { LIMITS, ZONE_KINDS, type CreateSiteBody, type ZoneKind, type ZoneSpec } from '#libs/lifecycle';
import { IsId, IsOneOf, IsText, IsWithin } from '../http/validators.js';

export class ZoneDto implements ZoneSpec {
  @IsId(true, 'Z-A') zone!: string;
  @IsOneOf(ZONE_KINDS, true, 'standard') kind!: ZoneKind;
  @IsWithin(true, LIMITS.zoneCapacity, 40) capacity!: number;
}

export class CreateSiteDto implements CreateSiteBody {
  @IsId(true, 'SITE-ULSAN-1') siteId!: string;
  @IsText(true, 200, 'Ulsan evaluation and storage centre') name!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ZoneDto)
  @ApiProperty({ type: [ZoneDto] })
  zones!: ZoneDto[];
}
