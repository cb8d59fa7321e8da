import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn } from 'class-validator';
import { APPLICATIONS, LIMITS, type Application, type IssueReuseCertificateBody } from '#libs/lifecycle';
import { IsText, IsWithin } from '../http/validators.js';

export class IssueReuseCertificateDto implements IssueReuseCertificateBody {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(APPLICATIONS.length)
  @ArrayUnique()
  @IsIn(APPLICATIONS as unknown as Application[], { each: true, message: `each of $property must be one of: ${APPLICATIONS.join(', ')}` })
  @ApiProperty({ enum: APPLICATIONS, isArray: true, example: ['ess', 'ups'] })
  applications!: Application[];

  @IsWithin(false, LIMITS.validMonths, 24) validMonths?: number;

  @IsText(false, 200, 'UL 1974') standard?: string;
}

export class RevokeCertificateDto {
  @IsText(true, 500, 'insulation fault found at customer site') reason!: string;
}
