import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '#libs/event-store';
import { ROLES, type Role } from './roles.js';

/**
 * Who may call a route. Every route must declare one: the authentication hook refuses to start
 * a server with a route that has none, so a forgotten decision cannot ship as an open endpoint.
 */
export type Access = { kind: 'public'; identifies?: boolean; refusesUnknownKey?: boolean } | { kind: 'roles'; roles: readonly Role[] };

export interface AccessRouteConfig {
  access?: Access;
}

const accessConfig = (access: Access) => RouteConfig({ access } satisfies AccessRouteConfig);

export const Public = () => applyDecorators(accessConfig({ kind: 'public' }));
/** Open, but a valid key, when sent, sets the actor (the route may show it more); a missing or unknown one is anonymous. */
export const PublicIdentified = () => applyDecorators(accessConfig({ kind: 'public', identifies: true }));
/**
 * Open without a key, but a key that is sent must be valid: 401 (and the failed-authentication
 * budget) otherwise, as on keyed routes, so the route is no unmetered oracle for guessing keys.
 */
export const PublicOrValidKey = () => applyDecorators(accessConfig({ kind: 'public', identifies: true, refusesUnknownKey: true }));
/** `admin` may do everything, so it is implied. */
export const Roles = (...roles: Role[]) => applyDecorators(accessConfig({ kind: 'roles', roles: ['admin', ...roles] }));
/** Any authenticated key, including `auditor`: reads. */
export const AnyRole = () => Roles(...ROLES);

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** The sites a site-scoped key may write at (API_KEYS_FILE `siteIds`); unset: any site. */
    siteScope?: readonly string[];
  }
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<FastifyRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
