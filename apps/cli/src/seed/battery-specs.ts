import { journey } from '#libs/battery-journey';
import type { Category, Chemistry, MaterialField, RecordRecyclingOutcome, RegisterBattery } from '#libs/lifecycle';
import { Random, round } from './random.js';

/** Roughly the used-battery intake of a Korean centre around 2025: mostly NMC traction packs, LFP rising. */
const CHEMISTRY_MIX: Record<Chemistry, number> = { NMC: 45, LFP: 28, NCA: 12, LMO: 7, LTO: 3, other: 5 };
const CATEGORY_MIX: Record<Category, number> = { ev: 70, stationary: 10, industrial: 10, lmt: 10 };

/** Pack-level specific energy, Wh/kg. */
const SPECIFIC_ENERGY: Record<Chemistry, number> = { NMC: 160, NCA: 170, LFP: 130, LMO: 110, LTO: 70, other: 100 };

/** Declared material content per kWh of rated energy (kg/kWh), pack level, from public teardown averages. */
const MATERIALS_PER_KWH: Record<Chemistry, Record<MaterialField, number>> = {
  NMC: { lithiumKg: 0.12, cobaltKg: 0.12, nickelKg: 0.6, manganeseKg: 0.12, copperKg: 0.6, aluminiumKg: 1.0, graphiteKg: 1.0 },
  NCA: { lithiumKg: 0.1, cobaltKg: 0.09, nickelKg: 0.7, manganeseKg: 0, copperKg: 0.55, aluminiumKg: 1.0, graphiteKg: 1.0 },
  LFP: { lithiumKg: 0.1, cobaltKg: 0, nickelKg: 0, manganeseKg: 0, copperKg: 0.7, aluminiumKg: 1.2, graphiteKg: 1.1 },
  LMO: { lithiumKg: 0.1, cobaltKg: 0, nickelKg: 0, manganeseKg: 1.2, copperKg: 0.7, aluminiumKg: 1.0, graphiteKg: 1.1 },
  LTO: { lithiumKg: 0.25, cobaltKg: 0, nickelKg: 0, manganeseKg: 0.5, copperKg: 0.3, aluminiumKg: 1.8, graphiteKg: 0 },
  other: { lithiumKg: 0.1, cobaltKg: 0.05, nickelKg: 0.3, manganeseKg: 0.1, copperKg: 0.6, aluminiumKg: 1.0, graphiteKg: 1.0 },
};

const MAKERS: Record<Chemistry, readonly string[]> = {
  NMC: ['LG Energy Solution', 'SK On', 'Samsung SDI'],
  NCA: ['Panasonic', 'Samsung SDI'],
  LFP: ['CATL', 'BYD', 'LG Energy Solution'],
  LMO: ['AESC', 'LG Energy Solution'],
  LTO: ['Toshiba'],
  other: ['Kokam', 'Various'],
};

/** Rated energy range (kWh) and nominal voltages per category. */
const PACKS: Record<Category, { kWh: [number, number]; volts: readonly number[] }> = {
  ev: { kWh: [35, 100], volts: [355, 400, 697] },
  stationary: { kWh: [10, 120], volts: [51.2, 409.6] },
  industrial: { kWh: [5, 40], volts: [48, 80] },
  lmt: { kWh: [0.5, 3], volts: [36, 48, 72] },
};

export type Registration = RegisterBattery & { materials: Record<MaterialField, number> };

/** A registration drawn from the intake mix: every field is drawn here, the kit's builder gives the rest. */
export function aRandomRegistration(
  random: Random,
  batteryId: string,
  overrides: { category?: Category; chemistry?: Chemistry; ratedEnergyKWh?: number; predecessorIds?: string[] } = {},
): Registration {
  const chemistry = overrides.chemistry ?? random.weighted(CHEMISTRY_MIX);
  const category = overrides.category ?? random.weighted(CATEGORY_MIX);
  const pack = PACKS[category];
  const ratedEnergyKWh = round(overrides.ratedEnergyKWh ?? random.between(...pack.kWh), 1);
  const nominalVoltageV = random.pick(pack.volts);
  const maker = random.pick(MAKERS[chemistry]);
  const year = 2012 + Math.floor(random.between(0, 10));
  const perKWh = MATERIALS_PER_KWH[chemistry];
  const materials = Object.fromEntries(
    (Object.keys(perKWh) as MaterialField[]).map((field) => [field, round(perKWh[field] * ratedEnergyKWh * random.between(0.9, 1.1), 2)]),
  ) as Record<MaterialField, number>;
  const registration = journey.register({
    batteryId,
    level: 'pack',
    category,
    chemistry,
    manufacturer: maker,
    model: `${maker.split(' ')[0]} ${chemistry} ${ratedEnergyKWh} kWh ${category} pack`,
    manufacturingDate: `${year}-${String(1 + Math.floor(random.between(0, 12))).padStart(2, '0')}-15`,
    massKg: round((ratedEnergyKWh * 1000) / SPECIFIC_ENERGY[chemistry], 1),
    ratedCapacityAh: round((ratedEnergyKWh * 1000) / nominalVoltageV, 1),
    ratedEnergyKWh,
    nominalVoltageV,
    serialNumber: `SN-${batteryId}`,
    materials,
    ...(overrides.predecessorIds ? { predecessorIds: overrides.predecessorIds } : {}),
  });
  return { ...registration, materials };
}

/** Share of each declared element a recycling process recovers: lithium and graphite are the hard ones. */
const RECOVERY_RATES: Record<MaterialField, [number, number]> = {
  lithiumKg: [0.4, 0.85],
  cobaltKg: [0.88, 0.98],
  nickelKg: [0.85, 0.98],
  manganeseKg: [0.5, 0.9],
  copperKg: [0.85, 0.97],
  aluminiumKg: [0.7, 0.95],
  graphiteKg: [0, 0.5],
};

export function aRandomRecyclingOutcome(random: Random, battery: Registration, occurredAt: string): RecordRecyclingOutcome {
  const recovered = Object.fromEntries(
    (Object.keys(RECOVERY_RATES) as MaterialField[]).map((field) => [
      field,
      round(battery.materials[field] * random.between(...RECOVERY_RATES[field]), 2),
    ]),
  );
  return journey.recyclingOutcome(battery.batteryId, {
    process: random.weighted({ hydrometallurgy: 60, pyrometallurgy: 20, direct: 5, mechanical: 15 }),
    inputMassKg: round(battery.massKg * random.between(0.93, 1), 1),
    blackMassKg: round(battery.massKg * random.between(0.3, 0.4), 1),
    recovered,
    occurredAt,
  });
}
