import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString } from 'class-validator';
import type { TransferBatteryBody } from '#libs/lifecycle';
import { BUNDLE_FORMAT } from '#libs/transfers';
import { IsId, IsOccurredAt, IsText } from '../http/validators.js';

export class TransferBatteryDto implements TransferBatteryBody {
  @IsId(true, 'ca-northvolt-recycling') toOrganisationId!: string;
  @IsText(false, 500, 'sold to a Canadian recycler') reason?: string;
  @IsOccurredAt() occurredAt?: string;
}

/** A bound far above any battery's history that keeps one import's work bounded (the body is capped at 1 MiB anyway). */
const MAX_BUNDLE_ITEMS = 10_000;

/**
 * The bundle as GET /batteries/{id}/bundle serves it. Only its outline is checked here (400); every
 * part inside is verified by libs/transfers, which names the first failing part (422).
 */
export class ImportBundleDto {
  @IsIn([BUNDLE_FORMAT]) @ApiProperty({ enum: [BUNDLE_FORMAT] }) format!: string;
  @IsId(true, 'BAT-2024-000123') batteryId!: string;
  @IsOptional() @IsString() @ApiPropertyOptional({ type: String }) exportedAt?: string;
  @IsArray()
  @ArrayMaxSize(MAX_BUNDLE_ITEMS)
  @IsObject({ each: true })
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  events!: object[];
  @IsArray() @ArrayMaxSize(MAX_BUNDLE_ITEMS) @ApiProperty({ type: 'array', items: { type: 'object' } }) certificates!: unknown[];
  @IsObject() @ApiProperty({ type: 'object', additionalProperties: true }) checkpoint!: object;
  @IsArray() @ArrayMaxSize(MAX_BUNDLE_ITEMS) @ApiProperty({ type: 'array', items: { type: 'object' } }) inclusion!: unknown[];
  @IsObject() @ApiProperty({ type: 'object', additionalProperties: true, description: 'JWKS of the origin' }) keys!: object;
}

export class TrustedIssuerDto {
  @IsId(true, 'kr-pohang-centre') issuerId!: string;
  @IsText(true, 200, 'Pohang Battery Evaluation Centre') name!: string;
  @IsId(false, 'kr-pohang') organisationId?: string;
  @IsObject()
  @ApiProperty({ type: 'object', additionalProperties: true, description: "JWKS: the partner's GET /certificates/keys" })
  keys!: object;
}
