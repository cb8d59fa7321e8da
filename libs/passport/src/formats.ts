/** The passport formats of shared/api.md "Battery passport". */
export const PASSPORT_FORMATS = ['cellpath', 'catenax-6.1.0', 'batterypass-1.2'] as const;
export type PassportFormat = (typeof PASSPORT_FORMATS)[number];

/** The standard formats: a document a schema decides on, and what a source passport may be. */
export const STANDARD_FORMATS = ['catenax-6.1.0', 'batterypass-1.2'] as const;
export type StandardFormat = (typeof STANDARD_FORMATS)[number];

export function isPassportFormat(value: unknown): value is PassportFormat {
  return typeof value === 'string' && (PASSPORT_FORMATS as readonly string[]).includes(value);
}

export function isStandardFormat(value: unknown): value is StandardFormat {
  return typeof value === 'string' && (STANDARD_FORMATS as readonly string[]).includes(value);
}

/** A BatteryPass 1.2 document is one object per schema file of the data model, keyed by its name. */
export const BATTERYPASS_PARTS = [
  'GeneralProductInformation',
  'CarbonFootprintForBatteries',
  'Circularity',
  'Labeling',
  'MaterialComposition',
  'PerformanceAndDurability',
  'SupplyChainDueDiligence',
] as const;
export type BatteryPassPart = (typeof BATTERYPASS_PARTS)[number];

/** A missing or wrong field of a passport document: `field` is a dotted path into it. */
export interface PassportFieldError {
  field: string;
  message: string;
}

/** `GET /batteries/{id}/passport/completeness`: what keeps the export in `format` from being complete. */
export interface PassportCompleteness {
  format: PassportFormat;
  complete: boolean;
  missing: PassportFieldError[];
}
