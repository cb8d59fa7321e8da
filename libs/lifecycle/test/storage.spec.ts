import { batteryEvent, siteEvent, storageSiteId, initialBatteryState } from '#libs/lifecycle';
import { given, givenStorage } from './given-when-then.js';
import { BATTERY, command, event, NOW, SITE, siteEvents } from './fixtures.js';

const received = [event.registered(), event.received()];
const site = [siteEvents.created()];

describe('storing writes the battery and the site together', () => {
  it('occupies the slot on the site stream and records the location on the battery stream', () => {
    givenStorage(received, site)
      .when(command.store({ stateOfChargePct: 42 }))
      .then({
        batteryEvents: [batteryEvent('BatteryStored', NOW, { siteId: SITE, zone: 'Z-STD', slot: 'S-01', stateOfChargePct: 42 })],
        siteEvents: [siteEvent('SiteSlotOccupied', NOW, { zone: 'Z-STD', slot: 'S-01', batteryId: BATTERY, hazardClass: 'intact' })],
      });
  });

  it('release vacates the slot the battery is in', () => {
    givenStorage([...received, event.stored()], [...site, siteEvents.occupied()])
      .when(command.release({ reason: 'to test bench' }))
      .then({
        batteryEvents: [
          batteryEvent('BatteryReleasedFromStorage', NOW, { siteId: SITE, zone: 'Z-STD', slot: 'S-01', reason: 'to test bench' }),
        ],
        siteEvents: [siteEvent('SiteSlotVacated', NOW, { zone: 'Z-STD', slot: 'S-01', batteryId: BATTERY })],
      });
  });

  it('names the site stream to load: the target when storing, the current one when releasing', () => {
    const stored = given(...received, event.stored()).state;
    expect(storageSiteId(command.store({ siteId: 'SITE-9' }), stored)).toBe('SITE-9');
    expect(storageSiteId(command.release(), stored)).toBe(SITE);
    expect(storageSiteId(command.release(), given(...received).state)).toBeNull();
    expect(storageSiteId(command.release(), initialBatteryState)).toBeNull();
  });

  it('refuses bad ids and a blank release reason (400)', () => {
    givenStorage(received, site)
      .when(command.store({ zone: 'zone 1', stateOfChargePct: -5 }))
      .thenInvalid('zone', 'stateOfChargePct');
    givenStorage(received, site)
      .when(command.release({ reason: '  ' }))
      .thenInvalid('reason');
  });
});

describe('unknown site or zone (404)', () => {
  it('refuses an unknown site', () => {
    givenStorage(received, []).when(command.store()).thenNotFound('site', SITE);
  });

  it('refuses a zone the site does not have', () => {
    givenStorage(received, site)
      .when(command.store({ zone: 'Z-NONE' }))
      .thenNotFound('zone', 'Z-NONE');
  });
});

describe('rule storage-at-receiving-site: a battery is stored at the site that received it', () => {
  it('refuses storing at another site', () => {
    givenStorage([event.registered(), event.received({ siteId: 'SITE-2' })], site)
      .when(command.store())
      .thenViolates('storage-at-receiving-site');
  });

  it('accepts it once the battery is received at that site', () => {
    givenStorage([event.registered(), event.received({ siteId: 'SITE-2' }), event.received()], site)
      .when(command.store())
      .thenAccepted();
  });
});

describe('rule battery-already-stored: a battery is in at most one slot', () => {
  it('refuses storing a battery that is in a slot, even the same one', () => {
    const stored = [...received, event.stored()];
    givenStorage(stored, [...site, siteEvents.occupied()])
      .when(command.store({ slot: 'S-02' }))
      .thenViolates('battery-already-stored');
    givenStorage(stored, [...site, siteEvents.occupied()])
      .when(command.store())
      .thenViolates('battery-already-stored');
  });

  it('accepts storing again after release', () => {
    givenStorage([...received, event.stored(), event.released()], site)
      .when(command.store({ slot: 'S-02' }))
      .thenAccepted();
  });
});

describe('rule slot-occupied: a slot holds one battery', () => {
  it('refuses a slot another battery holds', () => {
    givenStorage(received, [...site, siteEvents.occupied({ batteryId: 'BAT-002' })])
      .when(command.store())
      .thenViolates('slot-occupied');
  });
});

describe('rule zone-full: a zone holds at most its capacity', () => {
  it('refuses a third battery in a zone of capacity 2', () => {
    const full = [...site, siteEvents.occupied({ slot: 'A', batteryId: 'X1' }), siteEvents.occupied({ slot: 'B', batteryId: 'X2' })];
    givenStorage(received, full)
      .when(command.store({ slot: 'C' }))
      .thenViolates('zone-full');
  });

  it('counts a vacated slot as free again', () => {
    const freed = [
      ...site,
      siteEvents.occupied({ slot: 'A', batteryId: 'X1' }),
      siteEvents.occupied({ slot: 'B', batteryId: 'X2' }),
      siteEvent('SiteSlotVacated', NOW, { zone: 'Z-STD', slot: 'A', batteryId: 'X1' }),
    ];
    givenStorage(received, freed)
      .when(command.store({ slot: 'C' }))
      .thenAccepted();
  });
});

describe('rule damaged-critical-needs-isolation-zone', () => {
  const critical = [event.registered(), event.received({ hazardClass: 'damaged-critical' })];

  it('refuses a damaged-critical battery in a standard zone', () => {
    givenStorage(critical, site).when(command.store()).thenViolates('damaged-critical-needs-isolation-zone');
  });

  it('accepts it in an isolation zone, recording its hazard class on the slot', () => {
    const { siteEvents: written } = givenStorage(critical, site)
      .when(command.store({ zone: 'Z-ISO' }))
      .thenAccepted();
    expect(written[0]?.data).toMatchObject({ zone: 'Z-ISO', hazardClass: 'damaged-critical' });
  });

  it('lets damaged-non-critical batteries into standard zones', () => {
    givenStorage([event.registered(), event.received({ hazardClass: 'damaged-non-critical' })], site)
      .when(command.store())
      .thenAccepted();
  });
});

describe('rule battery-not-stored: only a stored battery can be released', () => {
  it('refuses a release of a battery in no slot', () => {
    givenStorage(received, site).when(command.release()).thenViolates('battery-not-stored');
  });
});

describe('rule battery-in-slot: release before second life or recycling', () => {
  const storedCertified = [...received, event.stored(), event.evaluated(), event.diagnosed(), event.certified()];

  it('refuses a second life from a slot', () => {
    given(...storedCertified)
      .when(command.secondLife())
      .thenViolates('battery-in-slot');
  });

  it('refuses a hand-over for recycling from a slot', () => {
    given(...storedCertified)
      .when(command.handOver())
      .thenViolates('battery-in-slot');
  });
});
