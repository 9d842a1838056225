import type { OrgUnitEntity } from '../org-units';
import type {
  RoleAssignmentResponseDto,
  StaffDetailResponseDto,
  StaffResponseDto,
  UnitRefDto,
} from './dto/staff.dto';
import type { RoleAssignmentWithUnit } from './role-assignment.repository';
import type { StaffWithUnit } from './staff.repository';

export const toUnitRef = (u: OrgUnitEntity): UnitRefDto => ({
  id: u.id,
  code: u.code,
  name: u.name,
});

export function toStaffResponse(s: StaffWithUnit): StaffResponseDto {
  return {
    id: s.id,
    staffNo: s.staffNo,
    name: s.name,
    unit: toUnitRef(s.unit),
    position: s.position,
    partyMember: s.partyMember,
    employmentStart: s.employmentStart,
    employmentEnd: s.employmentEnd,
    active: s.active,
  };
}

export function toRoleResponse(r: RoleAssignmentWithUnit): RoleAssignmentResponseDto {
  return { id: r.id, role: r.role, unit: toUnitRef(r.unit) };
}

export function toStaffDetail(
  s: StaffWithUnit,
  roles: RoleAssignmentWithUnit[],
): StaffDetailResponseDto {
  return { ...toStaffResponse(s), roles: roles.map(toRoleResponse) };
}
