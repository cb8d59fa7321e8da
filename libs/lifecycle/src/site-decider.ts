import type { DecisionContext } from './decision-context.js';
import type { BatteryLocation } from './battery-state.js';
import { LifecycleRuleViolation, SiteNotFound, ZoneNotFound } from './errors.js';
import { FieldErrors } from './field-errors.js';
import { LIMITS } from './limits.js';
import type { SiteCommand } from './site-commands.js';
import { siteEvent, type SiteEvent, type SiteSlotOccupied, type SiteSlotVacated } from './site-events.js';
import type { CreatedSite, SiteState, ZoneState } from './site-state.js';
import { requireInstant } from './time.js';
import type { HazardClass } from './value-sets.js';

export function decideSite(command: SiteCommand, state: SiteState, context: Pick<DecisionContext, 'now'>): SiteEvent[] {
  const now = requireInstant(context.now, 'context.now');
  validateSite(command);
  if (state.created) throw new LifecycleRuleViolation('site-already-exists', `site ${command.siteId} already exists`);
  const zones = command.zones.map(({ zone, kind, capacity }) => ({ zone, kind, capacity }));
  return [siteEvent('SiteCreated', now, { siteId: command.siteId, name: command.name, zones })];
}

/** Content checks of a site command (400), whatever the site's state. */
export function validateSite(command: SiteCommand): void {
  const fields = new FieldErrors();
  fields.id('siteId', command.siteId);
  fields.text('name', command.name);
  if (command.zones.length === 0) fields.add('zones', 'must list at least one zone');
  command.zones.forEach(({ zone, capacity }, index) => {
    fields.id(`zones.${index}.zone`, zone);
    fields.within(`zones.${index}.capacity`, capacity, LIMITS.zoneCapacity);
  });
  fields.unique(
    'zones',
    command.zones.map(({ zone }) => zone),
  );
  fields.throwIfAny();
}

export function requireSite(state: SiteState, siteId: string): CreatedSite {
  if (!state.created) throw new SiteNotFound(siteId);
  if (state.siteId !== siteId) throw new Error(`state of site ${state.siteId} passed for site ${siteId}`);
  return state;
}

export function requireZone(site: CreatedSite, zone: string): ZoneState {
  const found = site.zones.find((candidate) => candidate.zone === zone);
  if (found === undefined) throw new ZoneNotFound(site.siteId, zone);
  return found;
}

/** The site's half of storing: a slot holds one battery, a zone at most `capacity`, isolation for critical ones. */
export function occupySlot(
  zone: ZoneState,
  occupancy: { slot: string; batteryId: string; hazardClass: HazardClass },
  occurredAt: string,
): SiteSlotOccupied {
  const taken = zone.slots.find(({ slot }) => slot === occupancy.slot);
  if (taken !== undefined) {
    throw new LifecycleRuleViolation(
      'slot-occupied',
      `slot ${occupancy.slot} of zone ${zone.zone} already holds battery ${taken.batteryId}`,
    );
  }
  if (zone.slots.length >= zone.capacity) {
    throw new LifecycleRuleViolation('zone-full', `zone ${zone.zone} is full (${zone.slots.length} of ${zone.capacity} slots occupied)`);
  }
  if (occupancy.hazardClass === 'damaged-critical' && zone.kind !== 'isolation') {
    throw new LifecycleRuleViolation(
      'damaged-critical-needs-isolation-zone',
      `battery ${occupancy.batteryId} is damaged-critical and may only be stored in an isolation zone; zone ${zone.zone} is ${zone.kind}`,
    );
  }
  return siteEvent('SiteSlotOccupied', occurredAt, { zone: zone.zone, ...occupancy });
}

/** Both streams are written together, so a slot that disagrees with the battery means corrupt data. */
export function vacateSlot(site: CreatedSite, location: BatteryLocation, batteryId: string, occurredAt: string): SiteSlotVacated {
  const held = requireZone(site, location.zone).slots.find(({ slot }) => slot === location.slot);
  if (held?.batteryId !== batteryId) {
    throw new Error(`site ${site.siteId} does not show battery ${batteryId} in slot ${location.zone}/${location.slot}`);
  }
  return siteEvent('SiteSlotVacated', occurredAt, { zone: location.zone, slot: location.slot, batteryId });
}
