import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import {
  CATEGORIES,
  CHEMISTRIES,
  LEVELS,
  LIMITS,
  type Category,
  type Chemistry,
  type Level,
  type RegisterBatteryBody,
} from '#libs/lifecycle';
import { ID_PATTERN, IsId, IsOneOf, IsText, IsWithin } from '../http/validators.js';

/** Declared (registration) or recovered (recycling outcome) kg per element. */
export class MaterialsDto {
  @IsWithin(false, LIMITS.materialKg, 6.2) lithiumKg?: number;
  @IsWithin(false, LIMITS.materialKg, 4.1) cobaltKg?: number;
  @IsWithin(false, LIMITS.materialKg, 24.5) nickelKg?: number;
  @IsWithin(false, LIMITS.materialKg, 4.3) manganeseKg?: number;
  @IsWithin(false, LIMITS.materialKg, 18.0) copperKg?: number;
  @IsWithin(false, LIMITS.materialKg, 95.0) aluminiumKg?: number;
  @IsWithin(false, LIMITS.materialKg, 48.0) graphiteKg?: number;
}

const MAX_PREDECESSORS = 1000;

export class RegisterBatteryDto implements RegisterBatteryBody {
  @IsId(true, 'BAT-2024-000123') batteryId!: string;
  @IsOneOf(LEVELS, true, 'pack') level!: Level;
  @IsOneOf(CATEGORIES, true, 'ev') category!: Category;
  @IsOneOf(CHEMISTRIES, true, 'NMC') chemistry!: Chemistry;
  @IsText(true, 200, 'Hyundai Mobis') manufacturer!: string;
  @IsText(true, 200, 'IONIQ 5 Long Range 72.6 kWh pack') model!: string;
  @IsText(true, 10, '2021-03-15')
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be YYYY-MM-DD' })
  manufacturingDate!: string;
  @IsWithin(true, LIMITS.massKg, 410) massKg!: number;
  @IsWithin(true, LIMITS.ratedCapacityAh, 180) ratedCapacityAh!: number;
  @IsWithin(true, LIMITS.ratedEnergyKWh, 64) ratedEnergyKWh!: number;
  @IsWithin(true, LIMITS.nominalVoltageV, 355) nominalVoltageV!: number;
  @IsText(false, 200, 'KR-7G2-000981') serialNumber?: string;
  @IsText(false, 200, 'Ulsan, KR') manufacturingPlace?: string;
  @IsId(false, 'BAT-2024-000100') parentBatteryId?: string;
  /** A registered organisation (404 otherwise); `manufacturer` stays the name as written. */
  @IsId(false, 'ORG-HYUNDAI-MOBIS') manufacturerOrganisationId?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PREDECESSORS)
  @Matches(ID_PATTERN, { each: true, message: '$property entries must be 1-100 characters of A-Z a-z 0-9 . _ : -' })
  @ApiPropertyOptional({
    type: [String],
    example: ['BAT-2019-000045'],
    description: 'Original battery or batteries of a repurposed/remanufactured one.',
  })
  predecessorIds?: string[];

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MaterialsDto)
  @ApiPropertyOptional({ type: MaterialsDto })
  materials?: MaterialsDto;
}
