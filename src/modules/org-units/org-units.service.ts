import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { Principal, RoleName } from '../../common/auth';
import { pathInScope, scopePaths } from '../../common/auth';
import type { Page } from '../../common/pagination/pagination';
import { offsetOf, pageOf } from '../../common/pagination/pagination';
import { TransactionHost } from '../../database/transaction-host';
import { AuditService } from '../audit';
import type {
  CreateOrgUnitDto,
  ListOrgUnitsQueryDto,
  OrgUnitResponseDto,
  OrgUnitTreeNodeDto,
  UpdateOrgUnitDto,
} from './dto/org-unit.dto';
import { OrgUnitEntity } from './entities/org-unit.entity';
import type { OrgUnitKind } from './entities/org-unit.entity';
import { toOrgUnitResponse, toTree } from './org-unit.mapper';
import { OrgUnitRepository } from './org-unit.repository';
import { OrgUnitErrors } from './org-units.errors';

/** Roles that may see units (and the people in them) inside their scope. */
export const UNIT_READER_ROLES: readonly RoleName[] = ['admin', 'hr', 'secretary'];
const WRITER: readonly RoleName[] = ['admin'];

export interface NewOrgUnit {
  parentId: string | null;
  code: string;
  name: string;
  kind: OrgUnitKind;
  sortOrder?: number;
}

@Injectable()
export class OrgUnitsService {
  constructor(
    private readonly units: OrgUnitRepository,
    private readonly tx: TransactionHost,
    private readonly audit: AuditService,
  ) {}

  async create(principal: Principal, dto: CreateOrgUnitDto): Promise<OrgUnitResponseDto> {
    const parent = await this.units.findById(dto.parentId);
    if (!parent || !pathInScope(scopePaths(principal, WRITER), parent.path)) {
      throw OrgUnitErrors.PARENT_NOT_FOUND();
    }
    return this.tx.run(async () => {
      const unit = await this.createUnit(dto);
      await this.audit.record({
        action: 'org_unit.create',
        target: { type: 'org_unit', id: unit.id },
        unitId: unit.id,
        details: { code: unit.code, name: unit.name, parentId: unit.parentId },
      });
      return toOrgUnitResponse(unit);
    });
  }

  /** Creates a unit without scope checks (seed, CLI). */
  async createUnit(input: NewOrgUnit): Promise<OrgUnitEntity> {
    return this.tx.run(async () => {
      if (await this.units.findByCode(input.code)) {
        throw OrgUnitErrors.CODE_TAKEN({ code: input.code });
      }
      const parent = input.parentId ? await this.units.findById(input.parentId) : null;
      if (input.parentId && !parent) throw OrgUnitErrors.PARENT_NOT_FOUND();
      const unit = new OrgUnitEntity();
      unit.id = randomUUID();
      unit.parentId = parent?.id ?? null;
      unit.code = input.code;
      unit.name = input.name;
      unit.kind = input.kind;
      unit.sortOrder = input.sortOrder ?? 0;
      unit.path = `${parent?.path ?? '/'}${unit.id}/`;
      unit.depth = parent ? parent.depth + 1 : 0;
      await this.units.insert(unit);
      return (await this.units.findById(unit.id)) ?? unit;
    });
  }

  async list(principal: Principal, query: ListOrgUnitsQueryDto): Promise<Page<OrgUnitResponseDto>> {
    const scope = scopePaths(principal, UNIT_READER_ROLES);
    if (!scope.length) return pageOf([], 0, query);
    const [rows, total] = await this.units.search({
      scopePaths: scope,
      parentId: query.parentId,
      kind: query.kind,
      q: query.q,
      offset: offsetOf(query),
      limit: query.pageSize,
    });
    return pageOf(rows.map(toOrgUnitResponse), total, query);
  }

  async tree(principal: Principal): Promise<OrgUnitTreeNodeDto[]> {
    return toTree(await this.units.subtrees(scopePaths(principal, UNIT_READER_ROLES)));
  }

