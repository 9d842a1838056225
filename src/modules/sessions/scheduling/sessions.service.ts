import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal, RoleName } from '../../../common/auth';
import { pathInScope, scopePaths } from '../../../common/auth';
import { Clock, dateInZone, localDateTime } from '../../../common/clock/clock';
import type { Page } from '../../../common/pagination/pagination';
import { offsetOf, pageOf } from '../../../common/pagination/pagination';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { AuditService } from '../../audit';
import { LawsService } from '../../curriculum';
import { NotificationsService } from '../../notifications';
import type { OrgUnitEntity } from '../../org-units';
import { OrgUnitsService } from '../../org-units';
import { StaffService } from '../../staff';
import type {
  CancelSessionDto,
  CheckSessionDto,
  CreateSeriesDto,
  CreateSessionDto,
  ListSessionsQueryDto,
  MySessionDto,
  MySessionsQueryDto,
  OverlapWarningDto,
  SeriesResponseDto,
  SessionDetailResponseDto,
  SessionLawDto,
  SessionCheckResponseDto,
  SessionResponseDto,
  SessionWriteResponseDto,
  UpdateSessionDto,
} from '../dto/session.dto';
import { SESSION_TYPE_LABELS } from '../session-labels';
import { StudySessionEntity, StudySessionSeriesEntity } from '../entities/study-session.entity';
import type { StudySessionLawEntity } from '../entities/study-session.entity';
import { SessionScheduler } from './session-scheduler.service';
import { SessionRepository } from '../session.repository';
import type { InviteeRow, InviteRule } from '../session.repository';
import { SessionErrors } from '../sessions.errors';

export const SESSION_MANAGERS: readonly RoleName[] = ['secretary', 'admin'];
const MAX_SESSION_MS = 24 * 3600_000;
/** Fields a session keeps changeable after it started (they touch no one's credit). */
const AFTER_START = new Set(['topic', 'organiser', 'place', 'onlineUrl']);

interface SessionInput {
  unit: OrgUnitEntity;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  onlineUrl: string | null;
  creditedHours: number;
  rule: InviteRule;
  laws: { lawId: string; articleNumber: number }[];
}

