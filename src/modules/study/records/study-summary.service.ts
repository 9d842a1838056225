import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth';
import { Clock } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { PlansService } from '../../curriculum';
import { OrgUnitsService, UNIT_READER_ROLES } from '../../org-units';
import { StaffService } from '../../staff';
import type { StudySummaryDto, StudyYearQueryDto } from '../dto/study-record.dto';
import { STUDY_KINDS } from '../entities/study-record.entity';
import { KIND_LABELS } from '../study-labels';
import { StudyRecordRepository } from './study-record.repository';
import { StudyErrors } from '../study.errors';

const round2 = (n: number) => Math.round(n * 100) / 100;

interface Person {
  id: string;
  staffNo: string;
  name: string;
  unitId: string;
  unitPath: string;
}

/**
 * Where a person stands against their plan: credited hours by kind in the plan period against
 * the required hours, and the plan's required laws that no credited record covers yet (the two
 * halves of "met the study requirement").
 */
@Injectable()
export class StudySummaryService {
  constructor(
    private readonly records: StudyRecordRepository,
    private readonly plans: PlansService,
    private readonly staff: StaffService,
    private readonly units: OrgUnitsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async mine(principal: Principal, query: StudyYearQueryDto): Promise<StudySummaryDto> {
    const unit = await this.units.findById(principal.unitId);
    if (!unit) throw StudyErrors.STAFF_NOT_FOUND();
    return this.summary(
      {
        id: principal.staffId,
        staffNo: principal.staffNo,
        name: principal.name,
        unitId: unit.id,
        unitPath: unit.path,
      },
      query.year,
    );
  }

  /** For a secretary, HR or admin whose scope covers the person (anyone else: 404). */
  async ofStaff(
    principal: Principal,
    staffId: string,
    query: StudyYearQueryDto,
  ): Promise<StudySummaryDto> {
    const s = await this.staff.findInScope(principal, staffId, UNIT_READER_ROLES);
    if (!s) throw StudyErrors.STAFF_NOT_FOUND();
    return this.summary(
      { id: s.id, staffNo: s.staffNo, name: s.name, unitId: s.unitId, unitPath: s.unit.path },
      query.year,
    );
  }

  private async summary(person: Person, requestedYear?: number): Promise<StudySummaryDto> {
    const year = requestedYear ?? Number(this.clock.today(this.config.timeZone).slice(0, 4));
    const plan = await this.plans.applicablePlan(person.unitPath, year);
    const periodStart = plan?.periodStart ?? `${year}-01-01`;
    const periodEnd = plan?.periodEnd ?? `${year}-12-31`;
    const totals = await this.records.totals(person.id, periodStart, periodEnd);
    const credited = totals.filter((t) => t.status === 'credited');
    const pending = totals.filter((t) => t.status === 'pending');
    const byKind = STUDY_KINDS.map((kind) => {
      const rows = credited.filter((t) => t.kind === kind);
      return {
        kind,
        label: KIND_LABELS[kind],
        hours: round2(rows.reduce((n, t) => n + t.hours, 0)),
        records: rows.reduce((n, t) => n + t.records, 0),
      };
    });
    const totalHours = round2(byKind.reduce((n, k) => n + k.hours, 0));
    const required = plan ? await this.plans.requiredLawsOf(plan.id) : [];
    const studied = await this.records.studiedLaws(
      person.id,
      periodStart,
      periodEnd,
      required.map((r) => r.lawId),
    );
    const requiredLaws = required.map((r) => ({
      lawId: r.lawId,
      title: r.law?.title ?? '',
      shortTitle: r.law?.shortTitle ?? '',
      studied: studied.has(r.lawId),
    }));
    const lawsMissing = requiredLaws.filter((l) => !l.studied);
    const hoursMet = plan ? totalHours >= plan.requiredHours : null;
    return {
      staff: { id: person.id, staffNo: person.staffNo, name: person.name, unitId: person.unitId },
      year,
      plan: plan
        ? {
            id: plan.id,
            title: plan.title,
            year: plan.year,
            unitId: plan.unitId,
            unitName: plan.unit?.name ?? '',
            requiredHours: plan.requiredHours,
          }
        : null,
      ...(plan
        ? {}
        : { notice: `${year} 年度所在单位及其上级单位没有生效的学法考法计划，暂无学时要求` }),
      periodStart,
      periodEnd,
      byKind,
      totalHours,
      requiredHours: plan ? plan.requiredHours : null,
      remainingHours: plan ? round2(Math.max(0, plan.requiredHours - totalHours)) : null,
      hoursMet,
      requiredLaws,
      lawsMissing,
      requirementMet: plan ? hoursMet === true && lawsMissing.length === 0 : null,
      pendingRecords: pending.reduce((n, t) => n + t.records, 0),
      pendingHours: round2(pending.reduce((n, t) => n + t.hours, 0)),
    };
  }
}
