import { randomBytes } from 'node:crypto';
import type { RoleName } from '../../src/common/auth';
import { AccountSecurityService } from '../../src/modules/auth/passwords/account-security.service';
import type {
  OrgUnitEntity,
  OrgUnitKind,
} from '../../src/modules/org-units/entities/org-unit.entity';
import { OrgUnitsService } from '../../src/modules/org-units/org-units.service';
import { StaffService } from '../../src/modules/staff/staff.service';
import type { TestApp } from '../utils/test-app';

export const TEST_PASSWORD = 'Passw0rd!xf';

export interface TestStaff {
  id: string;
  staffNo: string;
  name: string;
  unitId: string;
  password: string;
}

export interface StaffOptions {
  unit: OrgUnitEntity;
  staffNo?: string;
  name?: string;
  roles?: { role: RoleName; unit: OrgUnitEntity }[];
  partyMember?: boolean;
  /** Leave the initial password to be changed (default: already changed). */
  mustChangePassword?: boolean;
  password?: string;
}

/** Builds org units and staff through the services (fast), ready to sign in. */
export class OrgFactory {
  private seq = 0;

  constructor(private readonly t: TestApp) {}

  async unit(name: string, kind: OrgUnitKind, parent?: OrgUnitEntity): Promise<OrgUnitEntity> {
    const code = `U${++this.seq}-${randomBytes(2).toString('hex')}`.toUpperCase();
    return this.t
      .get(OrgUnitsService)
      .createUnit({ code, name, kind, parentId: parent?.id ?? null });
  }

  async staff(options: StaffOptions): Promise<TestStaff> {
    const staffNo = options.staffNo ?? `T${String(++this.seq).padStart(4, '0')}`;
    const name = options.name ?? `测试人员${this.seq}`;
    const password = options.password ?? TEST_PASSWORD;
    const accounts = this.t.get(AccountSecurityService);
    const staffService = this.t.get(StaffService);
    const { staff } = await staffService.createStaff(
      {
        staffNo,
        name,
        unitId: options.unit.id,
        position: '科员',
        partyMember: options.partyMember ?? true,
        employmentStart: '2020-01-01',
        employmentEnd: null,
        active: true,
      },
      await accounts.prepareInitialPassword(password),
    );
    for (const r of options.roles ?? []) {
      await staffService.grantRoleUnchecked(staff.id, r.role, r.unit.id);
    }
    if (!options.mustChangePassword) {
      await this.t.dataSource.query(
        'UPDATE staff_credential SET must_change_password = false WHERE staff_id = $1',
        [staff.id],
      );
    }
    return { id: staff.id, staffNo, name, unitId: options.unit.id, password };
  }
}

/**
 * A province with one city and two bureaus; bureau A has two departments.
 * Roles: a province admin, bureau-A admin / hr / secretary, bureau-B hr, plain staff.
 */
export async function buildOrg(t: TestApp) {
  const f = new OrgFactory(t);
  const province = await f.unit('测试省', 'province');
  const city = await f.unit('测试市', 'city', province);
  const bureauA = await f.unit('测试市信访局', 'bureau', city);
  const deptA1 = await f.unit('来访接待科', 'department', bureauA);
  const deptA2 = await f.unit('办信科', 'department', bureauA);
  const bureauB = await f.unit('测试市司法局', 'bureau', city);
  const rootAdmin = await f.staff({ unit: province, roles: [{ role: 'admin', unit: province }] });
  const adminA = await f.staff({ unit: deptA1, roles: [{ role: 'admin', unit: bureauA }] });
  const hrA = await f.staff({ unit: deptA1, roles: [{ role: 'hr', unit: bureauA }] });
  const secA = await f.staff({ unit: deptA1, roles: [{ role: 'secretary', unit: bureauA }] });
  const staffA1 = await f.staff({ unit: deptA1 });
  const staffA2 = await f.staff({ unit: deptA2 });
  const hrB = await f.staff({ unit: bureauB, roles: [{ role: 'hr', unit: bureauB }] });
  const staffB = await f.staff({ unit: bureauB });
  return {
    f,
    units: { province, city, bureauA, deptA1, deptA2, bureauB },
    people: { rootAdmin, adminA, hrA, secA, staffA1, staffA2, hrB, staffB },
  };
}
