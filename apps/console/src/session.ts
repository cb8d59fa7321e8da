import { ApiClient } from './api';

export const ROLES = ['admin', 'operator', 'evaluator', 'certifier', 'recycler', 'auditor', 'authority'] as const;
/** Roles that only read: they are offered no daily-work forms. */
export const READ_ONLY_ROLES: readonly Role[] = ['auditor', 'authority'];
export type Role = (typeof ROLES)[number];

export interface Session {
  client: ApiClient;
  keyId: string;
  roles: Role[];
  /** `admin` may do everything, as on the server. */
  may(...roles: Role[]): boolean;
}

// sessionStorage: gone when the tab closes, never sent anywhere but in the Authorization header.
const KEY = 'cellpath.console.apiKey';

export const storedKey = (): string | null => sessionStorage.getItem(KEY);
export const forgetKey = (): void => sessionStorage.removeItem(KEY);

/** Asks the server who the key is (GET /api/v1/me); keeps the key only when it is valid. */
export async function signIn(key: string): Promise<Session> {
  const client = new ApiClient(key);
  const me = await client.get<{ keyId: string; roles: Role[] }>('/me');
  sessionStorage.setItem(KEY, key);
  return {
    client,
    keyId: me.keyId,
    roles: me.roles,
    may: (...roles) => me.roles.includes('admin') || roles.some((role) => me.roles.includes(role)),
  };
}
