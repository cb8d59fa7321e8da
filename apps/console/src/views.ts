/** The six views' shapes (shared/api.md "Views"). */
export type Counts = Record<string, number>;

export interface InventoryView {
  asOfPosition: string;
  sites: {
    siteId: string;
    zones: {
      zone: string;
      kind: string;
      capacity: number;
      occupied: number;
      byHazardClass: Counts;
      bySocBand: Counts;
      meanDwellDays: number | null;
    }[];
  }[];
}
export interface LifecycleView {
  asOfPosition: string;
  total: number;
  byStage: Counts;
  byStatus: Counts;
}
export interface GradesView {
  asOfPosition: string;
  byChemistry: Record<string, { A: number; B: number; C: number; sohHistogram: Counts }>;
}
export interface CircularityView {
  asOfPosition: string;
  received: number;
  evaluated: number;
  secondLife: { total: number; byKind: Counts; byApplication: Counts; energyKWh: number };
  handedOver: number;
  recycled: number;
  secondLifeShare: number | null;
}
export interface MaterialsView {
  asOfPosition: string;
  batteriesRecycled: number;
  inputMassKg: number;
  elements: Record<string, { declaredKg: number; recoveredKg: number; recoveryPct: number | null; targetPct: number | null }>;
  recyclingEfficiencyPct: number | null;
}
export interface CertificatesView {
  asOfPosition: string;
  issued: number;
  active: number;
  revoked: number;
  expired: number;
  byApplication: Counts;
}

export interface Views {
  inventory: InventoryView;
  lifecycle: LifecycleView;
  grades: GradesView;
  circularity: CircularityView;
  materials: MaterialsView;
  certificates: CertificatesView;
}
export const VIEW_NAMES = ['inventory', 'lifecycle', 'grades', 'circularity', 'materials', 'certificates'] as const;