/**
 * Scheduling study sessions: create (alone or as a weekly / monthly series), change, cancel,
 * list; who is invited; overlap warnings; notices to the invitees on reschedule and cancel.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly repo: SessionRepository,
    private readonly units: OrgUnitsService,
    private readonly staff: StaffService,
    private readonly laws: LawsService,
    private readonly notifications: NotificationsService,
    private readonly scheduler: SessionScheduler,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async create(principal: Principal, dto: CreateSessionDto): Promise<SessionWriteResponseDto> {
    const [session] = await this.createMany(principal, dto, [new Date(dto.startsAt)], null);
    await this.invite(session, null);
    return session;
  }

  /** A weekly or monthly series, expanded into single sessions that may then change one by one. */
  async createSeries(principal: Principal, dto: CreateSeriesDto): Promise<SeriesResponseDto> {
    const series = new StudySessionSeriesEntity();
    series.id = randomUUID();
    series.unitId = dto.unitId;
    series.frequency = dto.repeat.frequency;
    series.interval = dto.repeat.interval ?? 1;
    series.count = dto.repeat.count;
    series.createdBy = principal.staffId;
    const sessions = await this.createMany(principal, dto, this.seriesStarts(dto), series);
    await this.invite(sessions[0], { id: series.id, sessions });
    return { seriesId: series.id, sessions };
  }

  /**
   * What saving would do, without saving: the same validation (same errors), each session's
   * times, how many are invited and the overlap warnings, so they can be shown before saving.
   */
  async check(principal: Principal, dto: CheckSessionDto): Promise<SessionCheckResponseDto> {
    const starts = dto.repeat
      ? this.seriesStarts({ ...dto, repeat: dto.repeat })
      : [new Date(dto.startsAt)];
    const { sessions } = await this.build(principal, dto, starts, null);
    const out: SessionCheckResponseDto['sessions'] = [];
    for (const s of sessions) {
      out.push({
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        inviteeCount: (await this.invitees(s)).length,
        warnings: await this.warnings([s]),
      });
    }
    return { sessions: out };
  }

  async update(
    principal: Principal,
    id: string,
    dto: UpdateSessionDto,
  ): Promise<SessionWriteResponseDto> {
    const before = await this.requireManaged(principal, id);
    if (before.status === 'cancelled') throw SessionErrors.CANCELLED();
    const started = this.clock.now() >= before.startsAt;
    const changed = Object.entries(dto)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    if (started && changed.some((k) => !AFTER_START.has(k))) throw SessionErrors.STARTED();
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : before.startsAt;
    const endsAt = dto.endsAt ? new Date(dto.endsAt) : before.endsAt;
    const input = await this.validate(principal, {
      unitId: before.unitId,
      startsAt,
      endsAt,
      place: dto.place !== undefined ? dto.place || null : before.place,
      onlineUrl: dto.onlineUrl !== undefined ? dto.onlineUrl || null : before.onlineUrl,
      creditedHours: dto.creditedHours ?? before.creditedHours,
      invite: dto.invite
        ? {
            inviteUnitIds: [...new Set(dto.invite.unitIds ?? [])],
            invitePartyOnly: dto.invite.partyMembersOnly ?? false,
            inviteStaffIds: [...new Set(dto.invite.staffIds ?? [])],
          }
        : before,
      laws: dto.laws,
      keepLaws: dto.laws === undefined,
    });
    const moved =
      startsAt.getTime() !== before.startsAt.getTime() ||
      endsAt.getTime() !== before.endsAt.getTime();
    const offsets = dto.reminderOffsetsMinutes
      ? [...new Set(dto.reminderOffsetsMinutes)]
      : before.reminderOffsetsMinutes;
    const patch: Partial<StudySessionEntity> = {
      topic: dto.topic ?? before.topic,
      type: dto.type ?? before.type,
      organiser: dto.organiser ?? before.organiser,
      required: dto.required ?? before.required,
      startsAt,
      endsAt,
      place: input.place,
      onlineUrl: input.onlineUrl,
      creditedHours: input.creditedHours,
      inviteUnitIds: input.rule.inviteUnitIds,
      invitePartyOnly: input.rule.invitePartyOnly,
      inviteStaffIds: input.rule.inviteStaffIds,
      reminderOffsetsMinutes: offsets,
      ...(moved || dto.reminderOffsetsMinutes
        ? { remindersSent: this.pastReminders(startsAt, offsets) }
        : {}),
    };
    await this.tx.run(async () => {
      await this.repo.update(id, patch);
      if (dto.laws !== undefined) await this.repo.replaceLaws(id, input.laws);
      await this.audited(before, moved ? 'session.reschedule' : 'session.update', {
        changed,
        ...(moved
          ? {
              from: {
                startsAt: before.startsAt.toISOString(),
                endsAt: before.endsAt.toISOString(),
              },
              to: { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
            }
          : {}),
      });
    });
    const after = (await this.repo.findById(id)) as StudySessionEntity;
    if (moved || dto.reminderOffsetsMinutes) {
      await this.scheduler.unplan(before);
      await this.scheduler.plan(after);
    }
    if (moved) {
      const label = await this.label(after);
      await this.notify(after, {
        kind: 'session_rescheduled',
        title: '学习活动时间调整',
        body: `“${label}”（${after.topic}）时间调整为 ${this.local(startsAt)} 至 ${this.local(endsAt)}${where(after)}。`,
        dedupKey: `session-rescheduled:${id}:${startsAt.getTime()}:${endsAt.getTime()}`,
      });
    }
    return { ...(await this.detail(after)), warnings: await this.warnings([after]) };
  }

  async cancel(
    principal: Principal,
    id: string,
    dto: CancelSessionDto,
  ): Promise<SessionDetailResponseDto> {
    const session = await this.requireManaged(principal, id);
    if (session.status === 'cancelled') throw SessionErrors.CANCELLED();
    if (this.clock.now() >= session.startsAt) throw SessionErrors.STARTED();
    const label = await this.label(session);
    await this.tx.run(async () => {
      await this.repo.update(id, {
        status: 'cancelled',
        cancelledAt: this.clock.now(),
        cancelReason: dto.reason,
      });
      await this.audited(session, 'session.cancel', { reason: dto.reason });
    });
    await this.scheduler.unplan(session);
    await this.notify(session, {
      kind: 'session_cancelled',
      title: '学习活动取消',
      body: `原定 ${this.local(session.startsAt)} 的“${label}”（${session.topic}）已取消。原因：${dto.reason}`,
      dedupKey: `session-cancelled:${id}`,
    });
    return this.detail((await this.repo.findById(id)) as StudySessionEntity);
  }

  async list(principal: Principal, query: ListSessionsQueryDto): Promise<Page<SessionResponseDto>> {
    const unit = query.unitId
      ? await this.units.requireInScope(principal, query.unitId, SESSION_MANAGERS)
      : null;
    const [rows, total] = await this.repo.search({
      scopePaths: scopePaths(principal, SESSION_MANAGERS),
      unitPath: unit?.path,
      type: query.type,
      status: query.status,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      offset: offsetOf(query),
      limit: query.pageSize,
    });
    return pageOf(await this.present(rows), total, query);
  }

  /** A manager in scope sees everything; an invitee the session as invited; others 404. */
  async get(principal: Principal, id: string): Promise<SessionDetailResponseDto> {
    const session = await this.repo.findById(id);
    if (!session) throw SessionErrors.NOT_FOUND();
    if (!(await this.manages(principal, session)) && !(await this.isInvitee(session, principal))) {
      throw SessionErrors.NOT_FOUND();
    }
    return this.detail(session);
  }

  /** My sessions in a period (cancelled ones too, so a calendar can drop them). */
  async mine(principal: Principal, query: MySessionsQueryDto): Promise<MySessionDto[]> {
    const now = this.clock.now();
    const from = query.from ? new Date(query.from) : new Date(now.getTime() - 30 * 86_400_000);
    const to = query.to ? new Date(query.to) : new Date(now.getTime() + 90 * 86_400_000);
    const sessions = await this.sessionsOf(principal.staffId, from, to, true);
    const ids = sessions.map((s) => s.id);
    const marks = new Map(
      (await this.repo.attendanceOfStaff(principal.staffId, ids)).map((a) => [a.sessionId, a]),
    );
    const leaves = new Map(
      (await this.repo.leavesOfStaff(principal.staffId, ids)).map((l) => [l.sessionId, l]),
    );
    return (await this.present(sessions)).map((s, i) => ({
      ...s,
      attendance: marks.get(s.id)?.status ?? (now < sessions[i].startsAt ? 'upcoming' : 'unmarked'),
      leave: leaves.get(s.id)?.status ?? null,
    }));
  }

  // ---- shared with attendance, reminders, the calendar and the annual report ----

  /** Sessions of a unit subtree held between two dates (local), numbered and labelled. */
  async held(unitPath: string, from: string, to: string): Promise<SessionResponseDto[]> {
    return this.present(
      await this.repo.heldIn(unitPath, from, to, this.clock.now(), this.config.timeZone),
    );
  }

  async requireManaged(principal: Principal, id: string): Promise<StudySessionEntity> {
    const session = await this.repo.findById(id);
    if (!session || !(await this.manages(principal, session))) throw SessionErrors.NOT_FOUND();
    return session;
  }

  async manages(principal: Principal, session: StudySessionEntity): Promise<boolean> {
    const unit = await this.units.findById(session.unitId);
    return !!unit && pathInScope(scopePaths(principal, SESSION_MANAGERS), unit.path);
  }

  /** The invitees: fixed at the start; before it, whoever the rule invites today. */
  async invitees(session: StudySessionEntity): Promise<InviteeRow[]> {
    if (session.inviteesFixedAt) return this.repo.fixedInvitees(session.id);
    return this.repo.inviteesByRule(session, this.clock.today(this.config.timeZone));
  }

  async isInvitee(session: StudySessionEntity, principal: Pick<Principal, 'staffId'>) {
    return (await this.invitees(session)).some((i) => i.staffId === principal.staffId);
  }

  /** Fixes the invitees (once); true when this call fixed them. */
  async fixInvitees(session: StudySessionEntity): Promise<boolean> {
    if (session.inviteesFixedAt) return false;
    return this.tx.run(async () => {
      const rows = await this.repo.inviteesByRule(
        session,
        dateInZone(session.startsAt, this.config.timeZone),
      );
      return this.repo.fixInvitees(
        session.id,
        rows.map((r) => r.staffId),
        this.clock.now(),
      );
    });
  }

  async sessionsOf(staffId: string, from: Date, to: Date, includeCancelled = false) {
    const facts = await this.staffFacts(staffId);
    if (!facts) return [];
    return this.repo.sessionsOf({ id: staffId, ...facts }, from, to, includeCancelled);
  }

  async label(session: StudySessionEntity): Promise<string> {
    return (await this.present([session]))[0].label;
  }

  async present(sessions: StudySessionEntity[]): Promise<SessionResponseDto[]> {
    const ordinals = await this.repo.ordinals(sessions, this.config.timeZone);
    const laws = await this.repo.laws(sessions.map((s) => s.id));
    const units = new Map(
      (await this.units.findByIds([...new Set(sessions.map((s) => s.unitId))])).map((u) => [
        u.id,
        u,
      ]),
    );
    const titles = await this.lawTitles(laws);
    return sessions.map((s) => {
      const year = dateInZone(s.startsAt, this.config.timeZone).slice(0, 4);
      const ordinal = s.status === 'scheduled' ? (ordinals.get(s.id) ?? null) : null;
      const typeLabel = SESSION_TYPE_LABELS[s.type];
      return {
        id: s.id,
        unitId: s.unitId,
        unitName: units.get(s.unitId)?.name ?? '',
        type: s.type,
        typeLabel,
        ordinal,
        label: ordinal ? `${year}年第${ordinal}次${typeLabel}` : `${year}年${typeLabel}（已取消）`,
        topic: s.topic,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        place: s.place,
        onlineUrl: s.onlineUrl,
        organiser: s.organiser,
        creditedHours: s.creditedHours,
        required: s.required,
        status: s.status,
        cancelReason: s.cancelReason,
        seriesId: s.seriesId,
        laws: groupLaws(
          laws.filter((l) => l.sessionId === s.id),
          titles,
        ),
      };
    });
  }

  async detail(session: StudySessionEntity): Promise<SessionDetailResponseDto> {
    const [base] = await this.present([session]);
    return {
      ...base,
      inviteUnitIds: session.inviteUnitIds,
      invitePartyMembersOnly: session.invitePartyOnly,
      inviteStaffIds: session.inviteStaffIds,
      reminderOffsetsMinutes: session.reminderOffsetsMinutes,
      inviteeCount: (await this.invitees(session)).length,
      minutes: session.minutes,
    };
  }

  /** An in-app notice (and one group-robot message) to everyone invited. */
  async notify(
    session: StudySessionEntity,
    message: { kind: string; title: string; body: string; dedupKey: string },
    data: Record<string, unknown> = {},
  ): Promise<void> {
    const invitees = await this.invitees(session);
    await this.notifications.notify({
      staffIds: invitees.map((i) => i.staffId),
      kind: message.kind,
      title: message.title,
      body: message.body,
      data: { sessionId: session.id, ...data },
      dedupKey: message.dedupKey,
      webhookText: `【${message.title}】${message.body}`,
    });
  }

  local(d: Date): string {
    return localDateTime(d, this.config.timeZone);
  }

  audited(session: StudySessionEntity, action: string, details: Record<string, unknown>) {
    return this.audit.record({
      action,
      target: { type: 'study_session', id: session.id },
      unitId: session.unitId,
      details: { topic: session.topic, ...details },
    });
  }

  // ---- helpers ----

  /** Reminders whose time is already past when a session is scheduled are not sent late. */
  private pastReminders(startsAt: Date, offsets: number[]): number[] {
    const now = this.clock.nowMs();
    return offsets.filter((o) => startsAt.getTime() - o * 60_000 <= now);
  }

  private seriesStarts(dto: CreateSeriesDto): Date[] {
    const first = new Date(dto.startsAt);
    return Array.from({ length: dto.repeat.count }, (_, i) =>
      dto.repeat.frequency === 'weekly'
        ? new Date(first.getTime() + i * (dto.repeat.interval ?? 1) * 7 * 86_400_000)
        : addMonths(first, i * (dto.repeat.interval ?? 1), this.config.timeZone),
    );
  }

  /**
   * The invitation, sent at once when sessions are scheduled (reminders come later, and those
   * already past are never sent): one notice for a single session, one for a whole series.
   * Nobody is invited to what is already over (a session recorded after the fact).
   */
  private async invite(
    first: SessionWriteResponseDto,
    series: { id: string; sessions: SessionWriteResponseDto[] } | null,
  ): Promise<void> {
    const last = (series?.sessions ?? [first]).at(-1) as SessionWriteResponseDto;
    if (this.clock.nowMs() >= Date.parse(last.endsAt)) return;
    const session = (await this.repo.findById(first.id)) as StudySessionEntity;
    const ask = session.required ? '请准时参加，不能参加的请提前请假。' : '';
    if (!series) {
      await this.notify(session, {
        kind: 'session_invited',
        title: '学习活动通知',
        body: `“${first.label}”（${session.topic}）定于 ${this.local(session.startsAt)} 至 ${this.local(session.endsAt)} 举行${where(session)}。${ask}`,
        dedupKey: `session-invited:${session.id}`,
      });
      return;
    }
    const shown = series.sessions.slice(0, 12).map((s) => this.local(new Date(s.startsAt)));
    const more = series.sessions.length > shown.length ? ' 等' : '';
    await this.notify(
      session,
      {
        kind: 'session_invited',
        title: '学习活动安排',
        body: `“${first.typeLabel}”（${session.topic}）共安排 ${series.sessions.length} 次：${shown.join('、')}${more}${where(session)}。${ask}`,
        dedupKey: `session-series-invited:${series.id}`,
      },
      { seriesId: series.id },
    );
  }

  private async createMany(
    principal: Principal,
    dto: CreateSessionDto,
    starts: Date[],
    series: StudySessionSeriesEntity | null,
  ): Promise<SessionWriteResponseDto[]> {
    const { sessions, input } = await this.build(principal, dto, starts, series);
    await this.tx.run(async () => {
      if (series) await this.repo.insertSeries(series);
      for (const s of sessions) {
        await this.repo.insert(s);
        await this.repo.replaceLaws(s.id, input.laws);
        await this.audited(s, 'session.create', {
          type: s.type,
          startsAt: s.startsAt.toISOString(),
          ...(series ? { seriesId: series.id } : {}),
        });
      }
    });
    const out: SessionWriteResponseDto[] = [];
    for (const s of sessions) {
      const saved = (await this.repo.findById(s.id)) as StudySessionEntity;
      await this.scheduler.plan(saved);
      out.push({ ...(await this.detail(saved)), warnings: await this.warnings([saved]) });
    }
    return out;
  }

  /** Validates the input and builds the (unsaved) sessions. */
  private async build(
    principal: Principal,
    dto: CreateSessionDto,
    starts: Date[],
    series: StudySessionSeriesEntity | null,
  ): Promise<{ sessions: StudySessionEntity[]; input: SessionInput }> {
    const length = new Date(dto.endsAt).getTime() - new Date(dto.startsAt).getTime();
    const rule: InviteRule = {
      inviteUnitIds: [...new Set(dto.invite.unitIds ?? [])],
      invitePartyOnly: dto.invite.partyMembersOnly ?? false,
      inviteStaffIds: [...new Set(dto.invite.staffIds ?? [])],
    };
    const input = await this.validate(principal, {
      unitId: dto.unitId,
      startsAt: new Date(dto.startsAt),
      endsAt: new Date(dto.endsAt),
      place: dto.place || null,
      onlineUrl: dto.onlineUrl || null,
      creditedHours: dto.creditedHours,
      invite: rule,
      laws: dto.laws ?? [],
      keepLaws: false,
    });
    const sessions = starts.map((startsAt) => {
      const s = new StudySessionEntity();
      s.id = randomUUID();
      s.unitId = input.unit.id;
      s.type = dto.type;
      s.topic = dto.topic;
      s.startsAt = startsAt;
      s.endsAt = new Date(startsAt.getTime() + length);
      s.place = input.place;
      s.onlineUrl = input.onlineUrl;
      s.organiser = dto.organiser;
      s.creditedHours = input.creditedHours;
      s.required = dto.required ?? true;
      s.inviteUnitIds = rule.inviteUnitIds;
      s.invitePartyOnly = rule.invitePartyOnly;
      s.inviteStaffIds = rule.inviteStaffIds;
      s.reminderOffsetsMinutes = [...new Set(dto.reminderOffsetsMinutes ?? [1440, 60])];
      s.remindersSent = this.pastReminders(startsAt, s.reminderOffsetsMinutes);
      s.status = 'scheduled';
      s.cancelledAt = null;
      s.cancelReason = null;
      s.seriesId = series?.id ?? null;
      s.minutes = null;
      s.checkinSecret = null;
      s.inviteesFixedAt = null;
      s.attendanceClosedAt = null;
      s.createdBy = principal.staffId;
      return s;
    });
    return { sessions, input };
  }

  private async validate(
    principal: Principal,
    input: {
      unitId: string;
      startsAt: Date;
      endsAt: Date;
      place: string | null;
      onlineUrl: string | null;
      creditedHours: number;
      invite: InviteRule;
      laws: SessionLawDto[] | undefined;
      keepLaws: boolean;
    },
  ): Promise<SessionInput> {
    const unit = await this.units.findById(input.unitId);
    const scope = scopePaths(principal, SESSION_MANAGERS);
    if (!unit || !pathInScope(scope, unit.path)) throw SessionErrors.UNIT_NOT_FOUND();
    const length = input.endsAt.getTime() - input.startsAt.getTime();
    if (length <= 0) throw SessionErrors.TIME_INVALID({ reason: '结束时间须晚于开始时间' });
    if (length > MAX_SESSION_MS) {
      throw SessionErrors.TIME_INVALID({ reason: '一次活动不能超过 24 小时' });
    }
    if (input.creditedHours * 3600_000 > length) {
      throw SessionErrors.TIME_INVALID({ reason: '计入的学时不能超过活动时长' });
    }
    if (!input.place && !input.onlineUrl) throw SessionErrors.PLACE_REQUIRED();
    const rule = input.invite;
    if (!rule.inviteUnitIds.length && !rule.inviteStaffIds.length) {
      throw SessionErrors.INVITE_INVALID({ reason: '请选择参加的单位或人员' });
    }
    const invitedUnits = await this.units.findByIds(rule.inviteUnitIds);
    if (invitedUnits.length !== rule.inviteUnitIds.length) {
      throw SessionErrors.INVITE_INVALID({ reason: '有单位不存在' });
    }
    for (const u of invitedUnits) {
      if (!u.path.startsWith(unit.path) || !pathInScope(scope, u.path)) {
        throw SessionErrors.INVITE_INVALID({ reason: `“${u.name}”不在本单位之内` });
      }
    }
    for (const id of rule.inviteStaffIds) {
      if (!(await this.staff.findInScope(principal, id, SESSION_MANAGERS))) {
        throw SessionErrors.INVITE_INVALID({ reason: '有参加人员不存在或不在您的管理范围内' });
      }
    }
    const today = this.clock.today(this.config.timeZone);
    if (!(await this.repo.inviteesByRule(rule, today)).length) {
      throw SessionErrors.INVITE_INVALID({ reason: '没有符合条件的在职人员' });
    }
    const laws: { lawId: string; articleNumber: number }[] = [];
    const wanted = input.keepLaws ? [] : (input.laws ?? []);
    const found = await this.laws.findLaws(wanted.map((l) => l.lawId));
    for (const l of wanted) {
      const law = found.get(l.lawId);
      if (!law) throw SessionErrors.LAW_INVALID({ reason: '法律法规不存在' });
      const articles = [...new Set(l.articles ?? [])];
      if (articles.length) {
        if (!law.currentVersionId) {
          throw SessionErrors.LAW_INVALID({
            reason: `《${law.shortTitle}》尚未导入条文，只能按整部法律登记`,
          });
        }
        const found = await this.laws.existingArticles(law.currentVersionId, articles);
        const missing = articles.filter((a) => !found.has(a));
        if (missing.length) {
          throw SessionErrors.LAW_INVALID({
            reason: `《${law.shortTitle}》没有第 ${missing.join('、')} 条`,
          });
        }
        for (const a of articles) laws.push({ lawId: law.id, articleNumber: a });
      } else laws.push({ lawId: law.id, articleNumber: 0 });
    }
    return {
      unit,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      place: input.place,
      onlineUrl: input.onlineUrl,
      creditedHours: input.creditedHours,
      rule,
      laws,
    };
  }

  /** Invitees who already have another session at an overlapping time (not an error). */
  private async warnings(sessions: StudySessionEntity[]): Promise<OverlapWarningDto[]> {
    const out: OverlapWarningDto[] = [];
    for (const s of sessions) {
      const mine = new Map((await this.invitees(s)).map((i) => [i.staffId, i.name]));
      for (const other of await this.repo.overlapping(s.startsAt, s.endsAt, [s.id])) {
        const both = (await this.invitees(other)).filter((i) => mine.has(i.staffId));
        if (!both.length) continue;
        out.push({
          sessionId: other.id,
          label: `${await this.label(other)}：${other.topic}`,
          startsAt: other.startsAt.toISOString(),
          endsAt: other.endsAt.toISOString(),
          names: both.slice(0, 20).map((i) => i.name),
          count: both.length,
        });
      }
    }
    return out;
  }

  private async staffFacts(
    staffId: string,
  ): Promise<{ unitPath: string; partyMember: boolean } | null> {
    const rows = await this.tx.manager.query<{ path: string; party_member: boolean }[]>(
      `SELECT u.path, s.party_member FROM staff s JOIN org_unit u ON u.id = s.unit_id WHERE s.id = $1`,
      [staffId],
    );
    return rows[0] ? { unitPath: rows[0].path, partyMember: rows[0].party_member } : null;
  }

  private lawTitles(laws: StudySessionLawEntity[]): Promise<Map<string, string>> {
    return this.laws.displayTitles(laws.map((l) => l.lawId));
  }
}

