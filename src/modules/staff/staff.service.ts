import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal, RoleName } from '../../common/auth';
import { isEmployed, pathInScope, scopePaths } from '../../common/auth';
import { Clock } from '../../common/clock/clock';
import type { Page } from '../../common/pagination/pagination';
import { offsetOf, pageOf } from '../../common/pagination/pagination';
import { AppConfig } from '../../config';
import { TransactionHost } from '../../database/transaction-host';
import { AuditService } from '../audit';
import { AccountSecurityService } from '../auth';
import { UNIT_READER_ROLES, OrgUnitsService } from '../org-units';
import type { OrgUnitEntity } from '../org-units';
import type {
  CreateStaffDto,
  GrantRoleDto,
  ListStaffQueryDto,
  MeResponseDto,
  PasswordResetResponseDto,
  RoleAssignmentResponseDto,
  StaffCreatedResponseDto,
  StaffDetailResponseDto,
  StaffResponseDto,
  UpdateStaffDto,
} from './dto/staff.dto';
import { RoleAssignmentEntity } from './entities/role-assignment.entity';
import { StaffEntity } from './entities/staff.entity';
import { RoleAssignmentRepository } from './role-assignment.repository';
import { toRoleResponse, toStaffDetail, toStaffResponse } from './staff.mapper';
import type { StaffWithUnit } from './staff.repository';
import { StaffRepository } from './staff.repository';
import { StaffErrors } from './staff.errors';

const ADMIN: readonly RoleName[] = ['admin'];
/** Fields of one's own record that only another admin may change (by PATCH or import). */
export const SELF_MANAGED = ['unitId', 'active', 'employmentStart', 'employmentEnd'] as const;

/** Roster fields as imports and the seed supply them. */
export interface StaffInput {
  staffNo: string;
  name: string;
  unitId: string;
  position: string | null;
  partyMember: boolean;
  employmentStart: string;
  employmentEnd: string | null;
  active: boolean;
}

