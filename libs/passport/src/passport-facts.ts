import {
  evolveBattery,
  initialBatteryState,
  originEvent,
  type BatteryEvent,
  type BatteryState,
  type PassportSourceFormat,
  type RegisteredBattery,
  type SecondLifeKind,
} from '#libs/lifecycle';

/** A measured value and the instant of the event that recorded it. */
export interface Timed<T> {
  value: T;
  at: string;
}

/** What opened a passport: the registration (sequence 0) or a second-life event. */
export interface PassportOpening {
  sequence: number;
  openedAt: string;
  cause: 'registration' | SecondLifeKind;
  /** Second life: who took responsibility, and the battery repurposed or remanufactured into. */
  operatorName?: string;
  operatorOrganisationId?: string;
  successorBatteryId?: string;
}

/**
 * The battery's state plus what a passport needs and the state keeps only as "latest": every
 * passport opened, every negative event, and when each dynamic value was last measured.
 */
export interface PassportFacts {
  battery: BatteryState;
  passports: PassportOpening[];
  negativeEvents: Timed<string>[];
  stateOfCharge: Timed<number> | null;
  fullCycles: Timed<number> | null;
  lastEventAt: string | null;
  /** The manufacturer's passports attached, the latest of each format. */
  sources: Partial<Record<PassportSourceFormat, unknown>>;
}

export type RegisteredPassportFacts = PassportFacts & { battery: RegisteredBattery };

export const initialPassportFacts: PassportFacts = Object.freeze({
  battery: initialBatteryState,
  passports: [],
  negativeEvents: [],
  stateOfCharge: null,
  fullCycles: null,
  lastEventAt: null,
  sources: {},
});

const timed = <T>(value: T | undefined, at: string, previous: Timed<T> | null): Timed<T> | null =>
  value === undefined ? previous : { value, at };

export function evolvePassportFacts(facts: PassportFacts, event: BatteryEvent): PassportFacts {
  const next: PassportFacts = { ...facts, battery: evolveBattery(facts.battery, event), lastEventAt: event.occurredAt };
  const opening = (cause: PassportOpening['cause'], extra: Partial<PassportOpening> = {}): PassportOpening[] => [
    ...facts.passports,
    { sequence: facts.passports.length, openedAt: event.occurredAt, cause, ...extra },
  ];
  switch (event.type) {
    case 'BatteryRegistered':
      return { ...next, passports: opening('registration') };
    case 'BatteryImported': {
      // The passport travels with the battery: the origin's verified events (same battery id, so
      // the same passport ids) continue here, with the dynamic data they recorded.
      const origin = event.data.provenance.events.reduce<PassportFacts>(
        (folded, entry) => evolvePassportFacts(folded, originEvent(entry as unknown as Parameters<typeof originEvent>[0])),
        initialPassportFacts,
      );
      const passports = origin.passports.length > 0 ? origin.passports : opening('registration');
      return { ...origin, battery: next.battery, lastEventAt: event.occurredAt, passports };
    }
    case 'BatteryReceived':
    case 'BatteryStored':
      return { ...next, stateOfCharge: timed(event.data.stateOfChargePct, event.occurredAt, facts.stateOfCharge) };
    case 'BatteryEvaluated': {
      const recorded = (event.data.negativeEvents ?? []).map((value) => ({ value, at: event.occurredAt }));
      return {
        ...next,
        negativeEvents: recorded.length > 0 ? [...facts.negativeEvents, ...recorded] : facts.negativeEvents,
        fullCycles: timed(event.data.numberOfFullCycles, event.occurredAt, facts.fullCycles),
      };
    }
    case 'PassportSourceAttached':
      return { ...next, sources: { ...facts.sources, [event.data.format]: event.data.document } };
    case 'BatteryReused': {
      const { operatorName, operatorOrganisationId } = event.data;
      return { ...next, passports: opening('re-used', { operatorName, operatorOrganisationId }) };
    }
    case 'BatteryRepurposed':
    case 'BatteryRemanufactured': {
      const cause = event.type === 'BatteryRepurposed' ? 'repurposed' : 'remanufactured';
      return {
        ...next,
        passports: opening(cause, {
          operatorName: event.data.operatorName,
          operatorOrganisationId: event.data.operatorOrganisationId,
          successorBatteryId: event.data.successorBatteryId,
        }),
      };
    }
    default:
      return next;
  }
}

export function isRegistered(facts: PassportFacts): facts is RegisteredPassportFacts {
  return facts.battery.registered;
}
