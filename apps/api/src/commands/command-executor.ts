import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '#libs/config';
import { latestPosition, type AppendResult, type StreamWrite } from '#libs/event-store';
import { toNewEvent, type BatteryEvent, type GradingPolicy, type SiteEvent } from '#libs/lifecycle';
import { CertificateLookup } from '../certificates/certificate-lookup.js';
import { CertificateSigner } from '../certificates/certificate-signer.js';
import { InlineReadModels } from '../read-models/inline-read-models.js';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository.js';
import type { FoldedStream } from '../lifecycle/recent-stream-states.js';
import { CONFIG, GRADING_POLICY } from '../tokens.js';
import { TrustedIssuersStore } from '../transfers/trusted-issuers.store.js';
import { CommandPipeline, idFromSeed, type CommandResponse, type Freshness, type LoadedCommand } from './command-pipeline.js';
import type { AnyCommandDeclaration, CommandContext, CommandSources, DomainCommand, StreamDeclaration } from './command-declaration.js';
import { eventMetadata, type RequestContext } from './request-context.js';
import { requireSiteScope, type CommandSites } from '../auth/site-scope.js';

type AnyStream = StreamDeclaration<unknown, unknown>;
type DecidedEvent = BatteryEvent | SiteEvent;

interface LoadedStream {
  name: string;
  declaration: AnyStream;
  id: string | null;
  loaded: FoldedStream<unknown> & { kept?: boolean };
}

/** The site the body names and where each stream the command writes is now; the first stream is the one it addresses. */
function commandSites(command: DomainCommand, streams: readonly LoadedStream[]): CommandSites {
  const named = (command as { siteId?: unknown }).siteId;
  const current = streams
    .filter((stream) => stream.declaration.write)
    .map((stream) => stream.declaration.aggregate.siteOf?.(stream.loaded.state));
  const sites = [named, ...current].filter((site): site is string => typeof site === 'string');
  return { sites: [...new Set(sites)], createsRecord: streams[0]!.loaded.revision < 0 };
}

const expected = (revision: number) => (revision < 0 ? ('no_stream' as const) : revision);

/**
 * The one handler of every declared command: loads the streams it declares, decides, and appends
 * the written streams together (through CommandPipeline's If-Match, idempotency and retries).
 */
@Injectable()
export class CommandExecutor {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly repository: LifecycleRepository,
    private readonly readModels: InlineReadModels,
    private readonly signer: CertificateSigner,
    private readonly certificates: CertificateLookup,
    @Inject(GRADING_POLICY) private readonly gradingPolicy: GradingPolicy,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly trustedIssuers: TrustedIssuersStore,
  ) {}

  execute(declaration: AnyCommandDeclaration, body: object, params: Record<string, string>, ctx: RequestContext): Promise<CommandResponse> {
    return this.pipeline.run(ctx, async (freshness, idSeed) => {
      const command: DomainCommand = await declaration.command(body, params, this.sources(idSeed));
      return this.load(declaration, command, ctx, freshness);
    });
  }

  /** `idSeed`: the Idempotency-Key claim's, when there is one (see CommandPipeline.run). */
  private sources(idSeed: string | undefined): CommandSources {
    return {
      batteryOfCertificate: async (certificateId) => (await this.certificates.find(certificateId)).battery.batteryId,
      newId: (purpose) => (idSeed === undefined ? randomUUID() : idFromSeed(idSeed, purpose)),
      trustedIssuers: () => this.trustedIssuers.list(),
      organisationId: this.config.organisationId,
    };
  }

  private async load(
    declaration: AnyCommandDeclaration,
    command: DomainCommand,
    ctx: RequestContext,
    freshness: Freshness,
  ): Promise<LoadedCommand> {
    // Inside the pipeline, so an Idempotency-Key retry of a refused body replays the refusal.
    declaration.validate(command, ctx.now);
    const streams: LoadedStream[] = [];
    const loaded: Record<string, FoldedStream<unknown>> = {};
    for (const [name, stream] of Object.entries(declaration.streams) as [string, AnyStream][]) {
      const id = stream.id(command, loaded);
      const folded = await this.loadStream(stream, id, freshness);
      // 404 outranks 412 and 409 in the contract, so it is settled before If-Match is compared.
      if (stream.mustExist && id !== null) stream.aggregate.requireExisting?.(folded.state, id);
      streams.push({ name, declaration: stream, id, loaded: folded });
      loaded[name] = folded;
    }
    const context: CommandContext = {
      now: ctx.now,
      gradingPolicy: this.gradingPolicy,
      certificateSigner: (battery) => this.signer.signerFor(battery, ctx),
    };
    return {
      revision: streams[0]!.loaded.revision,
      kept: streams.some((stream) => stream.loaded.kept === true),
      authorize: () => requireSiteScope(ctx.siteScope, commandSites(command, streams)),
      decide: () => {
        const decided = declaration.decide(command, loaded, context) as Record<string, DecidedEvent[] | undefined>;
        const written = streams.filter(
          (stream) => stream.declaration.write && stream.id !== null && (decided[stream.name]?.length ?? 0) > 0,
        );
        const writes: StreamWrite[] = written.map((stream) => ({
          streamId: stream.declaration.aggregate.streamId(stream.id!),
          expectedRevision: expected(stream.loaded.revision),
          events: decided[stream.name]!.map((event) => toNewEvent(event, eventMetadata(ctx))),
        }));
        return {
          writes,
          beforeAppend: () => this.readModels.beforeAppend(written.map((stream) => ({ id: stream.id!, events: decided[stream.name]! }))),
          onAppended: (results: AppendResult[]) =>
            written.forEach((stream, index) =>
              this.repository.written(stream.declaration.aggregate, stream.id!, stream.loaded, results[index]?.events ?? []),
            ),
          respond: (results: AppendResult[]): CommandResponse => {
            // From what the store holds: a re-decided retry is answered with what its first attempt stored.
            const stored = Object.fromEntries(
              written.map((stream, index) => [
                stream.name,
                (results[index]?.events ?? []).map((event) => stream.declaration.aggregate.fromStored(event)),
              ]),
            );
            const after = Object.fromEntries(
              streams.map((stream) => [
                stream.name,
                (stored[stream.name] ?? []).reduce(stream.declaration.aggregate.evolve, stream.loaded.state),
              ]),
            );
            const revision = results[0]!.revision;
            return {
              status: 201,
              revision,
              body: {
                ...declaration.respond({ command, after, events: stored, config: this.config }),
                revision,
                // The contract's position is the command's last event, which may be another stream's.
                position: latestPosition(results.map((result) => result.position)),
              },
            };
          },
        };
      },
    };
  }

  /** Streams a command reads but does not write are read as they are now: no expectation guards them. */
  private async loadStream(stream: AnyStream, id: string | null, freshness: Freshness): Promise<LoadedStream['loaded']> {
    if (id === null) return { state: stream.aggregate.initial, revision: -1, lastHash: null, lastRecordedAt: null };
    return stream.write ? this.repository.toWrite(stream.aggregate, id, freshness) : this.repository.latest(stream.aggregate, id);
  }
}
