import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host';
import type { OrgUnitEntity } from '../org-units';
import { RoleAssignmentEntity } from './entities/role-assignment.entity';

export type RoleAssignmentWithUnit = RoleAssignmentEntity & { unit: OrgUnitEntity };

@Injectable()
export class RoleAssignmentRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.repository(RoleAssignmentEntity);
  }

  async forStaff(staffIds: string[]): Promise<RoleAssignmentWithUnit[]> {
    if (!staffIds.length) return [];
    return (await this.repo
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.unit', 'u')
      .where('r.staff_id IN (:...staffIds)', { staffIds })
      .orderBy('r.role', 'ASC')
      .addOrderBy('u.path', 'ASC')
      .getMany()) as RoleAssignmentWithUnit[];
  }

  async findOne(id: string): Promise<RoleAssignmentWithUnit | null> {
    return (await this.repo
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.unit', 'u')
      .where('r.id = :id', { id })
      .getOne()) as RoleAssignmentWithUnit | null;
  }

  async exists(staffId: string, role: string, unitId: string): Promise<boolean> {
    return this.repo.existsBy({ staffId, role: role as RoleAssignmentEntity['role'], unitId });
  }

  async insert(assignment: RoleAssignmentEntity): Promise<void> {
    await this.repo.insert(assignment);
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
