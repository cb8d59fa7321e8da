import type { StorageCommand, StoreBattery, ReleaseBatteryFromStorage } from './battery-commands.js';
import type { DecisionContext } from './decision-context.js';
import { batteryEvent, type BatteryEvent } from './battery-events.js';
import {
  requireNotBeforeManufacture,
  requireNotHandedOver,
  requireNotRecycled,
  requireReceived,
  requireRegistered,
} from './battery-guards.js';
import type { BatteryState } from './battery-state.js';
import { validateRelease, validateStorage } from './battery-validation.js';
import { LifecycleRuleViolation } from './errors.js';
import type { SiteEvent } from './site-events.js';
import { occupySlot, requireSite, requireZone, vacateSlot } from './site-decider.js';
import type { SiteState } from './site-state.js';
import { requireInstant } from './time.js';
import { requireNotTransferred } from './transfer-decider.js';

/** Events for both streams; the caller appends them in one `appendMany`, expecting both revisions. */
export interface StorageDecision {
  batteryEvents: BatteryEvent[];
  siteEvents: SiteEvent[];
}

/**
 * The site stream a storage command touches: the target site when storing, the site the battery
 * sits in when releasing (null when it is in no slot: pass `initialSiteState`, the battery's rules
 * will refuse the command).
 */
export function storageSiteId(command: StorageCommand, battery: BatteryState): string | null {
  if (command.type === 'StoreBattery') return command.siteId;
  return battery.registered ? (battery.location?.siteId ?? null) : null;
}

export function decideStorage(
  command: StorageCommand,
  battery: BatteryState,
  site: SiteState,
  context: Pick<DecisionContext, 'now'>,
): StorageDecision {
  const now = requireInstant(context.now, 'context.now');
  requireNotTransferred(battery);
  return command.type === 'StoreBattery' ? store(command, battery, site, now) : release(command, battery, site, now);
}

function store(command: StoreBattery, state: BatteryState, siteState: SiteState, now: string): StorageDecision {
  const occurredAt = validateStorage(command, now);
  const battery = requireRegistered(state, command.batteryId);
  requireNotBeforeManufacture(battery, occurredAt);
  const site = requireSite(siteState, command.siteId);
  const zone = requireZone(site, command.zone);
  requireNotRecycled(battery);
  requireNotHandedOver(battery, 'be stored');
  const receivedAt = requireReceived(battery, 'be stored');
  if (battery.location !== null) {
    const { zone: inZone, slot } = battery.location;
    throw new LifecycleRuleViolation(
      'battery-already-stored',
      `battery ${battery.batteryId} is already in slot ${slot} of zone ${inZone}; release it before storing it again`,
    );
  }
  // A battery moves between sites only by being received at the other one, so every site's
  // intake records (source, hazard class) cover what it holds.
  if (receivedAt !== site.siteId) {
    throw new LifecycleRuleViolation(
      'storage-at-receiving-site',
      `battery ${battery.batteryId} was received at site ${receivedAt}; receive it at site ${site.siteId} before storing it there`,
    );
  }
  const hazardClass = battery.hazardClass;
  if (hazardClass === null || hazardClass === 'waste') {
    throw new Error(`battery ${battery.batteryId}: a received battery not handed over has an intake hazard class`);
  }
  const { siteId, slot, stateOfChargePct } = command;
  return {
    siteEvents: [occupySlot(zone, { slot, batteryId: battery.batteryId, hazardClass }, occurredAt)],
    batteryEvents: [batteryEvent('BatteryStored', occurredAt, { siteId, zone: zone.zone, slot, stateOfChargePct })],
  };
}

function release(command: ReleaseBatteryFromStorage, state: BatteryState, siteState: SiteState, now: string): StorageDecision {
  const occurredAt = validateRelease(command, now);
  const battery = requireRegistered(state, command.batteryId);
  requireNotBeforeManufacture(battery, occurredAt);
  requireNotRecycled(battery);
  const location = battery.location;
  if (location === null) {
    throw new LifecycleRuleViolation('battery-not-stored', `battery ${battery.batteryId} is in no storage slot`);
  }
  const site = requireSite(siteState, location.siteId);
  return {
    siteEvents: [vacateSlot(site, location, battery.batteryId, occurredAt)],
    batteryEvents: [batteryEvent('BatteryReleasedFromStorage', occurredAt, { ...location, reason: command.reason })],
  };
}
