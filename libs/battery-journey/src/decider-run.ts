import {
  DEFAULT_GRADING_POLICY,
  decideBattery,
  decideSite,
  decideOrganisation,
  decideStorage,
  evolveBattery,
  evolveOrganisation,
  evolveSite,
  initialBatteryState,
  initialOrganisationState,
  initialSiteState,
  organisationStreamId,
  siteStreamId,
  storageSiteId,
  type BatteryEvent,
  type BatteryState,
  type DecisionContext,
  type OrganisationEvent,
  type OrganisationState,
  type RegisterOrganisation,
  type SiteEvent,
  type SiteState,
} from '#libs/lifecycle';
import type { JourneyCommand } from './journey.js';

/** One decided event on its stream (a battery's stream is named by its id, a site's `site/<id>`). */
export interface DecidedEvent {
  streamId: string;
  event: BatteryEvent | SiteEvent | OrganisationEvent;
}

export interface JourneyDeciderOptions {
  /** The clock of each command, asked once per command. */
  now(): string;
  gradingPolicy?: DecisionContext['gradingPolicy'];
  signCertificate?: DecisionContext['signCertificate'];
  /** For AttachPassportSource: the schemas live in libs/passport, which this kit does not load. */
  checkPassportSource?: DecisionContext['checkPassportSource'];
}

/**
 * Runs journeys through the real deciders, keeping every battery's and site's state as the API
 * would, so the events are exactly what the API appends for the same commands (a refused command
 * throws the domain's error). Events without a store or HTTP: for bench seeds and unit tests.
 */
export class JourneyDecider {
  private readonly batteries = new Map<string, BatteryState>();
  private readonly sites = new Map<string, SiteState>();
  private readonly organisations = new Map<string, OrganisationState>();

  constructor(private readonly options: JourneyDeciderOptions) {}

  run(command: JourneyCommand | RegisterOrganisation): DecidedEvent[] {
    const now = this.options.now();
    if (command.type === 'CreateSite') {
      const events = decideSite(command, this.site(command.siteId), { now });
      this.sites.set(command.siteId, events.reduce<SiteState>(evolveSite, this.site(command.siteId)));
      return events.map((event) => ({ streamId: siteStreamId(command.siteId), event }));
    }
    if (command.type === 'RegisterOrganisation') {
      const events = decideOrganisation(command, this.organisation(command.organisationId), { now });
      this.organisations.set(
        command.organisationId,
        events.reduce<OrganisationState>(evolveOrganisation, this.organisation(command.organisationId)),
      );
      return events.map((event) => ({ streamId: organisationStreamId(command.organisationId), event }));
    }
    const battery = this.battery(command.batteryId);
    if (command.type === 'StoreBattery' || command.type === 'ReleaseBatteryFromStorage') {
      const siteId = storageSiteId(command, battery);
      const site = siteId === null ? initialSiteState : this.site(siteId);
      const { batteryEvents, siteEvents } = decideStorage(command, battery, site, { now });
      this.batteries.set(command.batteryId, batteryEvents.reduce<BatteryState>(evolveBattery, battery));
      if (siteId !== null) this.sites.set(siteId, siteEvents.reduce<SiteState>(evolveSite, site));
      return [
        ...batteryEvents.map((event) => ({ streamId: command.batteryId, event })),
        ...siteEvents.map((event) => ({ streamId: siteStreamId(siteId!), event })),
      ];
    }
    const context: DecisionContext = {
      now,
      gradingPolicy: this.options.gradingPolicy ?? DEFAULT_GRADING_POLICY,
      ...(this.options.signCertificate ? { signCertificate: this.options.signCertificate } : {}),
      ...(this.options.checkPassportSource ? { checkPassportSource: this.options.checkPassportSource } : {}),
      ...(command.type === 'ReceiveBattery' ? { site: this.site(command.siteId) } : {}),
      ...(command.type === 'RecordSecondLife' && command.successorBatteryId !== undefined
        ? { successor: this.battery(command.successorBatteryId) }
        : {}),
      ...(namedOrganisationId(command) === undefined ? {} : { organisation: this.organisation(namedOrganisationId(command)!) }),
    };
    const events = decideBattery(command, battery, context);
    this.batteries.set(command.batteryId, events.reduce<BatteryState>(evolveBattery, battery));
    return events.map((event) => ({ streamId: command.batteryId, event }));
  }

  battery(batteryId: string): BatteryState {
    return this.batteries.get(batteryId) ?? initialBatteryState;
  }

  private site(siteId: string): SiteState {
    return this.sites.get(siteId) ?? initialSiteState;
  }

  private organisation(organisationId: string): OrganisationState {
    return this.organisations.get(organisationId) ?? initialOrganisationState;
  }
}

/** The organisation a battery command names, which the API loads for it (see battery-commands.ts). */
function namedOrganisationId(command: Exclude<JourneyCommand, { type: 'CreateSite' }>): string | undefined {
  switch (command.type) {
    case 'RegisterBattery':
      return command.manufacturerOrganisationId;
    case 'RecordSecondLife':
      return command.operatorOrganisationId;
    case 'HandOverForRecycling':
      return command.recyclerOrganisationId;
    case 'TransferBattery':
      return command.toOrganisationId;
    default:
      return undefined;
  }
}
