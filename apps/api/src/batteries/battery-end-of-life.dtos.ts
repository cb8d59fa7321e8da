import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import {
  APPLICATIONS,
  MATERIAL_FIELDS,
  RECYCLING_PROCESSES,
  SECOND_LIFE_KINDS,
  type Application,
  type HandOverForRecyclingBody,
  type RecordRecyclingOutcomeBody,
  type RecordSecondLifeBody,
  type RecyclingProcess,
  type SecondLifeKind,
} from '#libs/lifecycle';
import { IsId, IsMeasure, IsOccurredAt, IsOneOf, IsText } from '../http/validators.js';
import { MaterialsDto } from './register-battery.dto.js';

const needsSuccessor = (body: RecordSecondLifeDto) => body.kind === 'repurposed' || body.kind === 'remanufactured';

export class RecordSecondLifeDto implements RecordSecondLifeBody {
  @IsOneOf(SECOND_LIFE_KINDS, true, 'repurposed') kind!: SecondLifeKind;
  @IsOneOf(APPLICATIONS, true, 'ess') application!: Application;
  @IsText(true, 200, 'GridCell Storage Co.') operatorName!: string;
  @ValidateIf((body: RecordSecondLifeDto) => needsSuccessor(body) || body.successorBatteryId !== undefined)
  @IsDefined({ message: '$property is required when kind is repurposed or remanufactured' })
  @IsId(true, 'ESS-2026-000007')
  successorBatteryId?: string;
  @IsOccurredAt() occurredAt?: string;
}

export class HandOverForRecyclingDto implements HandOverForRecyclingBody {
  @IsText(true, 200, 'SungEel HiTech') recycler!: string;
  @IsText(false, 500, 'grade C after evaluation') reason?: string;
  @IsOccurredAt() occurredAt?: string;
}

function recoveredTotal(recovered: unknown): number {
  if (typeof recovered !== 'object' || recovered === null) return 0;
  const record = recovered as Record<string, unknown>;
  return MATERIAL_FIELDS.reduce((sum, field) => sum + (typeof record[field] === 'number' ? (record[field] as number) : 0), 0);
}

export class RecordRecyclingOutcomeDto implements RecordRecyclingOutcomeBody {
  @IsOneOf(RECYCLING_PROCESSES, true, 'hydrometallurgy') process!: RecyclingProcess;
  @IsMeasure(true, 0, 100_000, 405, { exclusiveMin: true }) inputMassKg!: number;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MaterialsDto)
  @ValidateBy({
    name: 'notMoreThanInput',
    validator: {
      validate: (recovered, args) => {
        const input = (args?.object as RecordRecyclingOutcomeDto).inputMassKg;
        return typeof input !== 'number' || recoveredTotal(recovered) <= input;
      },
      defaultMessage: () => 'recovered kg summed must not exceed inputMassKg',
    },
  })
  @ApiProperty({ type: MaterialsDto })
  recovered!: MaterialsDto;

  @IsMeasure(false, 0, 100_000, 160) blackMassKg?: number;
  @IsOccurredAt() occurredAt?: string;
}
