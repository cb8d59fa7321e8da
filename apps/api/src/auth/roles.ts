/** `authority`: read-only, like `auditor`, plus the passport's authority tier (Annex XIII point 3). */
export const ROLES = ['admin', 'operator', 'evaluator', 'certifier', 'recycler', 'auditor', 'authority'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
