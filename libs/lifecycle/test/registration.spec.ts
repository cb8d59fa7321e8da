import { batteryEvent, LIMITS } from '#libs/lifecycle';
import { given } from './given-when-then.js';
import { BATTERY, command, event, NOW } from './fixtures.js';

describe('registration records identity, rated values, materials and predecessors', () => {
  it('registers at now, defaulting predecessors and materials to empty', () => {
    given()
      .when(command.register())
      .then([
        batteryEvent('BatteryRegistered', NOW, {
          batteryId: BATTERY,
          level: 'pack',
          category: 'ev',
          chemistry: 'NMC',
          manufacturer: 'Acme Cells',
          model: 'P-60',
          manufacturingDate: '2018-03-01',
          massKg: 300,
          ratedCapacityAh: 180,
          ratedEnergyKWh: 64,
          nominalVoltageV: 356,
          predecessorIds: [],
          materials: {},
        }),
      ]);
  });

  it('keeps optional identity fields and drops keys the contract does not know', () => {
    const body = {
      ...command.register({
        serialNumber: 'SN-1',
        parentBatteryId: 'PACK-7',
        predecessorIds: ['OLD-1', 'OLD-2'],
        materials: { lithiumKg: 6, cobaltKg: undefined },
      }),
      sneaky: true,
    };
    const [registered] = given().when(body).thenAccepted();
    expect(registered.data).toMatchObject({ serialNumber: 'SN-1', parentBatteryId: 'PACK-7', predecessorIds: ['OLD-1', 'OLD-2'] });
    expect(registered.data).not.toHaveProperty('sneaky');
    expect((registered.data as { materials: object }).materials).toEqual({ lithiumKg: 6 });
  });
});

describe('rule battery-already-registered: an id is registered once', () => {
  it('refuses a second registration', () => {
    given(event.registered()).when(command.register()).thenViolates('battery-already-registered');
  });

  it('refuses it even after recycling: a passport id is never reused', () => {
    given(event.registered(), event.handedOver(), event.recycled()).when(command.register()).thenViolates('battery-already-registered');
  });
});

describe('registration content (400)', () => {
  it('reports every bad field at once', () => {
    given()
      .when(
        command.register({
          batteryId: 'bad id!',
          massKg: 0,
          ratedEnergyKWh: -1,
          manufacturingDate: '2018-02-30',
          predecessorIds: ['P1', 'P1'],
        }),
      )
      .thenInvalid('batteryId', 'massKg', 'ratedEnergyKWh', 'manufacturingDate', 'predecessorIds');
  });

  it('refuses measures outside the declared limits, upper ones included, whoever sends the command', () => {
    given()
      .when(command.register({ massKg: LIMITS.massKg.max + 1, ratedCapacityAh: 2_000_000, nominalVoltageV: 0 }))
      .thenInvalid('massKg', 'ratedCapacityAh', 'nominalVoltageV');
  });

  it('refuses a battery that is its own parent or predecessor', () => {
    given()
      .when(command.register({ parentBatteryId: BATTERY, predecessorIds: ['P1', BATTERY] }))
      .thenInvalid('parentBatteryId', 'predecessorIds.1');
  });

  it('refuses declared materials heavier than the battery', () => {
    given()
      .when(command.register({ massKg: 10, materials: { nickelKg: 6, cobaltKg: 5 } }))
      .thenInvalid('materials');
  });

  it('refuses a manufacturing date after today', () => {
    given()
      .when(command.register({ manufacturingDate: '2025-06-02' }))
      .thenInvalid('manufacturingDate');
  });
});
