import { randomUUID } from 'node:crypto';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A realistic NMC traction pack (~64 kWh, ~400 kg), unique per call. */
export function aBatteryRegistration(overrides: Record<string, unknown> = {}) {
  return {
    batteryId: unique('BAT'),
    level: 'pack',
    category: 'ev',
    chemistry: 'NMC',
    manufacturer: 'Hyundai Mobis',
    model: 'IONIQ 5 Long Range pack',
    manufacturingDate: '2021-03-15',
    massKg: 410,
    ratedCapacityAh: 180,
    ratedEnergyKWh: 64,
    nominalVoltageV: 355,
    materials: { lithiumKg: 6.2, cobaltKg: 4.1, nickelKg: 24.5, manganeseKg: 4.3, copperKg: 18, aluminiumKg: 95, graphiteKg: 48 },
    ...overrides,
  };
}

export function aSite(zones = [{ zone: 'Z-A', kind: 'standard', capacity: 2 }, { zone: 'Z-ISO', kind: 'isolation', capacity: 1 }]) {
  return { siteId: unique('SITE'), name: 'Ulsan evaluation and storage centre', zones };
}
