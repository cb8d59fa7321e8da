import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import {
  APPLICATIONS,
  LIMITS,
  RECYCLING_PROCESSES,
  SECOND_LIFE_KINDS,
  type Application,
  type HandOverForRecyclingBody,
  type RecordRecyclingOutcomeBody,
  type RecordSecondLifeBody,
  type RecyclingProcess,
  type SecondLifeKind,
} from '#libs/lifecycle';
import { IsId, IsOccurredAt, IsOneOf, IsText, IsWithin } from '../http/validators.js';
import { MaterialsDto } from './register-battery.dto.js';

export class RecordSecondLifeDto implements RecordSecondLifeBody {
  @IsOneOf(SECOND_LIFE_KINDS, true, 'repurposed') kind!: SecondLifeKind;
  @IsOneOf(APPLICATIONS, true, 'ess') application!: Application;
  @IsText(true, 200, 'GridCell Storage Co.') operatorName!: string;
  /** The registered organisation taking responsibility (404 when not registered). */
  @IsId(false, 'ORG-GRIDCELL') operatorOrganisationId?: string;
  /** Required for repurposed and remanufactured, absent for re-used: the domain's cross-field rule. */
  @IsId(false, 'ESS-2026-000007') successorBatteryId?: string;
  @IsOccurredAt() occurredAt?: string;
}

export class HandOverForRecyclingDto implements HandOverForRecyclingBody {
  @IsText(true, 200, 'SungEel HiTech') recycler!: string;
  /** The recycler's registered organisation (404 when not registered). */
  @IsId(false, 'ORG-SUNGEEL') recyclerOrganisationId?: string;
  @IsText(false, 500, 'grade C after evaluation') reason?: string;
  @IsOccurredAt() occurredAt?: string;
}

export class RecordRecyclingOutcomeDto implements RecordRecyclingOutcomeBody {
  @IsOneOf(RECYCLING_PROCESSES, true, 'hydrometallurgy') process!: RecyclingProcess;
  @IsWithin(true, LIMITS.inputMassKg, 405) inputMassKg!: number;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MaterialsDto)
  // Their sum against inputMassKg is the domain's cross-field rule.
  @ApiProperty({ type: MaterialsDto })
  recovered!: MaterialsDto;

  @IsWithin(false, LIMITS.blackMassKg, 160) blackMassKg?: number;
  @IsOccurredAt() occurredAt?: string;
}
