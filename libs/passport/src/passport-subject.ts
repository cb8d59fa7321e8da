import { passportUrn } from './passport-identity.js';
import { isRegistered, type PassportFacts, type RegisteredPassportFacts } from './passport-facts.js';

/**
 * Who is responsible for the battery (Art. 77(7)): the manufacturer, then the operator placing it
 * on the market again after a second life, then the waste operator from the hand-over on.
 */
export interface EconomicOperator {
  role: 'manufacturer' | 'second-life-operator' | 'waste-operator';
  name: string;
  /** From a registered organisation; absent while only a free-text name is recorded. */
  organisationId?: string;
  identifiers?: { bpnl?: string; lei?: string; krBusinessNumber?: string; other?: string };
  address?: { country: string; postalCode?: string; street?: string };
}

/** Everything an export is built from: the folded history, the passport it is at, its links and operator. */
export interface PassportSubject {
  facts: RegisteredPassportFacts;
  /** Revision and hash of the battery's last event: the export is of the history up to it. */
  revision: number;
  historyHash: string | null;
  sequence: number;
  passportId: string;
  predecessorPassportIds: string[];
  economicOperator: EconomicOperator;
}

/** The operator named by the battery's own events; organisations resolved elsewhere may replace it. */
export function recordedEconomicOperator({ battery, passports }: RegisteredPassportFacts): EconomicOperator {
  if (battery.handOver) return { role: 'waste-operator', name: battery.handOver.recycler };
  const opened = passports.at(-1);
  if (opened?.operatorName !== undefined) return { role: 'second-life-operator', name: opened.operatorName };
  return { role: 'manufacturer', name: battery.manufacturer };
}

/** The registered organisation responsible now, when the event that made it responsible names one. */
export function responsibleOrganisationId({ battery, passports }: RegisteredPassportFacts): string | undefined {
  if (battery.handOver) return battery.handOver.recyclerOrganisationId;
  const opened = passports.at(-1);
  if (opened !== undefined && opened.cause !== 'registration') return opened.operatorOrganisationId;
  return battery.manufacturerOrganisationId;
}

/** A registered organisation's identity over the recorded operator: the standard formats need its identifiers and address. */
export function organisationOperator(
  recorded: EconomicOperator,
  organisation: {
    organisationId: string;
    name: string;
    country: string;
    identifiers: NonNullable<EconomicOperator['identifiers']>;
    address?: { street?: string; postalCode?: string };
  },
): EconomicOperator {
  const { organisationId, name, country, identifiers, address } = organisation;
  return {
    role: recorded.role,
    name,
    organisationId,
    identifiers,
    address: {
      country,
      ...(address?.postalCode ? { postalCode: address.postalCode } : {}),
      ...(address?.street ? { street: address.street } : {}),
    },
  };
}

/**
 * The passport of a predecessor that a successor's first passport links to: the one the
 * predecessor carried when it was repurposed or remanufactured into the successor (the passport
 * of "the original battery", Art. 77(7)), or its current one while its own history does not
 * record that second life yet.
 */
export function predecessorPassportFor(predecessorId: string, predecessor: RegisteredPassportFacts, successorId: string): string {
  const into = predecessor.passports.find((opened) => opened.successorBatteryId === successorId);
  const sequence = into ? into.sequence - 1 : predecessor.passports.length - 1;
  return passportUrn(predecessorId, sequence);
}

export interface SubjectInput {
  facts: PassportFacts;
  revision: number;
  historyHash: string | null;
  /** Facts of the battery's predecessors that are registered here, by id; others have no passport to link. */
  predecessors: ReadonlyMap<string, PassportFacts>;
  /** Replaces the recorded operator, e.g. with the registered organisation and its identifiers. */
  economicOperator?: EconomicOperator;
}

export function passportSubject({ facts, revision, historyHash, predecessors, economicOperator }: SubjectInput): PassportSubject {
  if (!isRegistered(facts)) throw new Error('a passport needs a registered battery');
  const { batteryId, predecessorIds } = facts.battery;
  const sequence = facts.passports.length - 1;
  const predecessorPassportIds =
    sequence > 0
      ? [passportUrn(batteryId, sequence - 1)]
      : predecessorIds.flatMap((id) => {
          const predecessor = predecessors.get(id);
          return predecessor && isRegistered(predecessor) ? [predecessorPassportFor(id, predecessor, batteryId)] : [];
        });
  return {
    facts,
    revision,
    historyHash,
    sequence,
    passportId: passportUrn(batteryId, sequence),
    predecessorPassportIds,
    economicOperator: economicOperator ?? recordedEconomicOperator(facts),
  };
}

/** Art. 77(8): the passport ceases to exist once the battery is recycled. */
export function hasCeased(facts: PassportFacts): boolean {
  return facts.battery.registered && facts.battery.recycling !== null;
}
