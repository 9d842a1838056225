import { Injectable } from '@nestjs/common';
import type { Principal, RoleName } from '../../../common/auth';
import { pathInScope, scopePaths } from '../../../common/auth';
import { Clock } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { AuditService } from '../../audit';
import { ExamDisclosureService } from '../../exams';
import { buildDossier } from './dossier';
import type { DossierDto } from '../dto/dossier.dto';
import { EvidenceErrors } from '../evidence.errors';
import { EvidenceReader } from './evidence-reader.service';
import type { PersonRow } from '../evidence.repository';
import { EvidenceRepository } from '../evidence.repository';

/** Who reads other people's evidence: HR and admins, inside their unit scope. */
export const EVIDENCE_READER_ROLES: readonly RoleName[] = ['hr', 'admin'];

/**
 * One person's annual dossier (product.md §4): HR and admins in scope read anyone's (each such
 * read is audited), and everyone may read their own, with exam results only once the exam's
 * review policy shows them.
 */
@Injectable()
export class DossiersService {
  constructor(
    private readonly repo: EvidenceRepository,
    private readonly reader: EvidenceReader,
    private readonly audit: AuditService,
    private readonly disclosure: ExamDisclosureService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async dossier(principal: Principal, staffId: string, year?: number): Promise<DossierDto> {
    const self = principal.staffId === staffId;
    const person = await this.readablePerson(principal, staffId, self);
    const y = year ?? Number(this.clock.today(this.config.timeZone).slice(0, 4));
    // one snapshot, so the figures and the rows listed under them agree
    const dossier = await this.tx.run(async () => {
      const ctx = await this.reader.context(person.unitPath, y);
      const [facts] = await this.reader.facts(ctx, [person]);
      // one's own results appear exactly when GET /exam-attempts/:id shows them
      return buildDossier(
        ctx,
        facts,
        self ? (e, a) => this.disclosure.resultVisibleFrom(e, a, ctx.now) : undefined,
      );
    }, 'REPEATABLE READ');
    if (!self) {
      await this.audit.record({
        action: 'evidence.dossier_read',
        target: { type: 'staff', id: person.staffId },
        unitId: person.unitId,
        details: {
          staffNo: person.staffNo,
          name: person.name,
          year: y,
          flags: dossier.flags.map((f) => f.code),
        },
      });
    }
    return dossier;
  }

  /** The person, when the principal may read their evidence (themselves, or HR/admin in scope). */
  private async readablePerson(
    principal: Principal,
    staffId: string,
    self: boolean,
  ): Promise<PersonRow> {
    const person = await this.repo.person(staffId);
    if (
      !person ||
      (!self && !pathInScope(scopePaths(principal, EVIDENCE_READER_ROLES), person.unitPath))
    ) {
      throw EvidenceErrors.STAFF_NOT_FOUND();
    }
    return person;
  }
}
