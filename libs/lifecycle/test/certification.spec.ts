import {
  activeCertificate,
  assertCertifiable,
  batteryEvent,
  certificateStatus,
  LifecycleRuleViolation,
  reuseCertificateValidity,
  type RegisteredBattery,
} from '#libs/lifecycle';
import { given } from './given-when-then.js';
import { CERTIFICATE, certifiable, certified, command, event, NOW, signCertificate } from './fixtures.js';

describe('issuing a reuse certificate', () => {
  it('records id, applications, validity from now, standard and the signed document as given', () => {
    const issue = command.issue({ applications: ['ess', 'ups'], validMonths: 12, standard: 'UL 1974' });
    given(...certifiable())
      .when(issue)
      .then([
        batteryEvent('ReuseCertificateIssued', NOW, {
          certificateId: 'CERT-2',
          applications: ['ess', 'ups'],
          issuedAt: NOW,
          validUntil: '2026-06-01T12:00:00.000Z',
          standard: 'UL 1974',
          certificate: { certificateId: 'CERT-2', batteryId: 'BAT-001', validUntil: '2026-06-01T12:00:00.000Z' },
          signature: { alg: 'EdDSA', keyId: 'k1', value: 'c2ln' },
        }),
      ]);
  });

  it('is valid 24 months by default, ending on the last day of a shorter month', () => {
    expect(reuseCertificateValidity('2024-02-29T10:00:00Z')).toEqual({
      issuedAt: '2024-02-29T10:00:00.000Z',
      validUntil: '2026-02-28T10:00:00.000Z',
    });
    expect(reuseCertificateValidity('2025-01-31T00:00:00.000Z', 1).validUntil).toBe('2025-02-28T00:00:00.000Z');
  });

  it.each([
    ['2024-01-31T12:00:00.000Z', 1, '2024-02-29T12:00:00.000Z'],
    ['2023-01-31T12:00:00.000Z', 1, '2023-02-28T12:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 12, '2025-02-28T00:00:00.000Z'],
    ['2024-08-31T23:59:59.999Z', 1, '2024-09-30T23:59:59.999Z'],
    ['2024-11-15T06:00:00.000Z', 2, '2025-01-15T06:00:00.000Z'],
    ['2024-03-31T01:30:00.000Z', 24, '2026-03-31T01:30:00.000Z'],
  ])('counts validity in UTC calendar months: %s + %i months = %s', (issuedAt, months, validUntil) => {
    expect(reuseCertificateValidity(issuedAt, months).validUntil).toBe(validUntil);
  });

  it('refuses bad content (400)', () => {
    given(...certifiable())
      .when(command.issue({ applications: [], validMonths: 61 }))
      .thenInvalid('applications', 'validMonths');
    given(...certifiable())
      .when(command.issue({ applications: ['ess', 'ess'], validMonths: 0 }))
      .thenInvalid('applications', 'validMonths');
  });

  it('asks for the signed document once, and only when the rules allow the issue', () => {
    const asked: Parameters<typeof signCertificate>[1][] = [];
    const signer: typeof signCertificate = (battery, issue) => (asked.push(issue), signCertificate(battery, issue));
    given(event.registered(), event.received())
      .when(command.issue(), { signCertificate: signer })
      .thenViolates('certification-needs-evaluation');
    expect(asked).toEqual([]);
    given(...certifiable())
      .when(command.issue(), { signCertificate: signer })
      .thenAccepted();
    expect(asked).toEqual([expect.objectContaining({ certificateId: 'CERT-2', issuedAt: NOW, validUntil: '2027-06-01T12:00:00.000Z' })]);
  });

  it('lets the caller check before signing, with the same rules', () => {
    const state = given(event.registered(), event.received()).state as RegisteredBattery;
    expect(() => assertCertifiable(state, NOW)).toThrow(LifecycleRuleViolation);
    expect(() => assertCertifiable(given(...certifiable()).state as RegisteredBattery, NOW)).not.toThrow();
  });
});

describe('rule certification-needs-evaluation', () => {
  it('refuses a battery never evaluated', () => {
    given(event.registered(), event.received(), event.diagnosed()).when(command.issue()).thenViolates('certification-needs-evaluation');
  });
});

describe('rule certification-needs-grade-a-or-b', () => {
  it('refuses grade C', () => {
    given(event.registered(), event.received(), event.evaluated({ grade: 'C', stateOfHealthPct: 50 }), event.diagnosed())
      .when(command.issue())
      .thenViolates('certification-needs-grade-a-or-b');
  });

  it('accepts grade B', () => {
    given(event.registered(), event.received(), event.evaluated({ grade: 'B', stateOfHealthPct: 70 }), event.diagnosed())
      .when(command.issue())
      .thenAccepted();
  });
});

describe('rule certification-needs-passing-diagnosis (after the latest evaluation)', () => {
  it('refuses without any diagnosis', () => {
    given(event.registered(), event.received(), event.evaluated())
      .when(command.issue())
      .thenViolates('certification-needs-passing-diagnosis');
  });

  it('refuses a failing diagnosis', () => {
    given(event.registered(), event.received(), event.evaluated(), event.diagnosed({ verdict: 'fail' }))
      .when(command.issue())
      .thenViolates('certification-needs-passing-diagnosis');
  });

  it('refuses a passing diagnosis that an evaluation has superseded', () => {
    given(event.registered(), event.received(), event.evaluated(), event.diagnosed(), event.evaluated())
      .when(command.issue())
      .thenViolates('certification-needs-passing-diagnosis');
  });

  it('refuses when the latest diagnosis failed, even after an earlier pass', () => {
    given(...certifiable(), event.diagnosed({ verdict: 'fail' }))
      .when(command.issue())
      .thenViolates('certification-needs-passing-diagnosis');
  });
});

describe('rule active-certificate-exists', () => {
  it('refuses while a certificate is active', () => {
    given(...certified())
      .when(command.issue())
      .thenViolates('active-certificate-exists');
  });

  it('accepts once the certificate expired', () => {
    given(...certified())
      .when(command.issue(), { now: '2027-01-14T08:00:00.000Z' })
      .thenAccepted();
  });

  it('accepts once the certificate was revoked', () => {
    given(...certified(), event.revoked())
      .when(command.issue())
      .thenAccepted();
  });
});

describe('rule certificate-id-taken', () => {
  it('refuses reusing an id this battery already had', () => {
    given(...certified(), event.revoked())
      .when(command.issue({ certificateId: CERTIFICATE }))
      .thenViolates('certificate-id-taken');
  });
});

describe('rule battery-handed-over on certification', () => {
  it('refuses a battery handed over as waste', () => {
    given(...certifiable(), event.handedOver())
      .when(command.issue())
      .thenViolates('battery-handed-over');
  });
});

describe('revocation', () => {
  it('records reason and revocation time (now)', () => {
    given(...certified())
      .when(command.revoke({ reason: 'cell fault found' }))
      .then([batteryEvent('ReuseCertificateRevoked', NOW, { certificateId: CERTIFICATE, reason: 'cell fault found', revokedAt: NOW })]);
  });

  it('an unknown certificate is not found (404)', () => {
    given(...certified())
      .when(command.revoke({ certificateId: 'CERT-X' }))
      .thenNotFound('certificate', 'CERT-X');
  });

  it('needs a reason (400)', () => {
    given(...certified())
      .when(command.revoke({ reason: '' }))
      .thenInvalid('reason');
  });
});

describe('rule certificate-not-active: only an active certificate can be revoked', () => {
  it('refuses a revoked one', () => {
    given(...certified(), event.revoked())
      .when(command.revoke())
      .thenViolates('certificate-not-active');
  });

  it('refuses an expired one', () => {
    given(...certified())
      .when(command.revoke(), { now: '2027-02-01T00:00:00.000Z' })
      .thenViolates('certificate-not-active');
  });
});

describe('certificate status', () => {
  it('is active, then expired at validUntil, or revoked', () => {
    const battery = given(...certified()).state as RegisteredBattery;
    const [certificate] = battery.certificates;
    expect(certificateStatus(certificate!, NOW)).toBe('active');
    expect(certificateStatus(certificate!, '2027-01-14T08:00:00.000Z')).toBe('expired');
    expect(activeCertificate(battery, NOW)).toEqual({
      certificateId: CERTIFICATE,
      applications: ['ess', 'ups'],
      validUntil: '2027-01-14T08:00:00.000Z',
    });
    const revoked = given(...certified(), event.revoked()).state as RegisteredBattery;
    expect(certificateStatus(revoked.certificates[0]!, NOW)).toBe('revoked');
    expect(activeCertificate(revoked, NOW)).toBeNull();
  });
});
