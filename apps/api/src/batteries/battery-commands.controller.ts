import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/access.js';
import { IdParamPipe, requestContext, sendCommandResponse } from '../commands/http-command.js';
import { ExecuteLifecycleCommand, type LifecycleRequest } from '../lifecycle/lifecycle-command.js';
import { HandOverForRecyclingDto, RecordRecyclingOutcomeDto, RecordSecondLifeDto } from './battery-end-of-life.dtos.js';
import { DiagnoseBatteryDto, EvaluateBatteryDto, ReceiveBatteryDto, ReleaseFromStorageDto, StoreBatteryDto } from './battery-step.dtos.js';
import { IssueReuseCertificateDto } from './certificate-command.dtos.js';
import { RegisterBatteryDto } from './register-battery.dto.js';

const batteryId = () => Param('id', new IdParamPipe('id'));

/** The lifecycle commands of the contract, one route each; every one goes through CommandPipeline. */
@ApiTags('batteries')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retry-safe key; same key and body replays the first response.' })
@ApiHeader({ name: 'If-Match', required: false, description: 'Expected battery revision, e.g. "3"; 412 when the battery moved on.' })
@Controller('api/v1/batteries')
export class BatteryCommandsController {
  constructor(private readonly commands: CommandBus) {}

  private async run(command: LifecycleRequest, body: object, request: FastifyRequest, reply: FastifyReply) {
    const response = await this.commands.execute(new ExecuteLifecycleCommand(command, requestContext(request, body)));
    return sendCommandResponse(reply, response);
  }

  @Post()
  @Roles('operator')
  register(@Body() body: RegisterBatteryDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run({ type: 'RegisterBattery', ...body }, body, req, reply);
  }

  @Post(':id/receipts')
  @Roles('operator')
  receive(@batteryId() id: string, @Body() body: ReceiveBatteryDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run({ type: 'ReceiveBattery', batteryId: id, ...body }, body, req, reply);
  }

  @Post(':id/evaluations')
  @Roles('evaluator')
  evaluate(@batteryId() id: string, @Body() body: EvaluateBatteryDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run({ type: 'EvaluateBattery', batteryId: id, ...body }, body, req, reply);
  }

  @Post(':id/storage')
  @Roles('operator')
  store(@batteryId() id: string, @Body() body: StoreBatteryDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run({ type: 'StoreBattery', batteryId: id, ...body }, body, req, reply);
  }

  @Post(':id/storage/release')
  @Roles('operator')
  release(@batteryId() id: string, @Body() body: ReleaseFromStorageDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run({ type: 'ReleaseBatteryFromStorage', batteryId: id, ...body }, body, req, reply);
  }

  @Post(':id/diagnoses')
  @Roles('evaluator')
  diagnose(@batteryId() id: string, @Body() body: DiagnoseBatteryDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run({ type: 'DiagnoseBattery', batteryId: id, ...body }, body, req, reply);
  }

  @Post(':id/certificates')
  @Roles('certifier')
  certify(@batteryId() id: string, @Body() body: IssueReuseCertificateDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run({ type: 'IssueReuseCertificate', batteryId: id, ...body }, body, req, reply);
  }

  @Post(':id/second-life')
  @Roles('operator')
  secondLife(@batteryId() id: string, @Body() body: RecordSecondLifeDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run({ type: 'RecordSecondLife', batteryId: id, ...body }, body, req, reply);
  }

  @Post(':id/recycling')
  @Roles('operator', 'recycler')
  handOver(@batteryId() id: string, @Body() body: HandOverForRecyclingDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run({ type: 'HandOverForRecycling', batteryId: id, ...body }, body, req, reply);
  }

  @Post(':id/recycling/outcome')
  @Roles('recycler')
  recyclingOutcome(@batteryId() id: string, @Body() body: RecordRecyclingOutcomeDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run({ type: 'RecordRecyclingOutcome', batteryId: id, ...body }, body, req, reply);
  }
}
