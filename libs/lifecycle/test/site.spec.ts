import {
  decideSite,
  evolveSite,
  foldSiteEvents,
  initialSiteState,
  InvalidCommand,
  LifecycleRuleViolation,
  siteEvent,
  siteStreamId,
  siteView,
  type CreateSite,
  type CreatedSite,
} from '#libs/lifecycle';
import { NOW, SITE, siteEvents, T } from './fixtures.js';
import { refusalOf } from './given-when-then.js';

const createSite = (body: Partial<CreateSite> = {}): CreateSite => ({
  type: 'CreateSite',
  siteId: SITE,
  name: 'Ulsan centre',
  zones: [
    { zone: 'Z-STD', kind: 'standard', capacity: 2 },
    { zone: 'Z-ISO', kind: 'isolation', capacity: 1 },
  ],
  ...body,
});

describe('creating a site', () => {
  it('records name and zones', () => {
    expect(decideSite(createSite(), initialSiteState, { now: NOW })).toEqual([
      siteEvent('SiteCreated', NOW, { ...siteEvents.created().data }),
    ]);
  });

  it('refuses bad content (400), naming each field', () => {
    const zones = [
      { zone: 'Z 1', kind: 'standard' as const, capacity: 0 },
      { zone: 'Z2', kind: 'standard' as const, capacity: 1.5 },
      { zone: 'Z2', kind: 'isolation' as const, capacity: 1 },
    ];
    const error = refusalOf(() => decideSite(createSite({ name: '', zones }), initialSiteState, { now: NOW }));
    expect(error).toBeInstanceOf(InvalidCommand);
    expect((error as InvalidCommand).errors.map((e) => e.field).sort()).toEqual(
      ['name', 'zones', 'zones.0.capacity', 'zones.0.zone', 'zones.1.capacity'].sort(),
    );
  });

  it('needs at least one zone', () => {
    expect(() => decideSite(createSite({ zones: [] }), initialSiteState, { now: NOW })).toThrow(InvalidCommand);
  });
});

describe('rule site-already-exists', () => {
  it('refuses an existing siteId', () => {
    const existing = foldSiteEvents([siteEvents.created()]);
    const error = refusalOf(() => decideSite(createSite(), existing, { now: NOW }));
    expect(error).toBeInstanceOf(LifecycleRuleViolation);
    expect(error).toMatchObject({ rule: 'site-already-exists' });
  });
});

describe('site state and view', () => {
  it('folds occupancy and gives GET /sites/{id}', () => {
    const site = foldSiteEvents([
      siteEvents.created(),
      siteEvents.occupied({ slot: 'A', batteryId: 'X1' }),
      siteEvents.occupied({ slot: 'B', batteryId: 'X2', hazardClass: 'damaged-non-critical' }),
      siteEvent('SiteSlotVacated', NOW, { zone: 'Z-STD', slot: 'A', batteryId: 'X1' }),
    ]) as CreatedSite;
    expect(site.revision).toBe(3);
    expect(siteView(site)).toEqual({
      siteId: SITE,
      name: 'Ulsan centre',
      zones: [
        {
          zone: 'Z-STD',
          kind: 'standard',
          capacity: 2,
          occupied: 1,
          free: 1,
          slots: [{ slot: 'B', batteryId: 'X2', hazardClass: 'damaged-non-critical', occupiedAt: T.stored }],
        },
        { zone: 'Z-ISO', kind: 'isolation', capacity: 1, occupied: 0, free: 1, slots: [] },
      ],
    });
  });

  it('refuses occupancy before creation as a corrupt stream', () => {
    expect(() => evolveSite(initialSiteState, siteEvents.occupied())).toThrow(/before SiteCreated/);
  });

  it('names site streams so they never collide with a battery id', () => {
    expect(siteStreamId(SITE)).toBe('site/SITE-1');
  });
});
