import { batteryEvent } from '#libs/lifecycle';
import { given } from './given-when-then.js';
import { CERTIFICATE, certified, command, event, NOW } from './fixtures.js';

const received = [event.registered(), event.received()];

describe('hand-over for recycling', () => {
  it('records the recycler and reason', () => {
    given(...received)
      .when(command.handOver({ reason: 'grade C', occurredAt: '2025-05-30T00:00:00Z' }))
      .then([
        batteryEvent('BatteryHandedOverForRecycling', '2025-05-30T00:00:00.000Z', { recycler: 'Hydro Recycling', reason: 'grade C' }),
      ]);
  });

  it('revokes an active certificate, at the time it is recorded', () => {
    given(...certified())
      .when(command.handOver({ occurredAt: '2025-05-30T00:00:00Z' }))
      .then([
        batteryEvent('BatteryHandedOverForRecycling', '2025-05-30T00:00:00.000Z', { recycler: 'Hydro Recycling' }),
        batteryEvent('ReuseCertificateRevoked', NOW, { certificateId: CERTIFICATE, reason: 'handed over for recycling', revokedAt: NOW }),
      ]);
  });

  it('leaves an expired or revoked certificate alone', () => {
    expect(
      given(...certified(), event.revoked())
        .when(command.handOver())
        .thenAccepted(),
    ).toHaveLength(1);
    expect(
      given(...certified())
        .when(command.handOver(), { now: '2028-01-01T00:00:00.000Z' })
        .thenAccepted(),
    ).toHaveLength(1);
  });

  it('may come straight from registration (the battery never passed through a centre)', () => {
    given(event.registered()).when(command.handOver()).thenAccepted();
  });

  it('sets status and hazard class to waste', () => {
    const state = given(...received, event.handedOver()).state;
    expect(state).toMatchObject({ status: 'waste', hazardClass: 'waste', stage: 'handed-over', siteId: null });
  });

  it('needs a recycler (400)', () => {
    given(...received)
      .when(command.handOver({ recycler: ' ' }))
      .thenInvalid('recycler');
  });
});

describe('rule battery-handed-over: a battery is handed over once', () => {
  it('refuses a second hand-over', () => {
    given(...received, event.handedOver())
      .when(command.handOver())
      .thenViolates('battery-handed-over');
  });
});

describe('rule recycling-needs-hand-over', () => {
  it('refuses an outcome for a battery not handed over', () => {
    given(...received)
      .when(command.recyclingOutcome())
      .thenViolates('recycling-needs-hand-over');
  });

  it('records the outcome after the hand-over', () => {
    given(...received, event.handedOver())
      .when(command.recyclingOutcome({ recovered: { lithiumKg: 4, cobaltKg: 7.5 }, blackMassKg: 80 }))
      .then([
        batteryEvent('BatteryRecycled', NOW, {
          process: 'hydrometallurgy',
          inputMassKg: 300,
          recovered: { lithiumKg: 4, cobaltKg: 7.5 },
          blackMassKg: 80,
        }),
      ]);
  });
});

describe('recovered kg summed cannot exceed inputMassKg (400)', () => {
  const handedOver = [...received, event.handedOver()];

  it('refuses more recovered than put in', () => {
    given(...handedOver)
      .when(command.recyclingOutcome({ inputMassKg: 10, recovered: { nickelKg: 6, cobaltKg: 4.5 } }))
      .thenInvalid('recovered');
  });

  it('accepts exactly the input mass, despite floating-point sums', () => {
    given(...handedOver)
      .when(command.recyclingOutcome({ inputMassKg: 0.3, recovered: { lithiumKg: 0.1, cobaltKg: 0.2 } }))
      .thenAccepted();
  });

  it('refuses negative masses and black mass above the input', () => {
    given(...handedOver)
      .when(command.recyclingOutcome({ inputMassKg: 10, recovered: { lithiumKg: -1 }, blackMassKg: 11 }))
      .thenInvalid('recovered.lithiumKg', 'blackMassKg');
  });
});
