import type { Type } from '@nestjs/common';
import type { BatteryState, DecisionContext, GradingPolicy, LifecycleCommand, OrganisationCommand, SiteCommand } from '#libs/lifecycle';
import type { AppConfig } from '#libs/config';
import type { TrustedIssuer } from '#libs/transfers';
import type { Role } from '../auth/roles.js';
import type { Aggregate } from '../lifecycle/aggregates.js';
import type { FoldedStream } from '../lifecycle/recent-stream-states.js';

/** The states a command loads, by the names its declaration gives its streams. */
export type Loaded<States> = { [Name in keyof States]: FoldedStream<States[Name]> };

/** One stream a command loads, and how its id comes from the command (null: none, the initial state stands in). */
export interface StreamDeclaration<Command, S> {
  aggregate: Aggregate<S>;
  /** `loaded`: the streams declared before this one. */
  id(command: Command, loaded: Readonly<Record<string, FoldedStream<unknown>>>): string | null;
  /** Appended to with the loaded revision as the expectation; otherwise read as it is now, unguarded. */
  write: boolean;
  /** A command on a stream that does not exist is a 404, settled before If-Match and the rules. */
  mustExist: boolean;
}

export const writes = <Command, S>(
  aggregate: Aggregate<S>,
  id: StreamDeclaration<Command, S>['id'],
  options: { mustExist?: boolean } = {},
): StreamDeclaration<Command, S> => ({ aggregate, id, write: true, mustExist: options.mustExist ?? false });

export const reads = <Command, S>(aggregate: Aggregate<S>, id: StreamDeclaration<Command, S>['id']): StreamDeclaration<Command, S> => ({
  aggregate,
  id,
  write: false,
  mustExist: false,
});

/** What every decider may be given besides the states: the request's clock and the configured policy. */
export interface CommandContext {
  now: string;
  gradingPolicy: GradingPolicy;
  /** Signs a certificate anchored to this battery stream's head (revision and hash). */
  certificateSigner(battery: FoldedStream<BatteryState>): NonNullable<DecisionContext['signCertificate']>;
}

/** What a command may need besides its body and path: read-side lookups and the ids it makes up. */
export interface CommandSources {
  /** The battery a certificate was issued to; CertificateNotFound (404) when there is none. */
  batteryOfCertificate(certificateId: string): Promise<string>;
  /**
   * An id the command makes up (a certificate's), the same for every attempt of one
   * Idempotency-Key claim: a command decided again after its answer was lost names what it stored.
   */
  newId(purpose: string): string;
  /** The partners' pinned keys (POST /trusted-issuers), which an imported bundle must be signed by. */
  trustedIssuers(): Promise<TrustedIssuer[]>;
  /** This instance's organisation (CELLPATH_ORGANISATION_ID), the one an imported transfer must name. */
  organisationId: string | undefined;
}

/** A stored command, for its 201 body. */
export interface CommandOutcome<Command, States> {
  command: Command;
  /** The written streams' states after the stored events, the others as loaded. */
  after: States;
  /**
   * The events the store holds for this command: those decided now, or those an earlier attempt
   * with the same Idempotency-Key claim stored (its answer lost), which the store answers with.
   */
  events: { [Name in keyof States]?: readonly { type: string; data: object }[] };
  config: AppConfig;
}

/**
 * Everything about one command of the contract: its route, who may send it, the body it takes,
 * the streams it loads and the decider it calls. CommandExecutor runs every declaration the
 * same way, and commandController turns a list of them into routes.
 */
export interface CommandDeclaration<Body extends object, Command, States> {
  /** The handler's name (and OpenAPI operation); the domain command's `type` by convention. */
  name: string;
  /** POST path below the controller's; its `:params` are ids, checked like body ids. */
  route: string;
  roles: Role[];
  body: Type<Body>;
  /** OpenAPI summary, where the route's name does not say enough. */
  summary?: string;
  /** The domain command; `sources` resolve ids the request names only indirectly (404 when unknown). */
  command(body: Body, params: Record<string, string>, sources: CommandSources): Command | Promise<Command>;
  /**
   * The domain's content checks of the command (400), run before any stream is loaded: the
   * contract ranks a bad body above 404, 412 and 409. The decider runs them too.
   */
  validate(command: NoInfer<Command>, now: string): unknown;
  /** In load order; the first is the stream the URL names (If-Match and the ETag are its revision). */
  streams: { [Name in keyof States]: StreamDeclaration<NoInfer<Command>, States[Name]> };
  decide(
    command: NoInfer<Command>,
    loaded: Loaded<NoInfer<States>>,
    context: CommandContext,
  ): { [Name in keyof States]?: readonly { type: string; occurredAt: string; schemaVersion: 1; data: object }[] };
  /** The 201 body; `revision` and `position` are added. */
  respond(outcome: CommandOutcome<NoInfer<Command>, NoInfer<States>>): Record<string, unknown>;
}

/**
 * Checks a declaration against the domain command it sends (`declareCommand<ReceiveBattery>()({…})`);
 * the list of declarations then forgets the types.
 */
export const declareCommand =
  <Command extends DomainCommand>() =>
  <Body extends object, States>(declaration: CommandDeclaration<Body, Command, States>): AnyCommandDeclaration =>
    declaration as unknown as AnyCommandDeclaration;

export type DomainCommand = LifecycleCommand | SiteCommand | OrganisationCommand;

/** `any`: a list holds commands of different types; each entry was checked by declareCommand. */
export type AnyCommandDeclaration = CommandDeclaration<object, any, Record<string, unknown>>;
