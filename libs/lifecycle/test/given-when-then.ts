import {
  decideBattery,
  decideStorage,
  foldBatteryEvents,
  foldSiteEvents,
  InvalidCommand,
  LifecycleRuleViolation,
  ResourceNotFound,
  type BatteryCommand,
  type BatteryEvent,
  type DecisionContext,
  type LifecycleRule,
  type NotFoundResource,
  type SiteEvent,
  type StorageCommand,
  type StorageDecision,
} from '#libs/lifecycle';
import { context } from './fixtures.js';

/** The error a decision throws; fails the test when it throws none. */
export function refusalOf(decide: () => unknown): unknown {
  try {
    decide();
  } catch (error) {
    return error;
  }
  throw new Error('expected the command to be refused, but it was accepted');
}

/** Assertions shared by single-stream and storage scenarios. */
function outcome<Result>(decide: () => Result) {
  const failure = () => refusalOf(decide);
  return {
    then(expected: Result): void {
      expect(decide()).toEqual(expected);
    },
    /** For checks on parts of the outcome. */
    thenAccepted(): Result {
      return decide();
    },
    /** 409: the rule id, and a detail that names it. */
    thenViolates(rule: LifecycleRule): LifecycleRuleViolation {
      const error = failure();
      expect(error).toBeInstanceOf(LifecycleRuleViolation);
      const violation = error as LifecycleRuleViolation;
      expect(violation.rule).toBe(rule);
      expect(violation.detail).toContain(rule);
      return violation;
    },
    /** 400: exactly these fields are reported. */
    thenInvalid(...fields: string[]): InvalidCommand {
      const error = failure();
      expect(error).toBeInstanceOf(InvalidCommand);
      const invalid = error as InvalidCommand;
      expect(invalid.errors.map((problem) => problem.field).sort()).toEqual([...fields].sort());
      return invalid;
    },
    /** 404. */
    thenNotFound(resource: NotFoundResource, id: string): void {
      const error = failure();
      expect(error).toBeInstanceOf(ResourceNotFound);
      expect(error).toMatchObject({ resource, id });
    },
  };
}

export function given(...events: BatteryEvent[]) {
  const state = foldBatteryEvents(events);
  return {
    state,
    when: (command: BatteryCommand, with_: Partial<DecisionContext> = {}) => outcome(() => decideBattery(command, state, context(with_))),
  };
}

export function givenStorage(battery: BatteryEvent[], site: SiteEvent[]) {
  const batteryState = foldBatteryEvents(battery);
  const siteState = foldSiteEvents(site);
  return {
    when: (command: StorageCommand, now = context().now) =>
      outcome<StorageDecision>(() => decideStorage(command, batteryState, siteState, { now })),
  };
}
