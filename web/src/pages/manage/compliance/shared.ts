import { api, ok } from '../../../api/client';
import type { RoleName, Schema } from '../../../api/types';
import { useAuthStore } from '../../../stores/auth';
import { formatPercent } from '../../../format-time';

export type Plan = Schema<'PlanResponseDto'>;
/** A rate of the compliance figures: n / d, percent, target, met. */
export type Rate = Schema<'TargetRateDto'>;
export type UnitNode = Schema<'OrgUnitTreeNodeDto'>;

/** "3 / 7（42.9%）"; "0 / 0（—）" when there is nobody to count. */
export function rateText(r: Rate): string {
  return `${r.numerator} / ${r.denominator}（${formatPercent(r.percent) || '—'}）`;
}

/** 目标 100.0%；达标 / 未达标 in words (never by colour alone). */
export function targetText(r: Rate): string {
  if (r.target === null) return '无目标';
  const target = `目标 ${formatPercent(r.target)}`;
  return r.met === null ? target : `${target}，${r.met ? '达标' : '未达标'}`;
}

/** Every plan the caller can see (plans are few: one per unit and year). */
export async function loadPlans(): Promise<Plan[]> {
  const out: Plan[] = [];
  for (let page = 1; ; page++) {
    const res = await ok(api.GET('/plans', { params: { query: { page, pageSize: 100 } } }));
    out.push(...res.items);
    if (out.length >= res.total || res.items.length === 0) return out;
  }
}

/** The org tree in the caller's scope (roots of their grants). */
export async function loadUnitTree(): Promise<UnitNode[]> {
  return ok(api.GET('/org-units/tree'));
}

/** The subtree under a unit, depth first as the tree shows it, with each unit's depth below it. */
export function subtreeOf(roots: UnitNode[], unitId: string): { unit: UnitNode; level: number }[] {
  const find = (nodes: UnitNode[]): UnitNode | null => {
    for (const n of nodes) {
      if (n.id === unitId) return n;
      const hit = find(n.children);
      if (hit) return hit;
    }
    return null;
  };
  const root = find(roots);
  const out: { unit: UnitNode; level: number }[] = [];
  const walk = (n: UnitNode, level: number) => {
    out.push({ unit: n, level });
    for (const c of n.children) walk(c, level + 1);
  };
  if (root) walk(root, 0);
  return out;
}

/**
 * Whether the caller holds one of the roles over the unit (on the unit itself or an ancestor):
 * the server decides in the end; this only hides buttons it would refuse.
 */
export function useRolesOver() {
  const auth = useAuthStore();
  return (roles: readonly RoleName[], unitId: string, tree: UnitNode[]): boolean => {
    const grants = (auth.me?.roles ?? []).filter((g) => roles.includes(g.role as RoleName));
    return grants.some((g) => subtreeOf(tree, g.unit.id).some((x) => x.unit.id === unitId));
  };
}
