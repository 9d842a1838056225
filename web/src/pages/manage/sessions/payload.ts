/**
 * The session form of /manage/sessions/new and /manage/sessions/:id, and what it sends: the
 * body of `POST /sessions`, `POST /sessions/series` (and `POST /sessions/check`), or the
 * changed fields only for `PATCH /sessions/:id` (after the start the server accepts topic,
 * organiser and place alone, so nothing unchanged may be sent). Times are entered as Beijing
 * date + time of day.
 */
import type { Schema } from '../../../api/types';

export type SessionType = Schema<'CreateSessionDto'>['type'];

export interface LawChoice {
  lawId: string;
  title: string;
  /** as typed: "2、5-7" */
  articles: string;
}

export interface SessionForm {
  unitId: string;
  type: SessionType;
  topic: string;
  /** "2026-12-10" */
  date: string;
  /** "14:30" */
  startTime: string;
  endTime: string;
  place: string;
  onlineUrl: string;
  organiser: string;
  creditedHours: number;
  required: boolean;
  inviteUnitIds: string[];
  partyMembersOnly: boolean;
  inviteStaff: { id: string; name: string }[];
  laws: LawChoice[];
  reminderOffsetsMinutes: number[];
  repeat: 'none' | 'weekly' | 'monthly';
  interval: number;
  count: number;
}

export function emptyForm(): SessionForm {
  return {
    unitId: '',
    type: 'law_study',
    topic: '',
    date: '',
    startTime: '14:30',
    endTime: '16:30',
    place: '',
    onlineUrl: '',
    organiser: '',
    creditedHours: 2,
    required: true,
    inviteUnitIds: [],
    partyMembersOnly: false,
    inviteStaff: [],
    laws: [],
    reminderOffsetsMinutes: [1440, 60],
    repeat: 'none',
    interval: 1,
    count: 4,
  };
}

/** "2、5-7, 9" → [2, 5, 6, 7, 9]; throws a Chinese message for anything else. */
export function parseArticles(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(/[,，、\s]+/).filter(Boolean)) {
    const range = /^(\d+)(?:[-–~至](\d+))?$/.exec(part);
    if (!range) throw new Error(`条号“${part}”无法识别，请写成 2、5-7 这样的形式`);
    const a = Number(range[1]);
    const b = range[2] ? Number(range[2]) : a;
    if (a < 1 || b < a || b - a > 500) throw new Error(`条号范围“${part}”不正确`);
    for (let n = a; n <= b; n += 1) out.add(n);
  }
  return [...out].sort((x, y) => x - y);
}

/** Beijing date + time of day → ISO instant; an end earlier than the start is the next day. */
export function toInstants(
  date: string,
  startTime: string,
  endTime: string,
): { startsAt: string; endsAt: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('请选择日期');
  if (!/^\d{2}:\d{2}$/.test(startTime) || !/^\d{2}:\d{2}$/.test(endTime)) {
    throw new Error('请填写开始和结束时间');
  }
  const start = Date.parse(`${date}T${startTime}:00+08:00`);
  let end = Date.parse(`${date}T${endTime}:00+08:00`);
  if (end <= start) end += 86_400_000;
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() };
}

/** An instant → Beijing date and time of day, for editing. */
export function fromInstant(iso: string): { date: string; time: string } {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

export interface CreateBody {
  unitId: string;
  type: SessionType;
  topic: string;
  startsAt: string;
  endsAt: string;
  place?: string;
  onlineUrl?: string;
  organiser: string;
  creditedHours: number;
  required: boolean;
  invite: { unitIds: string[]; partyMembersOnly: boolean; staffIds: string[] };
  laws: { lawId: string; articles: number[] }[];
  reminderOffsetsMinutes: number[];
  repeat?: { frequency: 'weekly' | 'monthly'; interval: number; count: number };
}

/** The body to create (or check) what the form describes; `repeat` only for a series. */
export function createBody(form: SessionForm): CreateBody {
  const place = form.place.trim();
  const onlineUrl = form.onlineUrl.trim();
  return {
    unitId: form.unitId,
    type: form.type,
    topic: form.topic.trim(),
    ...toInstants(form.date, form.startTime, form.endTime),
    ...(place ? { place } : {}),
    ...(onlineUrl ? { onlineUrl } : {}),
    organiser: form.organiser.trim(),
    creditedHours: Number(form.creditedHours),
    required: form.required,
    invite: {
      unitIds: [...form.inviteUnitIds],
      partyMembersOnly: form.partyMembersOnly,
      staffIds: form.inviteStaff.map((s) => s.id),
    },
    laws: form.laws.map((l) => ({ lawId: l.lawId, articles: parseArticles(l.articles) })),
    reminderOffsetsMinutes: [...new Set(form.reminderOffsetsMinutes)].sort((a, b) => b - a),
    ...(form.repeat === 'none'
      ? {}
      : {
          repeat: {
            frequency: form.repeat,
            interval: Math.max(1, Math.floor(form.interval)),
            count: Math.floor(form.count),
          },
        }),
  };
}

/** The fields that differ between the saved session and the form, in `PATCH` shape. */
export function patchBody(saved: SessionForm, form: SessionForm): Record<string, unknown> {
  const before = createBody({ ...saved, repeat: 'none' });
  const after = createBody({ ...form, repeat: 'none' });
  const out: Record<string, unknown> = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const key of ['type', 'topic', 'organiser', 'creditedHours', 'required'] as const) {
    if (!same(before[key], after[key])) out[key] = after[key];
  }
  if (before.startsAt !== after.startsAt) out.startsAt = after.startsAt;
  if (before.endsAt !== after.endsAt) out.endsAt = after.endsAt;
  // cleared with an empty string, as the server documents
  if ((before.place ?? '') !== (after.place ?? '')) out.place = after.place ?? '';
  if ((before.onlineUrl ?? '') !== (after.onlineUrl ?? '')) out.onlineUrl = after.onlineUrl ?? '';
  const sortedInvite = (b: CreateBody) => ({
    unitIds: [...b.invite.unitIds].sort(),
    partyMembersOnly: b.invite.partyMembersOnly,
    staffIds: [...b.invite.staffIds].sort(),
  });
  if (!same(sortedInvite(before), sortedInvite(after))) out.invite = after.invite;
  if (!same(before.laws, after.laws)) out.laws = after.laws;
  if (!same(before.reminderOffsetsMinutes, after.reminderOffsetsMinutes)) {
    out.reminderOffsetsMinutes = after.reminderOffsetsMinutes;
  }
  return out;
}

/** Reminder choices (minutes before the start). */
export const REMINDER_CHOICES: { minutes: number; label: string }[] = [
  { minutes: 10080, label: '提前 1 周' },
  { minutes: 2880, label: '提前 2 天' },
  { minutes: 1440, label: '提前 1 天' },
  { minutes: 120, label: '提前 2 小时' },
  { minutes: 60, label: '提前 1 小时' },
  { minutes: 15, label: '提前 15 分钟' },
];
