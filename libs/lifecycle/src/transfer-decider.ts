import type { ImportBattery, TransferBattery } from './battery-commands.js';
import { batteryEvent, type BatteryEvent, type BatteryRegisteredData } from './battery-events.js';
import { requireNotBeforeManufacture, requireNotInSlot, requireNotRecycled, requireRegistered } from './battery-guards.js';
import { foldBatteryEvents, type BatteryState, type RegisteredBattery } from './battery-state.js';
import { validateImport, validateTransfer } from './battery-validation.js';
import { LifecycleRuleViolation } from './errors.js';
import type { DecisionContext } from './decision-context.js';
import { requireOrganisation } from './organisation-decider.js';
import { batteryEventFromStored } from './stored-events.js';

/*
 * A battery crossing to another organisation's instance: the origin records the transfer and
 * closes the stream, the receiver starts the stream with the verified history (see libs/transfers
 * for the verification and docs/transfers.md for the protocol).
 */

/** After BatteryTransferred every command on the battery is refused; its reads and bundle stay. */
export function requireNotTransferred(state: BatteryState): void {
  if (state.registered && state.transfer !== null) {
    throw new LifecycleRuleViolation(
      'battery-transferred',
      `battery ${state.batteryId} was transferred to organisation ${state.transfer.toOrganisationId}; it accepts no further commands here`,
    );
  }
}

/** `context.organisation`: the receiving organisation, which must be registered here (404 otherwise). */
export function transfer(command: TransferBattery, state: BatteryState, now: string, context: DecisionContext): BatteryEvent[] {
  const occurredAt = validateTransfer(command, now);
  const battery = requireRegistered(state, command.batteryId);
  requireNotBeforeManufacture(battery, occurredAt);
  requireOrganisation(context.organisation, command.toOrganisationId);
  requireNotRecycled(battery);
  requireNotInSlot(battery, 'be transferred');
  return [batteryEvent('BatteryTransferred', occurredAt, { toOrganisationId: command.toOrganisationId, reason: command.reason })];
}

export function importBattery(command: ImportBattery, state: BatteryState, now: string): BatteryEvent[] {
  validateImport(command, now);
  if (state.registered) {
    throw new LifecycleRuleViolation(
      'battery-already-registered',
      `battery ${command.batteryId} already exists here; it cannot be imported`,
    );
  }
  const { bundle } = command;
  const origin = foldOrigin(bundle.events);
  const last = bundle.events[bundle.events.length - 1]!;
  return [
    batteryEvent('BatteryImported', now, {
      issuerId: bundle.issuerId,
      originBatteryId: origin.batteryId,
      lastRevision: last.revision,
      lastHash: last.hash,
      checkpoint: bundle.checkpoint,
      toOrganisationId: bundle.toOrganisationId,
      registration: registrationOf(bundle.events),
      status: origin.status,
      stage: origin.stage,
      provenance: { events: bundle.events, certificates: bundle.certificates, inclusion: bundle.inclusion, keys: bundle.keys },
    }),
  ];
}

/** The origin's state at its last event; the verification already folded it once, so a failure here is a bug. */
export function foldOrigin(events: ImportBattery['bundle']['events']): RegisteredBattery {
  const state = foldBatteryEvents(events.map(originEvent));
  if (!state.registered) throw new Error('an origin history without a first event');
  return state;
}

/** The origin's identity as its first event recorded it (a registration, or an earlier import's). */
function registrationOf(events: ImportBattery['bundle']['events']): BatteryRegisteredData {
  const first = originEvent(events[0]!);
  if (first.type === 'BatteryRegistered') return first.data;
  if (first.type === 'BatteryImported') return first.data.registration;
  throw new Error(`an origin history starting with ${first.type}`);
}

/** One of the origin's history entries as a domain event, upcast like an event stored here. */
export function originEvent(entry: ImportBattery['bundle']['events'][number]): BatteryEvent {
  return batteryEventFromStored({ type: entry.type, data: entry.data, metadata: entry });
}
