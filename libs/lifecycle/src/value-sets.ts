/**
 * Value sets of the HTTP contract (shared/api.md "Value sets"), as `as const` arrays so DTO
 * validators and the domain share one list.
 */
export const LEVELS = ['pack', 'module', 'cell'] as const;
export type Level = (typeof LEVELS)[number];

export const CATEGORIES = ['ev', 'industrial', 'lmt', 'stationary'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CHEMISTRIES = ['NMC', 'NCA', 'LFP', 'LMO', 'LTO', 'other'] as const;
export type Chemistry = (typeof CHEMISTRIES)[number];

export const RECEIPT_SOURCES = ['oem', 'dealer', 'scrapyard', 'owner', 'collector', 'other'] as const;
export type ReceiptSource = (typeof RECEIPT_SOURCES)[number];

/** Hazard classes a receipt may declare. */
export const HAZARD_CLASSES = ['intact', 'damaged-non-critical', 'damaged-critical'] as const;
export type HazardClass = (typeof HAZARD_CLASSES)[number];

/** A battery's hazard class also becomes `waste` (ADR SP 377) once handed over for recycling. */
export const BATTERY_HAZARD_CLASSES = [...HAZARD_CLASSES, 'waste'] as const;
export type BatteryHazardClass = (typeof BATTERY_HAZARD_CLASSES)[number];

export const EVALUATION_METHODS = ['full-capacity-test', 'bms-data', 'hppc', 'eis', 'other'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

/** `visualInspection`, a diagnosis test's `result` and a diagnosis `verdict`. */
export const PASS_FAIL = ['pass', 'fail'] as const;
export type PassFail = (typeof PASS_FAIL)[number];

export const DIAGNOSIS_TEST_NAMES = [
  'capacity',
  'dcir',
  'hppc',
  'eis',
  'insulation',
  'thermal-imaging',
  'bms-software',
  'visual',
  'other',
] as const;
export type DiagnosisTestName = (typeof DIAGNOSIS_TEST_NAMES)[number];

export const GRADES = ['A', 'B', 'C'] as const;
export type Grade = (typeof GRADES)[number];

export const APPLICATIONS = ['ess', 'ev', 'lmt', 'ups', 'ev-charger', 'subscription', 'other'] as const;
export type Application = (typeof APPLICATIONS)[number];

export const SECOND_LIFE_KINDS = ['re-used', 'repurposed', 'remanufactured'] as const;
export type SecondLifeKind = (typeof SECOND_LIFE_KINDS)[number];

export const RECYCLING_PROCESSES = ['hydrometallurgy', 'pyrometallurgy', 'direct', 'mechanical'] as const;
export type RecyclingProcess = (typeof RECYCLING_PROCESSES)[number];

/** The formats of a manufacturer's passport that can be attached (shared/api.md "Battery passport"). */
export const PASSPORT_SOURCE_FORMATS = ['catenax-6.1.0', 'batterypass-1.2'] as const;
export type PassportSourceFormat = (typeof PASSPORT_SOURCE_FORMATS)[number];

export const PASSPORT_STATUSES = ['original', 're-used', 'repurposed', 'remanufactured', 'waste'] as const;
export type PassportStatus = (typeof PASSPORT_STATUSES)[number];

/** In lifecycle order: a battery's `stage` is the furthest of these it has reached. */
export const STAGES = ['registered', 'received', 'evaluated', 'diagnosed', 'certified', 'second-life', 'handed-over', 'recycled'] as const;
export type Stage = (typeof STAGES)[number];

export const ZONE_KINDS = ['standard', 'isolation'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

/** Declared material content (registration) and recovered mass (recycling outcome), in kg. */
export const MATERIAL_FIELDS = ['lithiumKg', 'cobaltKg', 'nickelKg', 'manganeseKg', 'copperKg', 'aluminiumKg', 'graphiteKg'] as const;
export type MaterialField = (typeof MATERIAL_FIELDS)[number];
export type Materials = Partial<Record<MaterialField, number>>;

/** Ids (`batteryId`, `siteId`, `zone`, `slot`, `certificateId`): 1–100 of `A-Z a-z 0-9 . _ : -`. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/** Reuse certificate validity in months (`validMonths` of the certificate command). */
export const CERTIFICATE_VALID_MONTHS = { min: 1, max: 60, default: 24 } as const;
