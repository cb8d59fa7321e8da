import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCertificateDocument, type BuildCertificateInput, type CertificateDocument } from '../src/index.js';

/** A realistic issue: NMC module, grade A, passing diagnosis under KC 10031. */
export function certificateInput(overrides: Partial<BuildCertificateInput> = {}): BuildCertificateInput {
  return {
    certificateId: 'CERT-2025-000123',
    battery: {
      batteryId: 'KR-HMC-NE-2019-0042:M03',
      model: 'NE-60 module',
      manufacturer: 'Example Cell Co.',
      chemistry: 'NMC',
      category: 'ev',
      level: 'module',
      ratedCapacityAh: 120,
      ratedEnergyKWh: 5.3,
      nominalVoltageV: 44.4,
      manufacturingDate: '2019-06-14',
    },
    evaluation: {
      grade: 'A',
      stateOfHealthPct: 86.5,
      method: 'full-capacity-test',
      occurredAt: '2025-03-03T08:15:00.000Z',
      remainingCapacityAh: 103.8,
      remainingEnergyKWh: 4.58,
      internalResistanceMOhm: 1.9,
    },
    diagnosis: {
      verdict: 'pass',
      tests: [
        { name: 'capacity', result: 'pass', value: 103.8, unit: 'Ah' },
        { name: 'insulation', result: 'pass', value: 520, unit: 'MΩ' },
        { name: 'visual', result: 'pass' },
      ],
      occurredAt: '2025-03-04T10:00:00.000Z',
      standard: 'KC 10031',
    },
    applications: ['ess', 'ups'],
    issuedAt: '2025-03-05T09:30:00.000Z',
    validUntil: '2027-03-05T09:30:00.000Z',
    issuer: { keyId: 'key-certifier-01', roles: ['certifier'] },
    batteryRevision: 5,
    historyHash: '9f2c5a1e0b7d4c3f8a6e2d1c0b9a8f7e6d5c4b3a29181706f5e4d3c2b1a09f8e',
    ...overrides,
  };
}

export function sampleCertificate(overrides: Partial<BuildCertificateInput> = {}): CertificateDocument {
  return buildCertificateDocument(certificateInput(overrides));
}

export function temporaryDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'cellpath-certificates-'));
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The same base64url text with its last character's lowest bit flipped. For a 64-byte signature
 * that bit is one of the 4 pad bits: Node decodes both texts to the same bytes.
 */
export function withOtherPadBits(value: string): string {
  return value.slice(0, -1) + BASE64URL_ALPHABET[BASE64URL_ALPHABET.indexOf(value.at(-1)!) ^ 1];
}
