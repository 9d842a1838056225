import type { Schema } from '../../../api/types';

type Node = Schema<'OrgUnitTreeNodeDto'>;

export interface UnitOption {
  id: string;
  name: string;
  depth: number;
  /** this unit and the units above it, top first */
  line: string[];
}

/** The scope tree, depth first, for selects (indented by depth) and subtree tests. */
export function flattenUnits(tree: Node[], line: string[] = []): UnitOption[] {
  return tree.flatMap((n) => [
    { id: n.id, name: n.name, depth: line.length, line: [...line, n.id] },
    ...flattenUnits(n.children, [...line, n.id]),
  ]);
}

/** Indented with ideographic spaces (U+3000), readable in a native select. */
export function indented(u: UnitOption): string {
  return `${'\u3000'.repeat(u.depth)}${u.name}`;
}
