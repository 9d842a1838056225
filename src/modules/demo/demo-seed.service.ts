import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host';
import { AuditService } from '../audit';
import { AccountSecurityService } from '../auth';
import { OrgUnitsService } from '../org-units';
import { StaffService } from '../staff';
import { DEMO_BUREAU_CODE, DEMO_PASSWORD, DEMO_STAFF, DEMO_UNITS } from './demo-data';

/** Arbitrary constant: the advisory lock that keeps concurrent starts from seeding twice. */
const SEED_LOCK = 7_240_103;

export interface DemoLogin {
  role: string;
  staffNo: string;
  name: string;
}

@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly units: OrgUnitsService,
    private readonly staff: StaffService,
    private readonly accounts: AccountSecurityService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
  ) {}

  /** Seeds 示范市信访局 with 29 staff when there are no org units yet; true when it did. */
  async seedIfEmpty(): Promise<boolean> {
    return this.tx.run(async () => {
      await this.tx.manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      if (!(await this.units.isEmpty())) return false;
      const ids = new Map<string, string>();
      for (const u of DEMO_UNITS) {
        const unit = await this.units.createUnit({
          code: u.code,
          name: u.name,
          kind: u.kind,
          parentId: u.parent ? (ids.get(u.parent) ?? null) : null,
          sortOrder: ids.size,
        });
        ids.set(u.code, unit.id);
      }
      const bureauId = ids.get(DEMO_BUREAU_CODE) as string;
      for (const s of DEMO_STAFF) {
        const { staff } = await this.staff.createStaff(
          {
            staffNo: s.staffNo,
            name: s.name,
            unitId: ids.get(s.unit) as string,
            position: s.position,
            partyMember: s.partyMember,
            employmentStart: s.employmentStart,
            employmentEnd: null,
            active: true,
          },
          await this.accounts.prepareInitialPassword(DEMO_PASSWORD),
        );
        for (const role of s.roles ?? []) {
          await this.staff.grantRoleUnchecked(staff.id, role, bureauId);
        }
      }
      await this.audit.record({
        action: 'demo.seed',
        actor: null,
        unitId: bureauId,
        details: { units: DEMO_UNITS.length, staff: DEMO_STAFF.length },
      });
      this.logger.log(`seeded the demo bureau with ${DEMO_STAFF.length} staff`);
      return true;
    });
  }

  /** The demo accounts, when the demo bureau is present. */
  async demoLogins(): Promise<DemoLogin[]> {
    const [bureau] = await this.units.findByCodes([DEMO_BUREAU_CODE]);
    if (!bureau) return [];
    return DEMO_STAFF.filter((s) => s.roles?.length || s.staffNo === 'XF004').map((s) => ({
      role: s.roles?.join(',') ?? 'staff',
      staffNo: s.staffNo,
      name: s.name,
    }));
  }
}
