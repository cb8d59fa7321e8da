/** Annex XIII access tiers, from the widest audience to the narrowest. */
export const TIERS = ['public', 'legitimate-interest', 'authority'] as const;
export type Tier = (typeof TIERS)[number];

/** Roles that read the authority tier (Annex XIII point 3: notified bodies, market surveillance). */
const AUTHORITY_ROLES = ['admin', 'authority'];

/** No key: public; any role: legitimate interest; `authority` or `admin`: authority. */
export function tierOf(roles: readonly string[] | undefined): Tier {
  if (roles === undefined) return 'public';
  return roles.some((role) => AUTHORITY_ROLES.includes(role)) ? 'authority' : 'legitimate-interest';
}

/** Whether a reader of tier `reader` may see a data point of tier `point`. */
export function mayRead(reader: Tier, point: Tier): boolean {
  return TIERS.indexOf(point) <= TIERS.indexOf(reader);
}