function groupLaws(laws: StudySessionLawEntity[], titles: Map<string, string>) {
  const byLaw = new Map<string, number[]>();
  for (const l of laws) {
    const list = byLaw.get(l.lawId) ?? [];
    if (l.articleNumber > 0) list.push(l.articleNumber);
    byLaw.set(l.lawId, list);
  }
  return [...byLaw].map(([lawId, articles]) => ({
    lawId,
    lawTitle: titles.get(lawId) ?? '',
    articles: articles.sort((a, b) => a - b),
  }));
}

function where(s: StudySessionEntity): string {
  return s.place ? `，地点：${s.place}` : s.onlineUrl ? `，线上参加：${s.onlineUrl}` : '';
}

/**
 * The same local time of day n months later in the time zone; the day of the month is clamped
 * to the month's last day (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(d: Date, months: number, timeZone: string): Date {
  const local = new Date(d.getTime() + zoneOffsetMs(d, timeZone));
  const day = local.getUTCDate();
  local.setUTCDate(1);
  local.setUTCMonth(local.getUTCMonth() + months);
  const last = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  local.setUTCDate(Math.min(day, last));
  const guess = new Date(local.getTime() - zoneOffsetMs(d, timeZone));
  return new Date(local.getTime() - zoneOffsetMs(guess, timeZone));
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}
