import { Injectable } from '@nestjs/common';
import { likeEscape, subtreePatterns } from '../../database/sql';
import { TransactionHost } from '../../database/transaction-host';
import { OrgUnitEntity } from '../org-units';
import { StaffEntity } from './entities/staff.entity';

export interface StaffFilter {
  scopePaths: string[];
  unitPath?: string;
  unitId?: string;
  q?: string;
  active?: boolean;
  partyMember?: boolean;
  /** Holders of this role over any unit. */
  role?: string;
  offset: number;
  limit: number;
}

/** A staff row with its unit (path included, for scope checks). */
export type StaffWithUnit = StaffEntity & { unit: OrgUnitEntity };

@Injectable()
export class StaffRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.repository(StaffEntity);
  }

  private withUnit() {
    return this.repo.createQueryBuilder('s').innerJoinAndSelect('s.unit', 'u');
  }

  async findById(id: string): Promise<StaffWithUnit | null> {
    return (await this.withUnit().where('s.id = :id', { id }).getOne()) as StaffWithUnit | null;
  }

  async findByStaffNos(staffNos: string[]): Promise<StaffWithUnit[]> {
    if (!staffNos.length) return [];
    return (await this.withUnit()
      .where('s.staff_no IN (:...staffNos)', { staffNos })
      .getMany()) as StaffWithUnit[];
  }

  async existsByStaffNo(staffNo: string): Promise<boolean> {
    return this.repo.existsBy({ staffNo });
  }

  async insert(staff: StaffEntity): Promise<void> {
    await this.repo.insert(staff);
  }

  async update(id: string, patch: Partial<StaffEntity>): Promise<void> {
    await this.repo.update({ id }, patch);
  }

  async count(): Promise<number> {
    return this.repo.count();
  }

  async search(filter: StaffFilter): Promise<[StaffWithUnit[], number]> {
    const qb = this.filtered(filter)
      .orderBy('u.path', 'ASC')
      .addOrderBy('s.staff_no', 'ASC')
      .offset(filter.offset)
      .limit(filter.limit);
    return (await qb.getManyAndCount()) as [StaffWithUnit[], number];
  }

  /** Keyset pages by staff number, for streaming exports with flat memory. */
  async pageAfter(
    filter: Omit<StaffFilter, 'offset' | 'limit'>,
    afterStaffNo: string | null,
    limit: number,
  ): Promise<StaffWithUnit[]> {
    const qb = this.filtered({ ...filter, offset: 0, limit })
      .orderBy('s.staff_no', 'ASC')
      .limit(limit);
    if (afterStaffNo !== null) qb.andWhere('s.staff_no > :after', { after: afterStaffNo });
    return (await qb.getMany()) as StaffWithUnit[];
  }

  private filtered(filter: StaffFilter) {
    const qb = this.withUnit().where('u.path LIKE ANY(:scope)', {
      scope: subtreePatterns(filter.scopePaths),
    });
    if (filter.unitId) qb.andWhere('s.unit_id = :unitId', { unitId: filter.unitId });
    if (filter.unitPath) {
      qb.andWhere('u.path LIKE :unitPath', { unitPath: `${likeEscape(filter.unitPath)}%` });
    }
    if (filter.q) {
      qb.andWhere('(s.name LIKE :q OR s.staff_no LIKE :q)', { q: `%${likeEscape(filter.q)}%` });
    }
    if (filter.active !== undefined) qb.andWhere('s.active = :active', { active: filter.active });
    if (filter.partyMember !== undefined) {
      qb.andWhere('s.party_member = :pm', { pm: filter.partyMember });
    }
    if (filter.role) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.staff_id = s.id AND ra.role = :role)',
        { role: filter.role },
      );
    }
    return qb;
  }
}
