import { Injectable } from '@nestjs/common';
import { likeEscape, subtreePatterns } from '../../database/sql';
import { TransactionHost } from '../../database/transaction-host';
import { OrgUnitEntity } from './entities/org-unit.entity';
import type { OrgUnitKind } from './entities/org-unit.entity';

export interface OrgUnitFilter {
  scopePaths: string[];
  parentId?: string;
  kind?: OrgUnitKind;
  q?: string;
  offset: number;
  limit: number;
}

@Injectable()
export class OrgUnitRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.repository(OrgUnitEntity);
  }

  findById(id: string): Promise<OrgUnitEntity | null> {
    return this.repo.findOneBy({ id });
  }

  findByCode(code: string): Promise<OrgUnitEntity | null> {
    return this.repo.findOneBy({ code });
  }

  findByCodes(codes: string[]): Promise<OrgUnitEntity[]> {
    if (!codes.length) return Promise.resolve([]);
    return this.repo.createQueryBuilder('u').where('u.code IN (:...codes)', { codes }).getMany();
  }

  findByIds(ids: string[]): Promise<OrgUnitEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany();
  }

  async count(): Promise<number> {
    return this.repo.count();
  }

  async insert(unit: OrgUnitEntity): Promise<void> {
    await this.repo.insert(unit);
  }

  async update(id: string, patch: Partial<OrgUnitEntity>): Promise<void> {
    await this.repo.update({ id }, patch);
  }

  /** Rewrites the path prefix (and depth) of a unit and its whole subtree in one statement. */
  async movePaths(oldPath: string, newPath: string, depthDelta: number): Promise<void> {
    await this.tx.manager.query(
      `UPDATE org_unit
          SET path = $2 || substr(path, length($1) + 1), depth = depth + $3, updated_at = now()
        WHERE path LIKE $4`,
      [oldPath, newPath, depthDelta, `${likeEscape(oldPath)}%`],
    );
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  async hasChildren(id: string): Promise<boolean> {
    return this.repo.existsBy({ parentId: id });
  }

  /** Units inside any of the scope paths, ordered as a tree (path, then sort order). */
  async search(filter: OrgUnitFilter): Promise<[OrgUnitEntity[], number]> {
    const qb = this.repo.createQueryBuilder('u').where('u.path LIKE ANY(:scope)', {
      scope: subtreePatterns(filter.scopePaths),
    });
    if (filter.parentId) qb.andWhere('u.parent_id = :parentId', { parentId: filter.parentId });
    if (filter.kind) qb.andWhere('u.kind = :kind', { kind: filter.kind });
    if (filter.q) {
      qb.andWhere('(u.name LIKE :q OR u.code LIKE :q)', { q: `%${likeEscape(filter.q)}%` });
    }
    return qb
      .orderBy('u.depth', 'ASC')
      .addOrderBy('u.sort_order', 'ASC')
      .addOrderBy('u.name', 'ASC')
      .offset(filter.offset)
      .limit(filter.limit)
      .getManyAndCount();
  }

  /** Every unit in the subtrees, for building a tree (bounded by the size of an org chart). */
  async subtrees(scopePaths: string[]): Promise<OrgUnitEntity[]> {
    if (!scopePaths.length) return [];
    return this.repo
      .createQueryBuilder('u')
      .where('u.path LIKE ANY(:scope)', { scope: subtreePatterns(scopePaths) })
      .orderBy('u.depth', 'ASC')
      .addOrderBy('u.sort_order', 'ASC')
      .addOrderBy('u.name', 'ASC')
      .getMany();
  }
}
