/** The six views' shapes (shared/api.md "Views"): the server's own types, compiled away (import type). */
import type {
  CertificatesView,
  CircularityView,
  GradesView,
  InventoryView,
  LifecycleView,
  MaterialsView,
} from '../../../libs/projections/src/views/view-types';

export type { CertificatesView, CircularityView, GradesView, InventoryView, LifecycleView, MaterialsView };

export interface Views {
  inventory: InventoryView;
  lifecycle: LifecycleView;
  grades: GradesView;
  circularity: CircularityView;
  materials: MaterialsView;
  certificates: CertificatesView;
}
export const VIEW_NAMES = ['inventory', 'lifecycle', 'grades', 'circularity', 'materials', 'certificates'] as const;
