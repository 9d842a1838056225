import { AuditLogEntity } from '../modules/audit/entities/audit-log.entity';
import { AuthSessionEntity } from '../modules/auth/entities/auth-session.entity';
import { RefreshTokenEntity } from '../modules/auth/entities/refresh-token.entity';
import { StaffCredentialEntity } from '../modules/auth/entities/staff-credential.entity';
import { SystemSecretEntity } from '../modules/auth/entities/system-secret.entity';
import { OrgUnitEntity } from '../modules/org-units/entities/org-unit.entity';
import { RoleAssignmentEntity } from '../modules/staff/entities/role-assignment.entity';
import { StaffEntity } from '../modules/staff/entities/staff.entity';

/** Every entity, listed once for the app, the CLI and the migration check. */
export const ENTITIES = [
  OrgUnitEntity,
  StaffEntity,
  RoleAssignmentEntity,
  StaffCredentialEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  SystemSecretEntity,
  AuditLogEntity,
];
