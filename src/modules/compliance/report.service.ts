import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth';
import { AppConfig } from '../../config';
import { LawsService, PlansService } from '../curriculum';
import type { OrgUnitKind } from '../org-units';
import { SessionsService } from '../sessions';
import { Clock, dateInZone } from '../../common/clock/clock';
import { reportBlocks, toMarkdown } from './annual-report';
import { courtHearingsOf, otherLawsOf } from './compliance-figures';
import type { StudiedRow } from './compliance-figures';
import type { ReportFacts } from './annual-report';
import { toDocx } from './report-docx';
import { ComplianceRepository } from './compliance.repository';
import { ComplianceService } from './compliance.service';

const WHOLE: Record<OrgUnitKind, string> = {
  province: '全省',
  city: '全市',
  county: '全县',
  bureau: '全局',
  department: '本部门',
  other: '本单位',
};

/** The annual report paragraph of a plan (Markdown or Word), written from the data. */
@Injectable()
export class ReportService {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly repo: ComplianceRepository,
    private readonly plans: PlansService,
    private readonly laws: LawsService,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async facts(principal: Principal, planId: string, unitId?: string): Promise<ReportFacts> {
    const { plan, unit, asOf, frozen, figures, shortfall, people, studied, exempted } =
      await this.compliance.reportBasis(principal, planId, unitId);
    const scope = { planId: plan.id, unitPath: unit.path, periodStart: plan.periodStart, asOf };
    const requiredIds = [
      ...new Set((await this.plans.requiredLawsOf(plan.id)).map((r) => r.lawId)),
    ];
    const found = await this.laws.findLaws(requiredIds);
    const requiredLaws = requiredIds.flatMap((id) => found.get(id)?.title ?? []);
    const otherLaws = studied
      ? await this.frozenOtherLaws(studied, requiredIds)
      : await this.repo.otherLawsStudied(people, requiredIds, scope);
    const held = await this.sessions.held(unit.path, plan.periodStart, asOf);
    const exams = await this.repo.planExams(plan.id);
    return {
      year: plan.year,
      unitName: unit.name,
      wholeUnit: WHOLE[unit.kind],
      figures,
      exempted,
      lawNames: await this.repo.lawNames(),
      requiredHours: plan.requiredHours,
      passMark: plan.passMark,
      requiredLaws,
      otherLaws: otherLaws.map((l) => l.title),
      sessions: held.map((s) => ({
        ordinal: s.ordinal,
        typeLabel: s.typeLabel,
        date: dateInZone(new Date(s.startsAt), this.config.timeZone),
        topic: s.topic,
      })),
      courtHearingRecords: studied
        ? courtHearingsOf(studied)
        : await this.repo.recordCount(people, 'court_hearing', scope),
      exams: {
        official: exams.filter((e) => e.kind === 'official').length,
        makeup: exams.filter((e) => e.kind === 'makeup').length,
      },
      shortfall,
      asOf,
      frozen,
      writtenOn: this.clock.today(this.config.timeZone),
    };
  }

  /** A closed plan's other laws from its frozen facts, ordered as the live query orders them. */
  private async frozenOtherLaws(studied: StudiedRow[], requiredIds: string[]) {
    const counted = new Map(otherLawsOf(studied, requiredIds).map((l) => [l.lawId, l.people]));
    const titled = await this.repo.lawTitles([...counted.keys()]);
    // titles come in the database's order; a stable sort keeps it among equal counts
    return titled
      .map((l) => ({ lawId: l.id, title: l.title, people: counted.get(l.id) ?? 0 }))
      .sort((a, b) => b.people - a.people);
  }

  async markdown(principal: Principal, planId: string, unitId?: string) {
    const blocks = reportBlocks(await this.facts(principal, planId, unitId));
    return { title: blocks[0].text, text: toMarkdown(blocks) };
  }

  async docx(principal: Principal, planId: string, unitId?: string) {
    const blocks = reportBlocks(await this.facts(principal, planId, unitId));
    return { title: blocks[0].text, file: await toDocx(blocks) };
  }
}
