import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import {
  DIAGNOSIS_TEST_NAMES,
  EVALUATION_METHODS,
  HAZARD_CLASSES,
  LIMITS,
  PASS_FAIL,
  PASSPORT_SOURCE_FORMATS,
  type AttachPassportSourceBody,
  type PassportSourceFormat,
  RECEIPT_SOURCES,
  type DiagnoseBatteryBody,
  type DiagnosisTest,
  type DiagnosisTestName,
  type EvaluateBatteryBody,
  type EvaluationMethod,
  type HazardClass,
  type PassFail,
  type ReceiptSource,
  type ReceiveBatteryBody,
  type ReleaseBatteryFromStorageBody,
  type StoreBatteryBody,
} from '#libs/lifecycle';
import { IsId, IsOccurredAt, IsOneOf, IsText, IsWithin } from '../http/validators.js';

export class ReceiveBatteryDto implements ReceiveBatteryBody {
  @IsId(true, 'SITE-ULSAN-1') siteId!: string;
  @IsOneOf(RECEIPT_SOURCES, true, 'scrapyard') source!: ReceiptSource;
  @IsOneOf(HAZARD_CLASSES, true, 'intact') hazardClass!: HazardClass;
  @IsWithin(false, LIMITS.stateOfChargePct, 42) stateOfChargePct?: number;
  @IsOccurredAt() occurredAt?: string;
  @IsText(false, 2000, 'Arrived on pallet 7, casing intact') notes?: string;
}

export class EvaluateBatteryDto implements EvaluateBatteryBody {
  @IsOneOf(EVALUATION_METHODS, true, 'full-capacity-test') method!: EvaluationMethod;
  @IsWithin(true, LIMITS.stateOfHealthPct, 86.4) stateOfHealthPct!: number;
  @IsWithin(true, LIMITS.remainingCapacityAh, 155.5) remainingCapacityAh!: number;
  @IsOneOf(PASS_FAIL, true, 'pass') visualInspection!: PassFail;
  @IsWithin(false, LIMITS.remainingEnergyKWh, 55.3) remainingEnergyKWh?: number;
  @IsWithin(false, LIMITS.internalResistanceMOhm, 92.5) internalResistanceMOhm?: number;
  @IsWithin(false, LIMITS.selfDischargePctPerMonth, 1.8) selfDischargePctPerMonth?: number;
  @IsWithin(false, LIMITS.cellVoltageSpreadMV, 18) cellVoltageSpreadMV?: number;
  @IsWithin(false, LIMITS.insulationResistanceMOhm, 550) insulationResistanceMOhm?: number;
  @IsWithin(false, LIMITS.numberOfFullCycles, 412) numberOfFullCycles?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  @ApiPropertyOptional({ type: [String], example: ['minor casing dent'] })
  negativeEvents?: string[];

  @IsOccurredAt() occurredAt?: string;
}

export class StoreBatteryDto implements StoreBatteryBody {
  @IsId(true, 'SITE-ULSAN-1') siteId!: string;
  @IsId(true, 'Z-A') zone!: string;
  @IsId(true, 'A-01-03') slot!: string;
  @IsWithin(false, LIMITS.stateOfChargePct, 40) stateOfChargePct?: number;
  @IsOccurredAt() occurredAt?: string;
}

export class ReleaseFromStorageDto implements ReleaseBatteryFromStorageBody {
  @IsText(true, 500, 'picked for diagnosis') reason!: string;
  @IsOccurredAt() occurredAt?: string;
}

export class DiagnosisTestDto implements DiagnosisTest {
  @IsOneOf(DIAGNOSIS_TEST_NAMES, true, 'insulation') name!: DiagnosisTestName;
  @IsOneOf(PASS_FAIL, true, 'pass') result!: PassFail;
  @IsWithin(false, LIMITS.diagnosisTestValue, 550) value?: number;
  @IsText(false, 50, 'MΩ') unit?: string;
}

export class DiagnoseBatteryDto implements DiagnoseBatteryBody {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DiagnosisTestDto)
  @ApiProperty({ type: [DiagnosisTestDto] })
  tests!: DiagnosisTestDto[];

  @IsOneOf(PASS_FAIL, true, 'pass') verdict!: PassFail;
  @IsText(false, 200, 'UL 1974') standard?: string;
  @IsOccurredAt() occurredAt?: string;
}

export class AttachPassportSourceDto implements AttachPassportSourceBody {
  @IsOneOf(PASSPORT_SOURCE_FORMATS, true, 'catenax-6.1.0') format!: PassportSourceFormat;

  /** Checked against the format's schema by the domain, which names each wrong path. */
  @IsDefined()
  @IsObject()
  @ApiProperty({
    type: Object,
    description: 'The manufacturer passport: a Catena-X 6.1.0 document, or BatteryPass 1.2 keyed by its seven schema names.',
  })
  document!: Record<string, unknown>;
}
