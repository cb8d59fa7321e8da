import { Inject } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ProjectionRunner, ProjectionStatus, RebuildProgress } from '#libs/projections';
import { PROJECTIONS } from '../tokens.js';
import { asProblem } from './projection-admin-errors.js';

export class GetProjectionStatusQuery extends Query<ProjectionStatus[]> {}

@QueryHandler(GetProjectionStatusQuery)
export class GetProjectionStatusHandler implements IQueryHandler<GetProjectionStatusQuery, ProjectionStatus[]> {
  constructor(@Inject(PROJECTIONS) private readonly runner: ProjectionRunner) {}

  execute(): Promise<ProjectionStatus[]> {
    return this.runner.status();
  }
}

export class RebuildProjectionCommand extends Command<RebuildProgress> {
  constructor(readonly name: string) {
    super();
  }
}

/**
 * Starts a rebuild and answers with its first progress report (or its end, for a short log)
 * rather than holding the request for the whole replay; the rebuild goes on in this process
 * and its progress shows in the projection's status. A refusal (unknown name, not the lease
 * holder, already rebuilding) comes before any progress, so it is the request's answer.
 */
@CommandHandler(RebuildProjectionCommand)
export class RebuildProjectionHandler implements ICommandHandler<RebuildProjectionCommand, RebuildProgress> {
  constructor(@Inject(PROJECTIONS) private readonly runner: ProjectionRunner) {}

  execute({ name }: RebuildProjectionCommand): Promise<RebuildProgress> {
    return asProblem(() => {
      let started!: (progress: RebuildProgress) => void;
      const firstProgress = new Promise<RebuildProgress>((resolve) => (started = resolve));
      // The runner logs a failure after the start; racing also keeps that rejection handled.
      return Promise.race([firstProgress, this.runner.rebuild(name, (progress) => started(progress))]);
    });
  }
}

export class DeadLetterEventCommand extends Command<void> {
  constructor(
    readonly name: string,
    readonly eventId: string,
  ) {
    super();
  }
}

/** The explicit admin decision that lets a failed projection go on without the event it stopped at. */
@CommandHandler(DeadLetterEventCommand)
export class DeadLetterEventHandler implements ICommandHandler<DeadLetterEventCommand, void> {
  constructor(@Inject(PROJECTIONS) private readonly runner: ProjectionRunner) {}

  execute({ name, eventId }: DeadLetterEventCommand): Promise<void> {
    return asProblem(() => this.runner.skipEvent(name, eventId));
  }
}
