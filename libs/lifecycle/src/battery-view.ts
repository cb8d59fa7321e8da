import type { BatteryLocation, DiagnosisRecord, EvaluationRecord, RegisteredBattery } from './battery-state.js';
import { activeCertificate, type ActiveCertificate } from './certificates.js';
import type { BatteryHazardClass, Category, Chemistry, Level, Materials, PassportStatus, Stage } from './value-sets.js';

/** The body of `GET /api/v1/batteries/{id}` (contract fields, plus a few the contract allows). */
export interface BatteryView {
  batteryId: string;
  level: Level;
  category: Category;
  chemistry: Chemistry;
  manufacturer: string;
  model: string;
  manufacturingDate: string;
  massKg: number;
  ratedCapacityAh: number;
  ratedEnergyKWh: number;
  nominalVoltageV: number;
  serialNumber?: string;
  manufacturingPlace?: string;
  parentBatteryId?: string;
  materials: Materials;
  status: PassportStatus;
  stage: Stage;
  hazardClass: BatteryHazardClass | null;
  location: BatteryLocation | null;
  stateOfChargePct: number | null;
  latestEvaluation: EvaluationRecord | null;
  latestDiagnosis: DiagnosisRecord | null;
  activeCertificate: ActiveCertificate | null;
  predecessorIds: string[];
  successorIds: string[];
  revision: number;
}

/** `now` decides which certificate is still active; pass `asOf` for a historical view. */
export function batteryView(battery: RegisteredBattery, now: string): BatteryView {
  const view: BatteryView = {
    batteryId: battery.batteryId,
    level: battery.level,
    category: battery.category,
    chemistry: battery.chemistry,
    manufacturer: battery.manufacturer,
    model: battery.model,
    manufacturingDate: battery.manufacturingDate,
    massKg: battery.massKg,
    ratedCapacityAh: battery.ratedCapacityAh,
    ratedEnergyKWh: battery.ratedEnergyKWh,
    nominalVoltageV: battery.nominalVoltageV,
    materials: battery.materials,
    status: battery.status,
    stage: battery.stage,
    hazardClass: battery.hazardClass,
    location: battery.location,
    stateOfChargePct: battery.stateOfChargePct,
    latestEvaluation: battery.latestEvaluation,
    latestDiagnosis: battery.latestDiagnosis,
    activeCertificate: activeCertificate(battery, now),
    predecessorIds: battery.predecessorIds,
    successorIds: battery.successorIds,
    revision: battery.revision,
  };
  if (battery.serialNumber !== undefined) view.serialNumber = battery.serialNumber;
  if (battery.manufacturingPlace !== undefined) view.manufacturingPlace = battery.manufacturingPlace;
  if (battery.parentBatteryId !== undefined) view.parentBatteryId = battery.parentBatteryId;
  return view;
}
