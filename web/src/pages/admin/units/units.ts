import { ref } from 'vue';
import { api, ok } from '../../../api/client';
import type { Schema } from '../../../api/types';
import { UNIT_KINDS } from '../../../labels';

export type UnitNode = Schema<'OrgUnitTreeNodeDto'>;

export function unitKindLabel(kind: string): string {
  return UNIT_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

/** One option of a unit picker: the tree in depth-first order, the name indented by level. */
export interface UnitOption {
  id: string;
  name: string;
  label: string;
  level: number;
}

/** The tree as picker options, depth first, children in sortOrder then name order. */
export function flattenUnits(nodes: readonly UnitNode[], level = 0): UnitOption[] {
  const sorted = [...nodes].sort(
    (a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN'),
  );
  return sorted.flatMap((n) => [
    { id: n.id, name: n.name, label: `${'\u3000'.repeat(level)}${n.name}`, level },
    ...flattenUnits(n.children ?? [], level + 1),
  ]);
}

/** The node with this id anywhere in the tree, or null. */
export function findUnit(nodes: readonly UnitNode[], id: string): UnitNode | null {
  for (const n of nodes) {
    if (n.id === id) return n;
    const hit = findUnit(n.children ?? [], id);
    if (hit) return hit;
  }
  return null;
}

/** The caller's unit tree and the same as picker options. */
export function useUnitTree() {
  const tree = ref<UnitNode[]>([]);
  const options = ref<UnitOption[]>([]);
  const error = ref('');
  async function loadUnits(): Promise<void> {
    tree.value = await ok(api.GET('/org-units/tree'));
    options.value = flattenUnits(tree.value);
  }
  return { tree, options, error, loadUnits };
}
