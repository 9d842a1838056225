import type { OrgUnitResponseDto, OrgUnitTreeNodeDto } from './dto/org-unit.dto';
import type { OrgUnitEntity } from './entities/org-unit.entity';

export function toOrgUnitResponse(u: OrgUnitEntity): OrgUnitResponseDto {
  return {
    id: u.id,
    parentId: u.parentId,
    code: u.code,
    name: u.name,
    kind: u.kind,
    depth: u.depth,
    sortOrder: u.sortOrder,
  };
}

/** Builds forests from units ordered by depth; units whose parent is absent become roots. */
export function toTree(units: OrgUnitEntity[]): OrgUnitTreeNodeDto[] {
  const nodes = new Map<string, OrgUnitTreeNodeDto>();
  const roots: OrgUnitTreeNodeDto[] = [];
  for (const u of units) {
    const node: OrgUnitTreeNodeDto = { ...toOrgUnitResponse(u), children: [] };
    nodes.set(u.id, node);
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
