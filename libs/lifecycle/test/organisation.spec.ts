import { journey } from '#libs/battery-journey';
import {
  decideBattery,
  decideOrganisation,
  DEFAULT_GRADING_POLICY,
  evolveOrganisation,
  initialBatteryState,
  initialOrganisationState,
  InvalidCommand,
  isKrBusinessNumber,
  isLei,
  LifecycleRuleViolation,
  OrganisationNotFound,
  organisationStreamId,
  organisationView,
  type OrganisationState,
} from '#libs/lifecycle';
import { NOW } from './fixtures.js';
import { refusalOf } from './given-when-then.js';

const registered = (organisationId: string): OrganisationState =>
  decideOrganisation(journey.registerOrganisation({ organisationId }), initialOrganisationState, { now: NOW }).reduce(
    evolveOrganisation,
    initialOrganisationState,
  );

describe('identifier checks', () => {
  it.each(['5493001KJTIIGC8Y1R12', '529900T8BM49AURSDO55'])('accepts the published LEI %s', (lei) => expect(isLei(lei)).toBe(true));
  it.each(['5493001KJTIIGC8Y1R13', '5493001KJTIIGC8Y1R1', '5493001kjtiigc8y1r12', 'AAAAAAAAAAAAAAAAAAAA'])('refuses the LEI %s', (lei) =>
    expect(isLei(lei)).toBe(false),
  );
  it.each(['1248100998', '2208162517'])('accepts the Korean business number %s', (number) => expect(isKrBusinessNumber(number)).toBe(true));
  it.each(['1248100999', '124-81-00998', '124810099'])('refuses the Korean business number %s', (number) =>
    expect(isKrBusinessNumber(number)).toBe(false),
  );
});

describe('registering an organisation', () => {
  it('records it on its own stream, identifiers and address as sent', () => {
    const command = journey.registerOrganisation({ organisationId: 'ORG-1' });
    const [event] = decideOrganisation(command, initialOrganisationState, { now: NOW });
    expect(event).toEqual({ type: 'OrganisationRegistered', schemaVersion: 1, occurredAt: NOW, data: expect.any(Object) });
    const { type: _, ...body } = command;
    expect(organisationView(evolveOrganisation(initialOrganisationState, event!))).toEqual(body);
    expect(organisationStreamId('ORG-1')).toBe('organisation/ORG-1');
  });

  it('refuses an id that exists (409 organisation-already-exists)', () => {
    const error = refusalOf(() =>
      decideOrganisation(journey.registerOrganisation({ organisationId: 'ORG-1' }), registered('ORG-1'), { now: NOW }),
    );
    expect(error).toBeInstanceOf(LifecycleRuleViolation);
    expect((error as LifecycleRuleViolation).rule).toBe('organisation-already-exists');
  });

  it('refuses bad identifiers and a lower-case country (400), naming each field', () => {
    const command = journey.registerOrganisation({
      country: 'kr',
      identifiers: { bpnl: 'BPNL-1', lei: '5493001KJTIIGC8Y1R13', krBusinessNumber: '1248100999' },
    });
    const error = refusalOf(() => decideOrganisation(command, initialOrganisationState, { now: NOW }));
    expect((error as InvalidCommand).errors.map(({ field }) => field)).toEqual([
      'country',
      'identifiers.bpnl',
      'identifiers.lei',
      'identifiers.krBusinessNumber',
    ]);
  });
});

describe('battery commands naming an organisation', () => {
  const context = (organisation?: OrganisationState) => ({ now: NOW, gradingPolicy: DEFAULT_GRADING_POLICY, organisation });

  it('refuses a registration naming an unregistered manufacturer (404), before the rules', () => {
    const command = journey.register({ manufacturerOrganisationId: 'ORG-NONE' });
    expect(refusalOf(() => decideBattery(command, initialBatteryState, context()))).toBeInstanceOf(OrganisationNotFound);
  });

  it('records the manufacturer organisation beside the free-text name', () => {
    const command = journey.register({ manufacturerOrganisationId: 'ORG-1' });
    const [event] = decideBattery(command, initialBatteryState, context(registered('ORG-1')));
    expect(event!.data).toMatchObject({ manufacturer: 'Hyundai Mobis', manufacturerOrganisationId: 'ORG-1' });
  });
});
