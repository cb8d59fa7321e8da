import type { BatteryState, RegisteredBattery } from './battery-state.js';
import { BatteryNotFound, InvalidCommand, LifecycleRuleViolation } from './errors.js';
import { isAfter } from './time.js';

/*
 * Checks shared by several commands. `action` completes "battery B1 cannot …" in the detail.
 */

/** 404 before any rule: nothing happens to an unregistered battery. */
export function requireRegistered(state: BatteryState, batteryId: string): RegisteredBattery {
  if (!state.registered) throw new BatteryNotFound(batteryId);
  if (state.batteryId !== batteryId) {
    throw new Error(`state of battery ${state.batteryId} passed for a command on battery ${batteryId}`);
  }
  return state;
}

/**
 * 400, checked right after the lookup: a battery cannot be received, graded or recycled before
 * it was made, so such a date is a typo or a backdated record. The manufacturing date has no time
 * zone; it is compared as a UTC day, like the check that it is not in the future.
 */
export function requireNotBeforeManufacture(battery: RegisteredBattery, occurredAt: string): void {
  if (occurredAt.slice(0, 10) < battery.manufacturingDate) {
    throw new InvalidCommand([
      { field: 'occurredAt', message: `must not be before the battery's manufacturingDate (${battery.manufacturingDate})` },
    ]);
  }
}

/** A diagnosis confirms the evaluation before it, so a certificate's evidence is in time order. */
export function requireDiagnosisAfterEvaluation(battery: RegisteredBattery, occurredAt: string): void {
  const evaluation = battery.latestEvaluation;
  if (evaluation !== null && isAfter(evaluation.occurredAt, occurredAt)) {
    throw new LifecycleRuleViolation(
      'diagnosis-before-evaluation',
      `a diagnosis at ${occurredAt} would precede the latest evaluation of battery ${battery.batteryId} at ${evaluation.occurredAt}`,
    );
  }
}

/** After BatteryRecycled the passport ceases: the stream is closed to lifecycle events. */
export function requireNotRecycled(battery: RegisteredBattery): void {
  if (battery.recycling !== null) {
    throw new LifecycleRuleViolation(
      'battery-recycled',
      `battery ${battery.batteryId} was recycled; its passport accepts no further events`,
    );
  }
}

export function requireNotHandedOver(battery: RegisteredBattery, action: string): void {
  if (battery.handOver !== null) {
    throw new LifecycleRuleViolation(
      'battery-handed-over',
      `battery ${battery.batteryId} was handed over for recycling to ${battery.handOver.recycler} and cannot ${action}`,
    );
  }
}

/** The battery must be in a centre's custody, i.e. received at a site and not gone since. */
export function requireReceived(battery: RegisteredBattery, action: string): string {
  if (battery.siteId === null) {
    throw new LifecycleRuleViolation('receipt-required', `battery ${battery.batteryId} must be received at a site before it can ${action}`);
  }
  return battery.siteId;
}

export function requireNotInSlot(battery: RegisteredBattery, action: string): void {
  const location = battery.location;
  if (location !== null) {
    throw new LifecycleRuleViolation(
      'battery-in-slot',
      `battery ${battery.batteryId} is in slot ${location.slot} of zone ${location.zone} at site ${location.siteId}; ` +
        `release it before it can ${action}`,
    );
  }
}
