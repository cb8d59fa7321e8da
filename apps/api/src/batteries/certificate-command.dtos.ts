import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn } from 'class-validator';
import { APPLICATIONS, CERTIFICATE_VALID_MONTHS, type Application, type IssueReuseCertificateBody } from '#libs/lifecycle';
import { IsMeasure, IsText } from '../http/validators.js';

export class IssueReuseCertificateDto implements IssueReuseCertificateBody {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(APPLICATIONS.length)
  @ArrayUnique()
  @IsIn(APPLICATIONS as unknown as Application[], { each: true, message: `each of $property must be one of: ${APPLICATIONS.join(', ')}` })
  @ApiProperty({ enum: APPLICATIONS, isArray: true, example: ['ess', 'ups'] })
  applications!: Application[];

  @IsMeasure(false, CERTIFICATE_VALID_MONTHS.min, CERTIFICATE_VALID_MONTHS.max, 24, { integer: true })
  validMonths?: number;

  @IsText(false, 200, 'UL 1974') standard?: string;
}

export class RevokeCertificateDto {
  @IsText(true, 500, 'insulation fault found at customer site') reason!: string;
}
