/**
 * The views' and the battery list's JSON shapes (shared/api.md "Views"), types only. This module
 * imports nothing that needs Node, so the console (apps/console) compiles it with the DOM types
 * alone and imports it with `import type`: no code of this library reaches the bundle.
 */
import type { SocBand, SohBand } from '../summaries/bands.js';
import type {
  Application,
  Chemistry,
  Grade,
  HazardClass,
  MaterialField,
  PassportStatus,
  SecondLifeKind,
  Stage,
  ZoneKind,
} from '../../../lifecycle/src/value-sets.js';
import type { BatteryLocation } from '../../../lifecycle/src/battery-state.js';

export interface InventoryZone {
  zone: string;
  kind: ZoneKind;
  capacity: number;
  occupied: number;
  free: number;
  byHazardClass: Record<HazardClass, number>;
  bySocBand: Record<SocBand, number>;
  /** Mean days since the stored batteries entered their slots, 2 decimals; null when empty. */
  meanDwellDays: number | null;
}

export interface InventoryView {
  asOfPosition: string;
  sites: { siteId: string; zones: InventoryZone[] }[];
}

export interface LifecycleView {
  asOfPosition: string;
  total: number;
  byStage: Record<Stage, number>;
  byStatus: Record<PassportStatus, number>;
  /** Batteries transferred to another organisation (still counted in `total`, stages and statuses). */
  transferredOut: number;
}

export type ChemistryGrades = Record<Grade, number> & { sohHistogram: Record<SohBand, number> };

export interface GradesView {
  asOfPosition: string;
  byChemistry: Record<Chemistry, ChemistryGrades>;
}

export interface CircularityView {
  asOfPosition: string;
  received: number;
  evaluated: number;
  secondLife: {
    total: number;
    byKind: Record<SecondLifeKind, number>;
    byApplication: Record<Application, number>;
    energyKWh: number;
  };
  handedOver: number;
  recycled: number;
  /** Batteries transferred to another organisation, whose further steps are counted there. */
  transferredOut: number;
  /** Second life ÷ (second life + handed over), 0–1, unrounded; null before either happened. */
  secondLifeShare: number | null;
}

export type Element = MaterialField extends `${infer Name}Kg` ? Name : never;

export interface ElementRecovery {
  declaredKg: number;
  recoveredKg: number;
  recoveryPct: number | null;
  targetPct: number | null;
}

export interface MaterialsView {
  asOfPosition: string;
  batteriesRecycled: number;
  inputMassKg: number;
  elements: Record<Element, ElementRecovery>;
  recyclingEfficiencyPct: number | null;
}

export interface CertificatesView {
  asOfPosition: string;
  issued: number;
  active: number;
  revoked: number;
  /** `validUntil` ≤ now and never revoked. */
  expired: number;
  /** Issued certificates naming each application. */
  byApplication: Record<Application, number>;
}

export interface BatteryListItem {
  batteryId: string;
  status: PassportStatus;
  stage: Stage;
  chemistry: Chemistry;
  grade: Grade | null;
  location: BatteryLocation | null;
}

export interface BatteryList {
  asOfPosition: string;
  items: BatteryListItem[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}
