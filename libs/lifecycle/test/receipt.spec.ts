import { batteryEvent, foldSiteEvents, initialSiteState } from '#libs/lifecycle';
import { given, givenStorage } from './given-when-then.js';
import { command, event, NOW, siteEvents, SITE } from './fixtures.js';

describe('receipt at a site', () => {
  it('records site, source, hazard class, state of charge and notes', () => {
    given(event.registered())
      .when(command.receive({ stateOfChargePct: 38, notes: 'dented lid', occurredAt: '2025-05-31T10:00:00+09:00' }))
      .then([
        batteryEvent('BatteryReceived', '2025-05-31T01:00:00.000Z', {
          siteId: SITE,
          source: 'dealer',
          hazardClass: 'intact',
          stateOfChargePct: 38,
          notes: 'dented lid',
        }),
      ]);
  });

  it('may be received again, e.g. at another site after release (a site change is a new receipt)', () => {
    given(event.registered(), event.received(), event.stored(), event.released())
      .when(command.receive({ siteId: 'SITE-2' }), { site: foldSiteEvents([siteEvents.created('SITE-2')]) })
      .then([batteryEvent('BatteryReceived', NOW, { siteId: 'SITE-2', source: 'dealer', hazardClass: 'intact' })]);
  });

  it('may be received back from a second life', () => {
    given(...[event.registered(), event.received(), event.evaluated(), event.diagnosed(), event.certified(), event.reused()])
      .when(command.receive({ source: 'owner' }))
      .thenAccepted();
  });
});

describe('receipt at an unknown site (404)', () => {
  it('refuses a site that was never created', () => {
    given(event.registered())
      .when(command.receive({ siteId: 'SITE-X' }), { site: initialSiteState })
      .thenNotFound('site', 'SITE-X');
  });
});

describe('rule receipt-required: evaluation, storage and diagnosis need a receipt at a site', () => {
  it('refuses evaluation before any receipt', () => {
    given(event.registered()).when(command.evaluate()).thenViolates('receipt-required');
  });

  it('refuses diagnosis before any receipt', () => {
    given(event.registered()).when(command.diagnose()).thenViolates('receipt-required');
  });

  it('refuses storage before any receipt', () => {
    givenStorage([event.registered()], [siteEvents.created()]).when(command.store()).thenViolates('receipt-required');
  });

  it('refuses evaluation once the battery left for a second life, until it is received again', () => {
    const left = [event.registered(), event.received(), event.evaluated(), event.diagnosed(), event.certified(), event.reused()];
    given(...left)
      .when(command.evaluate())
      .thenViolates('receipt-required');
    given(...left, event.received())
      .when(command.evaluate())
      .thenAccepted();
  });
});

describe('rule battery-in-slot on receipt: a stored battery is already in custody', () => {
  it('refuses a receipt while the battery sits in a slot', () => {
    given(event.registered(), event.received(), event.stored()).when(command.receive()).thenViolates('battery-in-slot');
  });
});

describe('rule battery-handed-over: a battery handed over for recycling left the centre for good', () => {
  const handedOver = [event.registered(), event.received(), event.handedOver()];

  it.each([
    ['receipt', command.receive()],
    ['evaluation', command.evaluate()],
    ['diagnosis', command.diagnose()],
  ] as const)('refuses %s', (_, cmd) => {
    given(...handedOver)
      .when(cmd)
      .thenViolates('battery-handed-over');
  });

  it('refuses storage', () => {
    givenStorage(handedOver, [siteEvents.created()]).when(command.store()).thenViolates('battery-handed-over');
  });
});
