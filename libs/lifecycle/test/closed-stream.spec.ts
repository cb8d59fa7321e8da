import type { BatteryCommand } from '#libs/lifecycle';
import { given, givenStorage } from './given-when-then.js';
import { BATTERY, command, event, siteEvents, SUCCESSOR } from './fixtures.js';

const onExistingBattery: BatteryCommand[] = [
  command.receive(),
  command.evaluate(),
  command.diagnose(),
  command.issue(),
  command.revoke(),
  command.secondLife(),
  command.handOver(),
  command.recyclingOutcome(),
];

describe('nothing happens to an unregistered battery (404)', () => {
  it.each(onExistingBattery.map((c) => [c.type, c] as const))('%s is refused as not found', (_, cmd) => {
    given().when(cmd).thenNotFound('battery', BATTERY);
  });

  it('storage and release are refused as not found', () => {
    givenStorage([], [siteEvents.created()]).when(command.store()).thenNotFound('battery', BATTERY);
    givenStorage([], []).when(command.release()).thenNotFound('battery', BATTERY);
  });

  it('a content error still comes first (400 before 404)', () => {
    given()
      .when(command.receive({ stateOfChargePct: 120 }))
      .thenInvalid('stateOfChargePct');
  });
});

describe('rule battery-recycled: after BatteryRecycled the stream is closed', () => {
  const recycled = [event.registered(), event.received(), event.handedOver(), event.recycled()];

  it.each(onExistingBattery.filter((c) => c.type !== 'RevokeReuseCertificate').map((c) => [c.type, c] as const))(
    '%s is refused',
    (_, cmd) => {
      const successor = given(event.registered({ batteryId: SUCCESSOR, predecessorIds: [BATTERY] })).state;
      given(...recycled)
        .when(cmd, { successor })
        .thenViolates('battery-recycled');
    },
  );

  it('revoking a certificate of a recycled battery is refused', () => {
    given(...[event.registered(), event.received(), event.certified(), event.handedOver(), event.recycled()])
      .when(command.revoke())
      .thenViolates('battery-recycled');
  });

  it('storage and release are refused', () => {
    givenStorage(recycled, [siteEvents.created()]).when(command.store()).thenViolates('battery-recycled');
    givenStorage(recycled, [siteEvents.created()]).when(command.release()).thenViolates('battery-recycled');
  });
});
