import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import { BatteryNotFound, batteryEventFromStored } from '#libs/lifecycle';
import {
  evolvePassportFacts,
  hasCeased,
  initialPassportFacts,
  isRegistered,
  organisationOperator,
  passportSubject,
  recordedEconomicOperator,
  responsibleOrganisationId,
  bundledPassportSchemas,
  type PassportSchemas,
  type PassportFacts,
  type PassportSubject,
} from '#libs/passport';
import { ProblemException } from '../http/problem.js';
import { OrganisationDirectory } from '../organisations/organisation-directory.js';
import { RecentStreamStates } from '../lifecycle/recent-stream-states.js';
import { batteryStream } from '../lifecycle/stream-names.js';
import { EVENT_STORE } from '../tokens.js';

/** Passports of the long-lived packs being looked at; a state is a few KB. */
const KEPT_PASSPORTS = 2_000;

/** Art. 77(8): every passport endpoint answers 410 once the battery is recycled. */
export class PassportCeased extends ProblemException {
  constructor(batteryId: string) {
    super(410, 'rule/passport-ceased', `battery ${batteryId} was recycled: its passport ceased to exist (rule: passport-ceased)`, {
      extensions: { rule: 'passport-ceased' },
    });
  }
}

/**
 * Folds a battery's stream into what its passport needs. Keeps its own recent folds (like the
 * command side's), so a passport read after the first reads only the events since.
 */
@Injectable()
export class PassportReader {
  private readonly folds: RecentStreamStates<PassportFacts>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly organisations: OrganisationDirectory,
  ) {
    this.folds = new RecentStreamStates<PassportFacts>(
      store,
      initialPassportFacts,
      (facts, event) => evolvePassportFacts(facts, batteryEventFromStored(event)),
      KEPT_PASSPORTS,
    );
  }

  /** The battery's current passport; 404 when it is not registered, 410 once it is recycled. */
  async subject(batteryId: string): Promise<PassportSubject> {
    const folded = await this.folds.latest(batteryStream(batteryId));
    const facts = folded.state;
    if (!isRegistered(facts)) throw new BatteryNotFound(batteryId);
    if (hasCeased(facts)) throw new PassportCeased(batteryId);
    // Only a first passport links to predecessors (later ones link to this battery's previous passport).
    const predecessorIds = facts.passports.length === 1 ? facts.battery.predecessorIds : [];
    const predecessors = await Promise.all(
      predecessorIds.map(async (id) => [id, (await this.folds.latest(batteryStream(id))).state] as const),
    );
    const organisationId = responsibleOrganisationId(facts);
    const organisation = organisationId === undefined ? null : await this.organisations.find(organisationId);
    return passportSubject({
      facts,
      revision: folded.revision,
      historyHash: folded.lastHash,
      predecessors: new Map(predecessors),
      ...(organisation ? { economicOperator: organisationOperator(recordedEconomicOperator(facts), organisation) } : {}),
    });
  }

  /**
   * Compiled on first use rather than at start: the Catena-X schema alone takes about a second,
   * which every start (and every test's app) would otherwise pay.
   */
  get validator(): PassportSchemas {
    return bundledPassportSchemas();
  }
}
