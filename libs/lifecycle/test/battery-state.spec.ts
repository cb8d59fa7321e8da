import {
  batteryView,
  evolveBattery,
  foldBatteryEvents,
  initialBatteryState,
  type BatteryEvent,
  type RegisteredBattery,
} from '#libs/lifecycle';
import { BATTERY, CERTIFICATE, certified, event, NOW, SITE, SUCCESSOR, T } from './fixtures.js';

const fold = (...events: BatteryEvent[]) => foldBatteryEvents(events) as RegisteredBattery;

describe('state after registration', () => {
  it('is original, registered, revision 0, nowhere', () => {
    expect(fold(event.registered())).toMatchObject({
      registered: true,
      batteryId: BATTERY,
      revision: 0,
      registeredAt: T.registered,
      status: 'original',
      stage: 'registered',
      hazardClass: null,
      siteId: null,
      location: null,
      latestEvaluation: null,
      predecessorIds: [],
      successorIds: [],
    });
  });

  it('counts one revision per event', () => {
    expect(fold(...certified()).revision).toBe(4);
  });
});

describe('stage is the furthest step reached', () => {
  it.each([
    [[event.registered()], 'registered'],
    [[event.registered(), event.received()], 'received'],
    [[event.registered(), event.received(), event.evaluated()], 'evaluated'],
    [[event.registered(), event.received(), event.evaluated(), event.diagnosed()], 'diagnosed'],
    [certified(), 'certified'],
    [[...certified(), event.reused()], 'second-life'],
    [[...certified(), event.reused(), event.received(), event.handedOver()], 'handed-over'],
    [[event.registered(), event.handedOver(), event.recycled()], 'recycled'],
  ])('%#: stage %s', (events, stage) => {
    expect(fold(...events).stage).toBe(stage);
  });

  it('does not go back: a later evaluation, storage or revocation keeps certified', () => {
    expect(fold(...certified(), event.evaluated(), event.stored(), event.released(), event.revoked()).stage).toBe('certified');
  });
});

describe('status: original until second life, waste at hand-over', () => {
  it.each([
    [[...certified()], 'original'],
    [[...certified(), event.reused()], 're-used'],
    [[...certified(), event.repurposed()], 'repurposed'],
    [[...certified(), event.reused(), event.handedOver()], 'waste'],
  ] as const)('%#: %s', (events, status) => {
    expect(fold(...events).status).toBe(status);
  });

  it('remanufactured', () => {
    const remanufactured = { ...event.repurposed(), type: 'BatteryRemanufactured' as const };
    expect(fold(...certified(), remanufactured).status).toBe('remanufactured');
  });
});

describe('location, state of charge and site custody', () => {
  it('tracks the slot, and the latest state of charge (storage over receipt)', () => {
    const stored = fold(event.registered(), event.received({ stateOfChargePct: 45 }), event.stored({ stateOfChargePct: 40 }));
    expect(stored).toMatchObject({ location: { siteId: SITE, zone: 'Z-STD', slot: 'S-01' }, stateOfChargePct: 40, siteId: SITE });
    const released = fold(event.registered(), event.received(), event.stored(), event.released());
    expect(released).toMatchObject({ location: null, siteId: SITE, stateOfChargePct: 40 });
  });

  it('keeps the previous state of charge when a receipt gives none', () => {
    expect(
      fold(event.registered(), event.received({ stateOfChargePct: 45 }), event.received({ stateOfChargePct: undefined })).stateOfChargePct,
    ).toBe(45);
  });

  it('leaves site custody at second life', () => {
    expect(fold(...certified(), event.reused()).siteId).toBeNull();
  });
});

describe('evaluation, diagnosis, certificates and successors', () => {
  it('keeps the latest evaluation and diagnosis with their revisions', () => {
    const state = fold(...certified());
    expect(state.latestEvaluation).toMatchObject({ grade: 'A', stateOfHealthPct: 86, occurredAt: T.evaluated, revision: 2 });
    expect(state.latestDiagnosis).toMatchObject({ verdict: 'pass', occurredAt: T.diagnosed, revision: 3 });
  });

  it('records revocation on the certificate', () => {
    expect(fold(...certified(), event.revoked()).certificates).toEqual([
      expect.objectContaining({ certificateId: CERTIFICATE, revocation: { reason: 'evidence withdrawn', revokedAt: T.released } }),
    ]);
  });

  it('learns its successor from its own second-life event', () => {
    expect(fold(...certified(), event.repurposed()).successorIds).toEqual([SUCCESSOR]);
  });
});

describe('evolve refuses a corrupt stream', () => {
  it('an event before registration', () => {
    expect(() => evolveBattery(initialBatteryState, event.received())).toThrow(/before BatteryRegistered/);
  });

  it('a second registration', () => {
    expect(() => fold(event.registered(), event.registered())).toThrow(/registered twice/);
  });
});

describe('batteryView: the GET /batteries/{id} body', () => {
  it('has every contract field, with the certificate active as of the given time', () => {
    const state = fold(...certified(), event.stored());
    const view = batteryView(state, NOW);
    expect(Object.keys(view).sort()).toEqual(
      [
        'batteryId',
        'level',
        'category',
        'chemistry',
        'manufacturer',
        'model',
        'manufacturingDate',
        'massKg',
        'ratedCapacityAh',
        'ratedEnergyKWh',
        'nominalVoltageV',
        'materials',
        'status',
        'stage',
        'hazardClass',
        'location',
        'stateOfChargePct',
        'latestEvaluation',
        'latestDiagnosis',
        'activeCertificate',
        'predecessorIds',
        'successorIds',
        'revision',
      ].sort(),
    );
    expect(view).toMatchObject({
      status: 'original',
      stage: 'certified',
      hazardClass: 'intact',
      location: { siteId: SITE, zone: 'Z-STD', slot: 'S-01' },
      activeCertificate: { certificateId: CERTIFICATE, applications: ['ess', 'ups'], validUntil: '2027-01-14T08:00:00.000Z' },
      revision: 5,
    });
    expect(batteryView(state, '2027-01-14T08:00:00.000Z').activeCertificate).toBeNull();
  });

  it('includes optional identity fields when registered', () => {
    expect(batteryView(fold(event.registered({ serialNumber: 'SN-1' })), NOW).serialNumber).toBe('SN-1');
  });
});