  async get(principal: Principal, id: string): Promise<OrgUnitResponseDto> {
    return toOrgUnitResponse(await this.requireInScope(principal, id, UNIT_READER_ROLES));
  }

  async update(
    principal: Principal,
    id: string,
    dto: UpdateOrgUnitDto,
  ): Promise<OrgUnitResponseDto> {
    const scope = scopePaths(principal, WRITER);
    return this.tx.run(async () => {
      const unit = await this.requireInScope(principal, id, WRITER);
      const patch: Partial<OrgUnitEntity> = {};
      if (dto.code !== undefined && dto.code !== unit.code) {
        if (await this.units.findByCode(dto.code)) {
          throw OrgUnitErrors.CODE_TAKEN({ code: dto.code });
        }
        patch.code = dto.code;
      }
      if (dto.name !== undefined && dto.name !== unit.name) patch.name = dto.name;
      if (dto.kind !== undefined && dto.kind !== unit.kind) patch.kind = dto.kind;
      if (dto.sortOrder !== undefined && dto.sortOrder !== unit.sortOrder) {
        patch.sortOrder = dto.sortOrder;
      }
      if (dto.parentId !== undefined && dto.parentId !== unit.parentId) {
        if (scope.includes(unit.path)) throw OrgUnitErrors.ROOT_MOVE();
        const parent = await this.units.findById(dto.parentId);
        if (!parent || !pathInScope(scope, parent.path)) throw OrgUnitErrors.PARENT_NOT_FOUND();
        if (parent.path.startsWith(unit.path)) throw OrgUnitErrors.CYCLE();
        await this.units.movePaths(
          unit.path,
          `${parent.path}${unit.id}/`,
          parent.depth + 1 - unit.depth,
        );
        patch.parentId = parent.id;
      }
      if (!Object.keys(patch).length) return toOrgUnitResponse(unit);
      await this.units.update(unit.id, patch);
      await this.audit.record({
        action: 'org_unit.update',
        target: { type: 'org_unit', id: unit.id },
        unitId: unit.id,
        details: { changes: patch },
      });
      const updated = await this.units.findById(unit.id);
      return toOrgUnitResponse(updated ?? unit);
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.tx.run(async () => {
      const unit = await this.requireInScope(principal, id, WRITER);
      if (await this.units.hasChildren(unit.id)) throw OrgUnitErrors.NOT_EMPTY();
      await this.audit.record({
        action: 'org_unit.delete',
        target: { type: 'org_unit', id: unit.id },
        unitId: unit.parentId,
        details: { code: unit.code, name: unit.name },
      });
      try {
        await this.units.delete(unit.id);
      } catch (e) {
        // staff or role assignments still point at the unit (FK RESTRICT)
        if (e instanceof QueryFailedError) throw OrgUnitErrors.NOT_EMPTY();
        throw e;
      }
    });
  }

  // ---- for other modules ----

  findById(id: string): Promise<OrgUnitEntity | null> {
    return this.units.findById(id);
  }

  findByIds(ids: string[]): Promise<OrgUnitEntity[]> {
    return this.units.findByIds(ids);
  }

  findByCodes(codes: string[]): Promise<OrgUnitEntity[]> {
    return this.units.findByCodes(codes);
  }

  async isEmpty(): Promise<boolean> {
    return (await this.units.count()) === 0;
  }

  /** The unit, if it exists and lies in the principal's scope for the roles; else 404. */
  async requireInScope(
    principal: Principal,
    id: string,
    roles: readonly RoleName[],
  ): Promise<OrgUnitEntity> {
    const unit = await this.units.findById(id);
    if (!unit || !pathInScope(scopePaths(principal, roles), unit.path)) {
      throw OrgUnitErrors.NOT_FOUND();
    }
    return unit;
  }

  /** Units in the principal's scope for the roles, as a forest (for pickers and templates). */
  async unitsInScope(principal: Principal, roles: readonly RoleName[]): Promise<OrgUnitEntity[]> {
    return this.units.subtrees(scopePaths(principal, roles));
  }
}
