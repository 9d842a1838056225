import type { Principal, RoleName } from './principal';

export function hasAnyRole(principal: Principal, roles: readonly RoleName[]): boolean {
  return principal.grants.some((g) => roles.includes(g.role));
}

/**
 * The unit paths where the principal holds any of the roles, with paths nested inside another
 * removed (holding a role on a unit covers its subtree).
 */
export function scopePaths(principal: Principal, roles: readonly RoleName[]): string[] {
  const paths = [
    ...new Set(principal.grants.filter((g) => roles.includes(g.role)).map((g) => g.unitPath)),
  ].sort((a, b) => a.length - b.length);
  return paths.filter((p, i) => !paths.slice(0, i).some((q) => p.startsWith(q)));
}

export function pathInScope(scope: readonly string[], unitPath: string): boolean {
  return scope.some((p) => unitPath.startsWith(p));
}

export function unitInScope(
  principal: Principal,
  roles: readonly RoleName[],
  unitPath: string,
): boolean {
  return pathInScope(scopePaths(principal, roles), unitPath);
}
