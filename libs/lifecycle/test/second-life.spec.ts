import { batteryEvent, type BatteryState } from '#libs/lifecycle';
import { given } from './given-when-then.js';
import { BATTERY, CERTIFICATE, certified, command, event, NOW, SUCCESSOR } from './fixtures.js';

const successorNaming = (...predecessorIds: string[]): BatteryState =>
  given(event.registered({ batteryId: SUCCESSOR, predecessorIds })).state;

describe('second life', () => {
  it('re-used: records application, operator and the certificate that permitted it', () => {
    given(...certified())
      .when(command.secondLife({ application: 'ups', operatorName: 'UPS Works' }))
      .then([batteryEvent('BatteryReused', NOW, { application: 'ups', operatorName: 'UPS Works', certificateId: CERTIFICATE })]);
  });

  it.each([
    ['repurposed', 'BatteryRepurposed'],
    ['remanufactured', 'BatteryRemanufactured'],
  ] as const)('%s: records the successor, which names this battery', (kind, type) => {
    given(...certified())
      .when(command.secondLife({ kind, successorBatteryId: SUCCESSOR }), { successor: successorNaming('OTHER', BATTERY) })
      .then([
        batteryEvent(type, NOW, {
          application: 'ess',
          operatorName: 'ReStore Ltd',
          certificateId: CERTIFICATE,
          successorBatteryId: SUCCESSOR,
        }),
      ]);
  });

  it('leaves the certificate active', () => {
    const state = given(...certified(), event.reused()).state;
    expect(state.registered && state.certificates[0]?.revocation).toBeNull();
  });

  it('a re-used battery may later be repurposed', () => {
    given(...certified(), event.reused())
      .when(command.secondLife({ kind: 'repurposed', successorBatteryId: SUCCESSOR }), { successor: successorNaming(BATTERY) })
      .thenAccepted();
  });
});

describe('successorBatteryId content (400)', () => {
  it.each(['repurposed', 'remanufactured'] as const)('is required for %s', (kind) => {
    given(...certified())
      .when(command.secondLife({ kind }))
      .thenInvalid('successorBatteryId');
  });

  it('is refused for re-used (the battery keeps its identity)', () => {
    given(...certified())
      .when(command.secondLife({ successorBatteryId: SUCCESSOR }))
      .thenInvalid('successorBatteryId');
  });

  it('cannot be the battery itself', () => {
    given(...certified())
      .when(command.secondLife({ kind: 'repurposed', successorBatteryId: BATTERY }))
      .thenInvalid('successorBatteryId');
  });
});

describe('an unregistered successor is not found (404)', () => {
  it('refuses a successor with no stream', () => {
    given(...certified())
      .when(command.secondLife({ kind: 'repurposed', successorBatteryId: SUCCESSOR }))
      .thenNotFound('battery', SUCCESSOR);
  });
});

describe('rule successor-must-name-predecessor', () => {
  it('refuses a successor registered without this battery among its predecessorIds', () => {
    given(...certified())
      .when(command.secondLife({ kind: 'remanufactured', successorBatteryId: SUCCESSOR }), { successor: successorNaming('OTHER') })
      .thenViolates('successor-must-name-predecessor');
  });
});

describe('rule second-life-needs-certificate-for-application', () => {
  it('refuses without any certificate', () => {
    given(event.registered(), event.received(), event.evaluated(), event.diagnosed())
      .when(command.secondLife())
      .thenViolates('second-life-needs-certificate-for-application');
  });

  it('refuses an application the certificate does not list', () => {
    given(...certified())
      .when(command.secondLife({ application: 'ev' }))
      .thenViolates('second-life-needs-certificate-for-application');
  });

  it('refuses with a revoked certificate', () => {
    given(...certified(), event.revoked())
      .when(command.secondLife())
      .thenViolates('second-life-needs-certificate-for-application');
  });

  it('refuses with an expired certificate', () => {
    given(...certified())
      .when(command.secondLife(), { now: '2027-06-01T00:00:00.000Z' })
      .thenViolates('second-life-needs-certificate-for-application');
  });
});

describe('rule battery-superseded: a repurposed or remanufactured battery lives on as its successor', () => {
  it('refuses another second life', () => {
    given(...certified(), event.repurposed())
      .when(command.secondLife())
      .thenViolates('battery-superseded');
  });
});

describe('rule battery-handed-over on second life', () => {
  it('refuses a battery handed over for recycling', () => {
    given(...certified(), event.handedOver())
      .when(command.secondLife())
      .thenViolates('battery-handed-over');
  });
});
