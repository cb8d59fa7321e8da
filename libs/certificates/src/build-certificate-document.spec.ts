import { buildCertificateDocument } from './build-certificate-document.js';
import { canonicalJson } from '#libs/canonical-json';
import { certificateInput } from '../test/certificate-fixtures.js';

describe('buildCertificateDocument', () => {
  it('builds the contract document from the battery, its latest evaluation and diagnosis', () => {
    const certificate = buildCertificateDocument(certificateInput());
    expect(certificate).toEqual({
      certificateId: 'CERT-2025-000123',
      batteryId: 'KR-HMC-NE-2019-0042:M03',
      battery: {
        model: 'NE-60 module',
        manufacturer: 'Example Cell Co.',
        chemistry: 'NMC',
        category: 'ev',
        level: 'module',
        manufacturingDate: '2019-06-14',
        ratedCapacityAh: 120,
        ratedEnergyKWh: 5.3,
        nominalVoltageV: 44.4,
        remainingCapacityAh: 103.8,
        remainingEnergyKWh: 4.58,
      },
      evidence: {
        grade: 'A',
        stateOfHealthPct: 86.5,
        evaluationMethod: 'full-capacity-test',
        evaluatedAt: '2025-03-03T08:15:00.000Z',
        internalResistanceMOhm: 1.9,
        diagnosisVerdict: 'pass',
        tests: [
          { name: 'capacity', result: 'pass', value: 103.8, unit: 'Ah' },
          { name: 'insulation', result: 'pass', value: 520, unit: 'MΩ' },
          { name: 'visual', result: 'pass' },
        ],
        diagnosedAt: '2025-03-04T10:00:00.000Z',
        standard: 'KC 10031',
      },
      applications: ['ess', 'ups'],
      issuedAt: '2025-03-05T09:30:00.000Z',
      validUntil: '2027-03-05T09:30:00.000Z',
      issuer: { keyId: 'key-certifier-01', roles: ['certifier'] },
      batteryRevision: 5,
      historyHash: '9f2c5a1e0b7d4c3f8a6e2d1c0b9a8f7e6d5c4b3a29181706f5e4d3c2b1a09f8e',
    });
  });

  it('leaves absent optional fields out entirely rather than undefined', () => {
    const base = certificateInput();
    const certificate = buildCertificateDocument({
      ...base,
      battery: { ...base.battery, manufacturingDate: undefined },
      evaluation: { ...base.evaluation, remainingEnergyKWh: undefined, internalResistanceMOhm: undefined },
      diagnosis: { ...base.diagnosis, standard: undefined },
      issuer: { keyId: 'key-x' },
    });
    expect('manufacturingDate' in certificate.battery).toBe(false);
    expect('remainingEnergyKWh' in certificate.battery).toBe(false);
    expect('internalResistanceMOhm' in certificate.evidence).toBe(false);
    expect('standard' in certificate.evidence).toBe(false);
    expect(certificate.issuer).toEqual({ keyId: 'key-x' });
    expect(JSON.parse(canonicalJson(certificate))).toEqual(certificate);
  });

  it('copies only known fields, so extra read-model fields never enter the signed document', () => {
    const base = certificateInput();
    const battery = { ...base.battery, materials: { lithiumKg: 1 }, location: { siteId: 'S1' } };
    const certificate = buildCertificateDocument({ ...base, battery });
    expect(canonicalJson(certificate)).not.toMatch(/materials|location|lithiumKg/);
  });

  it('states validUntil as the issue decided it, and refuses one not after issuedAt', () => {
    expect(buildCertificateDocument(certificateInput({ validUntil: '2025-04-05T09:30:00Z' })).validUntil).toBe('2025-04-05T09:30:00.000Z');
    expect(() => buildCertificateDocument(certificateInput({ validUntil: '2025-03-05T09:30:00.000Z' }))).toThrow(RangeError);
    expect(() => buildCertificateDocument(certificateInput({ validUntil: 'later' }))).toThrow(RangeError);
  });

  it('refuses an unparseable issue time and an empty application list', () => {
    expect(() => buildCertificateDocument(certificateInput({ issuedAt: 'yesterday' }))).toThrow(RangeError);
    expect(() => buildCertificateDocument(certificateInput({ applications: [] }))).toThrow(RangeError);
  });
});
