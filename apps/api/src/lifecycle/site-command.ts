import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideSite, toNewEvent, type CreateSite } from '#libs/lifecycle';
import { CommandPipeline, type CommandResponse } from '../commands/command-pipeline.js';
import { eventMetadata, type RequestContext } from '../commands/request-context.js';
import { LifecycleRepository } from './lifecycle.repository.js';
import { siteStream } from './stream-names.js';

export class ExecuteSiteCommand extends Command<CommandResponse> {
  constructor(
    readonly command: CreateSite,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(ExecuteSiteCommand)
export class SiteCommandHandler implements ICommandHandler<ExecuteSiteCommand, CommandResponse> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly repository: LifecycleRepository,
  ) {}

  execute({ command, context }: ExecuteSiteCommand): Promise<CommandResponse> {
    return this.pipeline.run(context, async (freshness) => {
      const loaded = await this.repository.siteToWrite(command.siteId, freshness);
      const site = loaded.state;
      return {
        revision: loaded.revision,
        kept: loaded.kept,
        decide: () => {
          const events = decideSite(command, site, { now: context.now }).map((e) => toNewEvent(e, eventMetadata(context)));
          return {
            writes: [{ streamId: siteStream(command.siteId), expectedRevision: site.revision < 0 ? 'no_stream' : site.revision, events }],
            respond: ([written]) => ({
              status: 201,
              revision: written!.revision,
              body: { siteId: command.siteId, revision: written!.revision, position: written!.position },
            }),
          };
        },
      };
    });
  }
}
