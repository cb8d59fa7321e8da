import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { latestPosition, type AppendResult, type NewEvent, type StreamWrite } from '#libs/event-store';
import {
  assertCertifiable,
  BatteryNotFound,
  decideBattery,
  decideStorage,
  evolveBattery,
  initialSiteState,
  storageSiteId,
  toNewEvent,
  type BatteryEvent,
  type BatteryState,
  type DecisionContext,
  type GradingPolicy,
  type IssueReuseCertificate,
  type LifecycleCommand,
  type SiteEvent,
} from '#libs/lifecycle';
import { CommandPipeline, type CommandResponse, type Decision, type Freshness, type LoadedCommand } from '../commands/command-pipeline.js';
import { eventMetadata, type RequestContext } from '../commands/request-context.js';
import { GRADING_POLICY } from '../tokens.js';
import { CertificateIssuer, type IssueReuseCertificateRequest } from './certificate-issuer.js';
import { LineageIndex } from '../audit/lineage-index.js';
import { LifecycleRepository, type LoadedBattery, type LoadedSite } from './lifecycle.repository.js';
import { batteryStream, siteStream } from './stream-names.js';

/** What the HTTP layer sends: a certificate request is only signed once the rules allow it. */
export type LifecycleRequest = Exclude<LifecycleCommand, IssueReuseCertificate> | IssueReuseCertificateRequest;

/** A lifecycle command (contract "Batteries: commands") plus who sent it and how. */
export class ExecuteLifecycleCommand extends Command<CommandResponse> {
  constructor(
    readonly command: LifecycleRequest,
    readonly context: RequestContext,
  ) {
    super();
  }
}

const expected = (revision: number) => (revision < 0 ? ('no_stream' as const) : revision);

interface SiteWrite {
  siteId: string;
  loaded: LoadedSite;
  events: SiteEvent[];
}

/** Turns decided domain events into the atomic write and the contract's 201 body. */
function decisionOf(
  repository: LifecycleRepository,
  command: LifecycleRequest,
  loaded: LoadedBattery,
  ctx: RequestContext,
  batteryEvents: BatteryEvent[],
  site?: SiteWrite,
  extra: (results: AppendResult[]) => Record<string, unknown> = () => ({}),
): Decision {
  const battery = loaded.state;
  const stored = (events: readonly (BatteryEvent | SiteEvent)[]): NewEvent[] => events.map((e) => toNewEvent(e, eventMetadata(ctx)));
  const writes: StreamWrite[] = [
    { streamId: batteryStream(command.batteryId), expectedRevision: expected(battery.revision), events: stored(batteryEvents) },
  ];
  if (site) writes.push({ streamId: siteStream(site.siteId), expectedRevision: expected(site.loaded.revision), events: stored(site.events) });
  const after = batteryEvents.reduce<BatteryState>(evolveBattery, battery);
  const grade = batteryEvents.find((e) => e.type === 'BatteryEvaluated')?.data.grade;
  return {
    writes,
    onAppended: (results) => repository.written(command.batteryId, loaded, site, results),
    respond: (results: AppendResult[]) => ({
      status: 201,
      revision: results[0]!.revision,
      body: {
        batteryId: command.batteryId,
        ...(after.registered ? { status: after.status } : {}),
        ...(grade ? { grade } : {}),
        ...extra(results),
        revision: results[0]!.revision,
        // The contract's position is the command's last event, which may be the site stream's.
        position: latestPosition(results.map((result) => result.position)),
      },
    }),
  };
}

@CommandHandler(ExecuteLifecycleCommand)
export class LifecycleCommandHandler implements ICommandHandler<ExecuteLifecycleCommand, CommandResponse> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly repository: LifecycleRepository,
    private readonly certificates: CertificateIssuer,
    private readonly lineage: LineageIndex,
    @Inject(GRADING_POLICY) private readonly gradingPolicy: GradingPolicy,
  ) {}

  execute({ command, context }: ExecuteLifecycleCommand): Promise<CommandResponse> {
    return this.pipeline.run(context, (freshness, idSeed) => this.load(command, context, freshness, idSeed));
  }

  private async load(command: LifecycleRequest, ctx: RequestContext, freshness: Freshness, idSeed: string | undefined): Promise<LoadedCommand> {
    const loaded = await this.repository.batteryToWrite(command.batteryId, freshness);
    const battery = loaded.state;
    const kept = loaded.kept;
    // 404 outranks 412 and 409 in the contract, so it is settled before If-Match is compared.
    if (command.type !== 'RegisterBattery' && !battery.registered) throw new BatteryNotFound(command.batteryId);
    const context: DecisionContext = { now: ctx.now, gradingPolicy: this.gradingPolicy };
    const decision = (events: BatteryEvent[], site?: SiteWrite, extra?: (results: AppendResult[]) => Record<string, unknown>) =>
      decisionOf(this.repository, command, loaded, ctx, events, site, extra);

    if (command.type === 'StoreBattery' || command.type === 'ReleaseBatteryFromStorage') {
      const siteId = storageSiteId(command, battery);
      const site = siteId === null ? undefined : await this.repository.siteToWrite(siteId, freshness);
      return {
        revision: battery.revision,
        kept: kept || site?.kept === true,
        decide: () => {
          const { batteryEvents, siteEvents } = decideStorage(command, battery, site?.state ?? initialSiteState, context);
          return decision(batteryEvents, siteId === null || site === undefined ? undefined : { siteId, loaded: site, events: siteEvents });
        },
      };
    }
    // Streams a command reads but does not write are read as they are now: no expectation guards them.
    if (command.type === 'ReceiveBattery') context.site = await this.repository.site(command.siteId);
    if (command.type === 'RecordSecondLife' && command.successorBatteryId !== undefined) {
      context.successor = (await this.repository.battery(command.successorBatteryId)).state;
    }
    if (command.type === 'IssueReuseCertificate') {
      return {
        revision: battery.revision,
        kept,
        decide: () => {
          // Rules first: nothing is signed for a battery that cannot be certified.
          if (battery.registered) assertCertifiable(battery, ctx.now);
          const issued = this.certificates.prepare(command, loaded, ctx, idSeed);
          return { ...decision(decideBattery(issued.command, battery, context), undefined, issued.response), beforeAppend: issued.beforeAppend };
        },
      };
    }
    if (command.type === 'RegisterBattery') {
      return {
        revision: battery.revision,
        kept,
        decide: () => ({
          ...decision(decideBattery(command, battery, context)),
          beforeAppend: () => this.lineage.recordRegistration(command.batteryId, command.predecessorIds ?? []),
        }),
      };
    }
    return { revision: battery.revision, kept, decide: () => decision(decideBattery(command, battery, context)) };
  }
}
