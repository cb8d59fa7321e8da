import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO31661Alpha2, IsObject, IsOptional, ValidateNested } from 'class-validator';
import type { OrganisationAddress, OrganisationIdentifiers, RegisterOrganisationBody } from '#libs/lifecycle';
import { IsId, IsText } from '../http/validators.js';

/** Formats with a published check (BPNL, LEI, Korean business number) are the domain's to check. */
export class OrganisationIdentifiersDto implements OrganisationIdentifiers {
  @IsText(false, 16, 'BPNL00000003AYRE') bpnl?: string;
  @IsText(false, 20, '5493001KJTIIGC8Y1R12') lei?: string;
  @IsText(false, 10, '1248100998') krBusinessNumber?: string;
  @IsText(false, 200, 'DUNS 688813245') other?: string;
}

export class OrganisationAddressDto implements OrganisationAddress {
  @IsText(false, 200, '1 Banpo-daero') street?: string;
  @IsText(false, 20, '44509') postalCode?: string;
  @IsText(false, 100, 'Ulsan') city?: string;
}

export class RegisterOrganisationDto implements RegisterOrganisationBody {
  @IsId(true, 'ORG-HYUNDAI-MOBIS') organisationId!: string;
  @IsText(true, 200, 'Hyundai Mobis Co., Ltd.') name!: string;

  @IsISO31661Alpha2({ message: '$property must be an ISO 3166-1 alpha-2 country code (KR, DE, CA)' })
  @ApiProperty({ type: String, example: 'KR', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' })
  country!: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OrganisationIdentifiersDto)
  @ApiPropertyOptional({ type: OrganisationIdentifiersDto })
  identifiers?: OrganisationIdentifiersDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OrganisationAddressDto)
  @ApiPropertyOptional({ type: OrganisationAddressDto })
  address?: OrganisationAddressDto;
}