@Injectable()
export class StaffService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly roles: RoleAssignmentRepository,
    private readonly units: OrgUnitsService,
    private readonly accounts: AccountSecurityService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async list(principal: Principal, query: ListStaffQueryDto): Promise<Page<StaffResponseDto>> {
    const scope = scopePaths(principal, UNIT_READER_ROLES);
    if (!scope.length) return pageOf([], 0, query);
    let unitPath: string | undefined;
    let unitId: string | undefined;
    if (query.unitId) {
      const unit = await this.unitInScope(principal, query.unitId, UNIT_READER_ROLES);
      if (query.includeSubunits === false) unitId = unit.id;
      else unitPath = unit.path;
    }
    const [rows, total] = await this.staff.search({
      scopePaths: scope,
      unitPath,
      unitId,
      q: query.q,
      active: query.active,
      partyMember: query.partyMember,
      role: query.role,
      offset: offsetOf(query),
      limit: query.pageSize,
    });
    return pageOf(rows.map(toStaffResponse), total, query);
  }

  /** Own record, or someone in the scope of the caller's admin/hr/secretary roles; else 404. */
  async get(principal: Principal, id: string): Promise<StaffDetailResponseDto> {
    const staff = await this.staff.findById(id);
    if (!staff) throw StaffErrors.NOT_FOUND();
    const own = staff.id === principal.staffId;
    if (!own && !pathInScope(scopePaths(principal, UNIT_READER_ROLES), staff.unit.path)) {
      throw StaffErrors.NOT_FOUND();
    }
    return this.detail(staff);
  }

  async me(principal: Principal): Promise<MeResponseDto> {
    const staff = await this.staff.findById(principal.staffId);
    if (!staff) throw StaffErrors.NOT_FOUND();
    return {
      ...(await this.detail(staff)),
      mustChangePassword: principal.mustChangePassword,
      idleTimeoutSeconds: Math.round(this.config.auth.idleTimeoutMs / 1000),
    };
  }

  async create(principal: Principal, dto: CreateStaffDto): Promise<StaffCreatedResponseDto> {
    await this.unitInScope(principal, dto.unitId, ADMIN);
    const input: StaffInput = {
      staffNo: dto.staffNo,
      name: dto.name,
      unitId: dto.unitId,
      position: dto.position ?? null,
      partyMember: dto.partyMember ?? false,
      employmentStart: dto.employmentStart,
      employmentEnd: dto.employmentEnd ?? null,
      active: dto.active ?? true,
    };
    assertEmploymentDates(input.employmentStart, input.employmentEnd);
    return this.tx.run(async () => {
      if (await this.staff.existsByStaffNo(input.staffNo)) {
        throw StaffErrors.STAFF_NO_TAKEN({ staffNo: input.staffNo });
      }
      const { staff, initialPassword } = await this.createStaff(input);
      await this.audit.record({
        action: 'staff.create',
        target: { type: 'staff', id: staff.id },
        unitId: staff.unitId,
        details: { staffNo: staff.staffNo, name: staff.name },
      });
      const created = await this.requireStaff(staff.id);
      return { ...(await this.detail(created)), initialPassword };
    });
  }

  /**
   * Inserts a staff member with a credential that must be changed at first sign-in. No scope
   * checks and no audit: callers (API, import, seed) do both.
   */
  async createStaff(
    input: StaffInput,
    credential?: { password: string; hash: string },
  ): Promise<{ staff: StaffEntity; initialPassword: string }> {
    credential ??= await this.accounts.prepareInitialPassword();
    return this.tx.run(async () => {
      const staff = new StaffEntity();
      staff.id = randomUUID();
      Object.assign(staff, input);
      await this.staff.insert(staff);
      await this.accounts.insertCredential(staff.id, credential.hash);
      return { staff, initialPassword: credential.password };
    });
  }

  async update(
    principal: Principal,
    id: string,
    dto: UpdateStaffDto,
  ): Promise<StaffDetailResponseDto> {
    return this.tx.run(async () => {
      const staff = await this.requireInScope(principal, id, ADMIN);
      const own = staff.id === principal.staffId;
      if (!own) await this.assertManageable(principal, staff);
      const patch: Partial<StaffEntity> = {};
      if (dto.name !== undefined && dto.name !== staff.name) patch.name = dto.name;
      if (dto.position !== undefined && dto.position !== staff.position) {
        patch.position = dto.position;
      }
      if (dto.partyMember !== undefined && dto.partyMember !== staff.partyMember) {
        patch.partyMember = dto.partyMember;
      }
      if (dto.employmentStart !== undefined && dto.employmentStart !== staff.employmentStart) {
        patch.employmentStart = dto.employmentStart;
      }
      if (dto.employmentEnd !== undefined && dto.employmentEnd !== staff.employmentEnd) {
        patch.employmentEnd = dto.employmentEnd;
      }
      if (dto.active !== undefined && dto.active !== staff.active) patch.active = dto.active;
      if (dto.unitId !== undefined && dto.unitId !== staff.unitId) {
        await this.unitInScope(principal, dto.unitId, ADMIN);
        patch.unitId = dto.unitId;
      }
      if (!Object.keys(patch).length) return this.detail(staff);
      // Only the descriptive fields of one's own record; the account itself is someone else's job.
      if (own && SELF_MANAGED.some((key) => key in patch)) throw StaffErrors.OWN_ACCOUNT();
      assertEmploymentDates(
        patch.employmentStart ?? staff.employmentStart,
        patch.employmentEnd === undefined ? staff.employmentEnd : patch.employmentEnd,
      );
      await this.staff.update(staff.id, patch);
      const updated = await this.requireStaff(staff.id);
      if (!this.canSignIn(updated) && this.canSignIn(staff)) {
        await this.accounts.revokeAccess(staff.id, 'disabled');
      }
      await this.audit.record({
        action: 'staff.update',
        target: { type: 'staff', id: staff.id },
        unitId: updated.unitId,
        details: { staffNo: staff.staffNo, changes: patch },
      });
      return this.detail(updated);
    });
  }

  async grantRole(
    principal: Principal,
    staffId: string,
    dto: GrantRoleDto,
  ): Promise<RoleAssignmentResponseDto> {
    return this.tx.run(async () => {
      const staff = await this.requireInScope(principal, staffId, ADMIN);
      if (staff.id === principal.staffId) throw StaffErrors.OWN_ROLES();
      await this.assertManageable(principal, staff);
      const unit = await this.unitInScope(principal, dto.unitId, ADMIN);
      if (await this.roles.exists(staff.id, dto.role, unit.id)) throw StaffErrors.ROLE_EXISTS();
      const assignment = new RoleAssignmentEntity();
      assignment.id = randomUUID();
      assignment.staffId = staff.id;
      assignment.role = dto.role;
      assignment.unitId = unit.id;
      assignment.grantedBy = principal.staffId;
      await this.roles.insert(assignment);
      await this.accounts.rolesChanged(staff.id);
      await this.audit.record({
        action: 'staff.role_grant',
        target: { type: 'staff', id: staff.id },
        unitId: staff.unitId,
        details: { staffNo: staff.staffNo, role: dto.role, scopeUnitId: unit.id },
      });
      return toRoleResponse({ ...assignment, unit });
    });
  }

  async revokeRole(principal: Principal, staffId: string, assignmentId: string): Promise<void> {
    await this.tx.run(async () => {
      const staff = await this.requireInScope(principal, staffId, ADMIN);
      const assignment = await this.roles.findOne(assignmentId);
      if (
        !assignment ||
        assignment.staffId !== staff.id ||
        !pathInScope(scopePaths(principal, ADMIN), assignment.unit.path)
      ) {
        throw StaffErrors.ROLE_NOT_FOUND();
      }
      if (staff.id === principal.staffId) throw StaffErrors.OWN_ROLES();
      await this.assertManageable(principal, staff);
      await this.roles.delete(assignment.id);
      await this.accounts.rolesChanged(staff.id);
      await this.audit.record({
        action: 'staff.role_revoke',
        target: { type: 'staff', id: staff.id },
        unitId: staff.unitId,
        details: {
          staffNo: staff.staffNo,
          role: assignment.role,
          scopeUnitId: assignment.unitId,
        },
      });
    });
  }

  /** Grants without checks, for the seed. */
  async grantRoleUnchecked(staffId: string, role: RoleName, unitId: string): Promise<void> {
    const assignment = new RoleAssignmentEntity();
    assignment.id = randomUUID();
    assignment.staffId = staffId;
    assignment.role = role;
    assignment.unitId = unitId;
    assignment.grantedBy = null;
    await this.roles.insert(assignment);
  }

  async resetPassword(principal: Principal, staffId: string): Promise<PasswordResetResponseDto> {
    return this.tx.run(async () => {
      const staff = await this.requireManageable(principal, staffId);
      const temporaryPassword = await this.accounts.resetPassword(staff.id);
      await this.audit.record({
        action: 'staff.password_reset',
        target: { type: 'staff', id: staff.id },
        unitId: staff.unitId,
        details: { staffNo: staff.staffNo },
      });
      return { temporaryPassword };
    });
  }

  /** Lifts a sign-in lock (the account's and every per-source one); audited. */
  async unlock(principal: Principal, staffId: string): Promise<void> {
    await this.tx.run(async () => {
      const staff = await this.requireManageable(principal, staffId);
      const lockedUntil = await this.accounts.unlock(staff.id, staff.staffNo);
      await this.audit.record({
        action: 'staff.unlock',
        target: { type: 'staff', id: staff.id },
        unitId: staff.unitId,
        details: { staffNo: staff.staffNo, lockedUntil: lockedUntil?.toISOString() ?? null },
      });
    });
  }

  /**
   * The people of the list the caller may not manage because one of their role grants reaches
   * beyond the caller's admin scope (see `requireManageable`).
   */
  async outranking(principal: Principal, staffIds: string[]): Promise<Set<string>> {
    const scope = scopePaths(principal, ADMIN);
    const grants = await this.roles.forStaff(staffIds);
    return new Set(grants.filter((g) => !pathInScope(scope, g.unit.path)).map((g) => g.staffId));
  }

  async isEmpty(): Promise<boolean> {
    return (await this.staff.count()) === 0;
  }

  /** The staff member if they exist and lie inside the scope of the roles; else 404. */
  async requireInScope(
    principal: Principal,
    id: string,
    roles: readonly RoleName[],
  ): Promise<StaffWithUnit> {
    const staff = await this.staff.findById(id);
    if (!staff || !pathInScope(scopePaths(principal, roles), staff.unit.path)) {
      throw StaffErrors.NOT_FOUND();
    }
    return staff;
  }

  /** The staff member if they lie inside the scope of the roles; null otherwise. */
  async findInScope(
    principal: Principal,
    id: string,
    roles: readonly RoleName[],
  ): Promise<StaffWithUnit | null> {
    const staff = await this.staff.findById(id);
    return staff && pathInScope(scopePaths(principal, roles), staff.unit.path) ? staff : null;
  }

  canSignIn(staff: Pick<StaffEntity, 'active' | 'employmentEnd'>): boolean {
    return isEmployed(staff, this.clock.today(this.config.timeZone));
  }

  /**
   * Someone else the caller may manage: in the admin scope (else 404) and holding no role
   * grant beyond it (else 403), so nobody can reset, disable, move or edit a person who
   * outranks them.
   */
  private async requireManageable(principal: Principal, id: string): Promise<StaffWithUnit> {
    const staff = await this.requireInScope(principal, id, ADMIN);
    if (staff.id === principal.staffId) throw StaffErrors.OWN_ACCOUNT();
    await this.assertManageable(principal, staff);
    return staff;
  }

  private async assertManageable(principal: Principal, staff: StaffWithUnit): Promise<void> {
    if ((await this.outranking(principal, [staff.id])).size) throw StaffErrors.OUTRANKS_CALLER();
  }

  private async unitInScope(
    principal: Principal,
    unitId: string,
    roles: readonly RoleName[],
  ): Promise<OrgUnitEntity> {
    const unit = await this.units.findById(unitId);
    if (!unit || !pathInScope(scopePaths(principal, roles), unit.path)) {
      throw StaffErrors.UNIT_NOT_FOUND();
    }
    return unit;
  }

  private async requireStaff(id: string): Promise<StaffWithUnit> {
    const staff = await this.staff.findById(id);
    if (!staff) throw StaffErrors.NOT_FOUND();
    return staff;
  }

  private async detail(staff: StaffWithUnit): Promise<StaffDetailResponseDto> {
    return toStaffDetail(staff, await this.roles.forStaff([staff.id]));
  }
}

export function assertEmploymentDates(start: string, end: string | null): void {
  if (end && end < start) throw StaffErrors.EMPLOYMENT_DATES();
}
