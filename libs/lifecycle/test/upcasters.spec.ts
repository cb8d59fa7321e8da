import {
  batteryEventFromStored,
  CURRENT_SCHEMA_VERSION,
  foldBatteryEvents,
  schemaVersionOf,
  siteEventFromStored,
  toNewEvent,
  upcast,
  type RegisteredBattery,
} from '#libs/lifecycle';
import { event, siteEvents, T } from './fixtures.js';

/** What the first release would have stored for an evaluation. */
const evaluatedV0 = {
  method: 'bms-data',
  sohPct: 72,
  remainingCapacityAh: 130,
  visualInspection: 'fail',
  grade: 'C',
};

describe('upcasting BatteryEvaluated v0 → v1 (the example of the mechanism)', () => {
  it('renames sohPct and records the fixed thresholds v0 graded with', () => {
    expect(upcast('BatteryEvaluated', 0, evaluatedV0)).toEqual({
      schemaVersion: 1,
      data: {
        method: 'bms-data',
        stateOfHealthPct: 72,
        remainingCapacityAh: 130,
        visualInspection: 'fail',
        grade: 'C',
        thresholds: { gradeAMinStateOfHealthPct: 80, gradeBMinStateOfHealthPct: 60, minInsulationResistanceMOhm: 0 },
        disqualifiers: ['visual-inspection-failed'],
      },
    });
  });

  it('folds a stored v0 event like a v1 one, without rewriting it', () => {
    const stored = { type: 'BatteryEvaluated', data: evaluatedV0, metadata: { occurredAt: T.evaluated, schemaVersion: 0 } };
    const state = foldBatteryEvents([event.registered(), event.received(), batteryEventFromStored(stored)]) as RegisteredBattery;
    expect(state.latestEvaluation).toMatchObject({ stateOfHealthPct: 72, grade: 'C', occurredAt: T.evaluated });
    expect(stored.data).toHaveProperty('sohPct', 72);
  });
});

describe('the upcast registry', () => {
  it('passes current events through unchanged', () => {
    const data = { siteId: 'S', source: 'oem', hazardClass: 'intact' };
    expect(upcast('BatteryReceived', CURRENT_SCHEMA_VERSION, data)).toEqual({ schemaVersion: 1, data });
  });

  it('leaves event types it does not own alone', () => {
    expect(upcast('KeyRotated', 7, { kid: 'k' })).toEqual({ schemaVersion: 7, data: { kid: 'k' } });
  });

  it('refuses a stored version newer than the code: its shape is unknown here', () => {
    expect(() => upcast('BatteryReceived', 2, {})).toThrow(/not readable/);
  });
});

describe('the version is read from the hashed data, not from the unhashed metadata', () => {
  const evaluatedV1 = event.evaluated().data as unknown as Record<string, unknown>;

  it('derives each version from the data alone', () => {
    expect(schemaVersionOf('BatteryEvaluated', evaluatedV0)).toBe(0);
    expect(schemaVersionOf('BatteryEvaluated', evaluatedV1)).toBe(CURRENT_SCHEMA_VERSION);
    expect(schemaVersionOf('BatteryReceived', event.received().data as unknown as Record<string, unknown>)).toBe(CURRENT_SCHEMA_VERSION);
    expect(schemaVersionOf('KeyRotated', { kid: 'k' })).toBeUndefined();
  });

  it('a v1 event whose stored schemaVersion was set to 0 still reads as v1 (the v0 step does not run)', () => {
    expect(upcast('BatteryEvaluated', 0, evaluatedV1)).toEqual({ schemaVersion: 1, data: evaluatedV1 });
    const tampered = { type: 'BatteryEvaluated', data: evaluatedV1, metadata: { occurredAt: T.evaluated, schemaVersion: 0 } };
    const state = foldBatteryEvents([event.registered(), event.received(), batteryEventFromStored(tampered)]) as RegisteredBattery;
    expect(state.latestEvaluation).toMatchObject({ stateOfHealthPct: 86, grade: 'A', thresholds: event.evaluated().data.thresholds });
  });

  it('a v0 event whose stored schemaVersion was raised to 1 is still upcast', () => {
    expect(upcast('BatteryEvaluated', 1, evaluatedV0)).toEqual(upcast('BatteryEvaluated', 0, evaluatedV0));
  });
});

describe('mapping to and from the event store', () => {
  it('puts occurredAt and schemaVersion in metadata, and reads them back', () => {
    const received = event.received();
    const stored = toNewEvent(received, { correlationId: 'c1' });
    expect(stored).toEqual({
      type: 'BatteryReceived',
      data: received.data,
      metadata: { correlationId: 'c1', occurredAt: T.received, schemaVersion: 1 },
    });
    expect(batteryEventFromStored(stored)).toEqual(received);
    expect(foldBatteryEvents([event.registered(), batteryEventFromStored(stored)]).revision).toBe(1);
  });

  it('keeps battery and site events apart', () => {
    const site = toNewEvent(siteEvents.created());
    expect(siteEventFromStored(site)).toEqual(siteEvents.created());
    expect(() => batteryEventFromStored(site)).toThrow(/not a battery event/);
    expect(() => siteEventFromStored(toNewEvent(event.received()))).toThrow(/not a site event/);
  });
});
