export const ROLES = ['admin', 'operator', 'evaluator', 'certifier', 'recycler', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
