import ExcelJS from 'exceljs';
import './zip-central-directory';
import type { Worksheet } from 'exceljs';
import { sortableDateTime } from '../../../common/clock/clock';
import { rate } from '../../compliance/compliance-figures';
import type { DossierContext } from '../dossier';
import type { DossierDto } from '../dto/dossier.dto';
import { MAKEUP_LABELS } from '../evidence-labels';
import { SheetNames } from './sheet-names';

export const SUMMARY_SHEET = '汇总';
export const RECORDS_SHEET = '学习记录';
export const EXAMS_SHEET = '考试记录';
export const ATTENDANCE_SHEET = '活动考勤';

/** What the first rows of the summary say about the file. */
export interface WorkbookMeta {
  exportId: string;
  /** 测试市信访局2026年度学法考法情况 */
  title: string;
  requestedBy: { name: string; staffNo: string };
  requestedAt: Date;
}

type Cell = string | number | null;

/** The columns of the summary sheet (one row per person). */
export const SUMMARY_COLUMNS: { header: string; width: number }[] = [
  { header: '序号', width: 6 },
  { header: '工号', width: 12 },
  { header: '姓名', width: 10 },
  { header: '部门', width: 18 },
  { header: '职务', width: 12 },
  { header: '学时合计', width: 10 },
  { header: '集体学习', width: 10 },
  { header: '补学', width: 8 },
  { header: '自学', width: 8 },
  { header: '练习', width: 8 },
  { header: '旁听庭审', width: 10 },
  { header: '外部培训', width: 10 },
  { header: '要求学时', width: 10 },
  { header: '未学必学法律', width: 24 },
  { header: '是否完成学习', width: 12 },
  { header: '完成日期', width: 12 },
  { header: '应参加活动', width: 10 },
  { header: '出席', width: 8 },
  { header: '请假', width: 8 },
  { header: '缺席', width: 8 },
  { header: '参加考试', width: 10 },
  { header: '最好成绩(%)', width: 12 },
  { header: '是否通过', width: 10 },
  { header: '通过日期', width: 12 },
  { header: '免考免学', width: 24 },
  { header: '提示', width: 48 },
];

const RECORD_COLUMNS = [
  { header: '工号', width: 12 },
  { header: '姓名', width: 10 },
  { header: '部门', width: 18 },
  { header: '日期', width: 12 },
  { header: '类别', width: 10 },
  { header: '内容', width: 40 },
  { header: '学时', width: 8 },
  { header: '状态', width: 8 },
  { header: '涉及法律', width: 30 },
  { header: '备注', width: 24 },
  { header: '记录编号', width: 38 },
];

const EXAM_COLUMNS = [
  { header: '工号', width: 12 },
  { header: '姓名', width: 10 },
  { header: '部门', width: 18 },
  { header: '考试', width: 30 },
  { header: '类别', width: 10 },
  { header: '计入参考率通过率', width: 10 },
  { header: '次序', width: 6 },
  { header: '开始时间', width: 18 },
  { header: '交卷时间', width: 18 },
  { header: '得分', width: 8 },
  { header: '满分', width: 8 },
  { header: '得分率(%)', width: 10 },
  { header: '是否通过', width: 10 },
  { header: '计分', width: 6 },
  { header: '状态', width: 14 },
  { header: '答卷编号', width: 38 },
];

const ATTENDANCE_COLUMNS = [
  { header: '工号', width: 12 },
  { header: '姓名', width: 10 },
  { header: '部门', width: 18 },
  { header: '日期', width: 12 },
  { header: '活动', width: 40 },
  { header: '主题', width: 30 },
  { header: '必须参加', width: 10 },
  { header: '学时', width: 8 },
  { header: '考勤', width: 8 },
  { header: '签到时间', width: 18 },
  { header: '补学', width: 10 },
  { header: '活动编号', width: 38 },
];

const yesNo = (b: boolean | null | undefined) =>
  b === null || b === undefined ? '—' : b ? '是' : '否';

/** 是 / 否 / 免学 / — for the study requirement. */
export function studyCell(d: DossierDto): string {
  if (!d.plan) return '—';
  if (d.exempted) return '免学';
  return yesNo(d.study.met);
}

function examCells(d: DossierDto): { sat: string; passed: string } {
  if (!d.plan || !d.exams.items.some((e) => e.countsForPlan)) return { sat: '—', passed: '—' };
  if (d.exempted) return { sat: '免考', passed: '免考' };
  return { sat: yesNo(d.exams.sat), passed: yesNo(d.exams.passed) };
}

function exemptionCell(d: DossierDto): string {
  const active = d.exemptions.find((e) => e.revokedAt === null);
  return active ? `是（${active.reason}）` : '否';
}

/** The summary row of one person. */
export function summaryRow(d: DossierDto, n: number): Cell[] {
  const hours = (kind: string) => d.study.byKind.find((k) => k.kind === kind)?.hours ?? 0;
  const exam = examCells(d);
  return [
    n,
    d.staff.staffNo,
    d.staff.name,
    d.staff.unitName,
    d.staff.position ?? '',
    d.study.totalHours,
    hours('session'),
    hours('makeup_study'),
    hours('self_study'),
    hours('practice'),
    hours('court_hearing'),
    hours('external_training'),
    d.study.requiredHours ?? '—',
    d.study.lawsMissing.map((l) => `《${l.title}》`).join(''),
    studyCell(d),
    d.study.metOn ?? '',
    d.sessions.invited,
    d.sessions.attended,
    d.sessions.excused,
    d.sessions.missed,
    exam.sat,
    d.exams.bestPercentage ?? '',
    exam.passed,
    d.exams.passedOn ?? '',
    exemptionCell(d),
    d.flags.map((f) => f.text).join('；'),
  ];
}

/**
 * The evidence workbook, written as a stream: 汇总 (one row per person, then the rates), the raw
 * sheets 学习记录, 考试记录 and 活动考勤, then one sheet per person. exceljs writes each sheet into
 * the zip in the order it was added, so the sheets are filled one after another, every row
 * committed as soon as it is written: memory holds the rows of one batch, never the file.
 */
/** Compressed output waiting to be written that `drain` lets pass before the next batch. */
const DRAIN_BYTES = 1024 * 1024;

/** What `drain` and `close` use of exceljs's streaming writer (exceljs 4.4, archiver 5). */
interface WriterInternals {
  zip: {
    /** Entries appended, and entries compressed into the archive. */
    _entriesCount: number;
    _entriesProcessedCount: number;
    readableLength: number;
    once(event: 'entry', listener: () => void): unknown;
    off(event: 'entry', listener: () => void): unknown;
  };
  /** The file being written. */
  stream: { writableLength: number };
  _worksheets: unknown[];
}

export class EvidenceWorkbook {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  // the fixed sheets are opened first, so a person's sheet can never take their names
  private readonly names = new SheetNames();
  private sheet: Worksheet | null = null;
  private counts = { people: 0, exempted: 0, required: 0, met: 0, sat: 0, passed: 0 };

  constructor(
    filename: string,
    private readonly meta: WorkbookMeta,
    private readonly ctx: DossierContext,
  ) {
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename,
      useStyles: true,
      useSharedStrings: false,
    });
    this.wb.creator = 'xuefa';
    this.wb.lastModifiedBy = 'xuefa';
    this.wb.created = meta.requestedAt;
    this.wb.modified = meta.requestedAt;
  }

  // ---- 汇总 ----

  startSummary(): void {
    const ws = this.open(SUMMARY_SHEET, SUMMARY_COLUMNS);
    const { plan, period } = this.ctx;
    this.line(ws, [`${this.meta.title}汇总`], { bold: true, size: 14 });
    this.line(ws, [
      plan
        ? `适用计划：${plan.title}（${period.start} 至 ${period.end}，要求 ${plan.requiredHours} 学时，及格线 ${plan.passMark}%）`
        : `适用计划：无（${this.ctx.year}年度本单位及上级单位没有生效的学法考法计划，不计学时和考试要求）`,
    ]);
    this.line(ws, [
      `统计区间：${period.start} 至 ${period.asOf}${this.ctx.periodEnded ? '（计划期已结束）' : '（计划期进行中）'}`,
    ]);
    this.line(ws, [
      `导出编号：${this.meta.exportId}  导出人：${this.meta.requestedBy.name}（${this.meta.requestedBy.staffNo}）  导出时间：${sortableDateTime(this.meta.requestedAt, this.ctx.timeZone)}`,
    ]);
    this.line(ws, []);
    this.line(
      ws,
      SUMMARY_COLUMNS.map((c) => c.header),
      { bold: true },
    );
  }

  addSummary(d: DossierDto): void {
    const c = this.counts;
    c.people += 1;
    if (d.exempted) c.exempted += 1;
    else if (d.onRoster) {
      c.required += 1;
      if (d.study.met) c.met += 1;
      if (d.exams.sat) c.sat += 1;
      if (d.exams.passed) c.passed += 1;
    }
    this.line(this.current(), summaryRow(d, c.people));
  }

  /** The rates under the rows, each n / d (product.md §3), as the compliance figures give them. */
  finishSummary(): void {
    const ws = this.current();
    const c = this.counts;
    this.line(ws, []);
    this.line(ws, ['统计'], { bold: true });
    this.line(ws, ['在册人数', c.people]);
    this.line(ws, ['免考免学人数', c.exempted]);
    if (!this.ctx.plan) {
      this.line(ws, ['本年度没有适用的学法考法计划，不计算参学率、参考率、通过率']);
    } else {
      this.line(ws, ['应参学人数', c.required, '在册且未免考免学']);
      const show = (label: string, n: number, d: number, note: string) => {
        const r = rate(n, d, null);
        this.line(ws, [label, `${n} / ${d}`, r.percent === null ? '—' : `${r.percent}%`, note]);
      };
      show('参学率', c.met, c.required, '完成学时且学习了全部必学法律');
      show('参考率', c.sat, c.required, '参加正式考试或补考（已交卷）');
      show('通过率', c.passed, c.required, '正式考试或补考通过');
      show('通过率（按参考人数）', c.passed, c.sat, '通过人数 ÷ 参考人数');
    }
    this.close();
  }

  // ---- raw sheets ----

  startRecords(): void {
    this.openRaw(RECORDS_SHEET, RECORD_COLUMNS);
  }

  addRecords(d: DossierDto): void {
    for (const r of d.study.records) {
      this.line(this.current(), [
        d.staff.staffNo,
        d.staff.name,
        d.staff.unitName,
        r.occurredOn,
        r.kindLabel,
        r.title,
        r.hours,
        r.statusLabel,
        r.laws.map((l) => `《${l}》`).join(''),
        r.note ?? '',
        r.id,
      ]);
    }
  }

  startExams(): void {
    this.openRaw(EXAMS_SHEET, EXAM_COLUMNS);
  }

  addExams(d: DossierDto): void {
    const tz = this.ctx.timeZone;
    for (const e of d.exams.items) {
      const head = [
        d.staff.staffNo,
        d.staff.name,
        d.staff.unitName,
        e.title,
        e.kindLabel,
        yesNo(e.countsForPlan),
      ];
      if (!e.attempts.length) {
        this.line(this.current(), [...head, '', '', '', '', '', '', '', '', e.standingLabel, '']);
      }
      for (const a of e.attempts) {
        this.line(this.current(), [
          ...head,
          a.attemptNo,
          sortableDateTime(a.startedAt, tz),
          sortableDateTime(a.finishedAt, tz),
          a.gradingPending ? '' : (a.score ?? ''),
          a.maxScore,
          a.percentage ?? '',
          a.gradingPending || a.passed === null ? '' : yesNo(a.passed),
          a.counted ? '计分' : '',
          a.status === 'in_progress' ? '答题中' : a.gradingPending ? '待评分' : '已交卷',
          a.id,
        ]);
      }
    }
  }

  startAttendance(): void {
    this.openRaw(ATTENDANCE_SHEET, ATTENDANCE_COLUMNS);
  }

  addAttendance(d: DossierDto): void {
    for (const s of d.sessions.items) {
      this.line(this.current(), [
        d.staff.staffNo,
        d.staff.name,
        d.staff.unitName,
        sortableDateTime(s.startsAt, this.ctx.timeZone).slice(0, 10),
        s.label,
        s.topic,
        yesNo(s.required),
        s.creditedHours,
        s.outcomeLabel,
        sortableDateTime(s.checkedInAt, this.ctx.timeZone),
        s.makeup ? MAKEUP_LABELS[s.makeup] : '',
        s.sessionId,
      ]);
    }
  }

  /** Closes the sheet being written. */
  close(): void {
    const ws = this.sheet;
    if (!ws) return;
    this.sheet = null;
    // once zipped, the workbook needs only the sheet's name and place (for workbook.xml, the
    // relationships and content types); exceljs would otherwise keep each sheet's writer and
    // buffers to the end: ~20 KB per person in a unit's workbook. ('zipped' can fire within
    // commit, so the listener goes first.)
    const writer = this.internals();
    const { id, name, state } = ws;
    (ws as unknown as { stream: NodeJS.EventEmitter }).stream.once('zipped', () => {
      writer._worksheets[id] = { id, name, state, committed: true, pageSetup: {} };
    });
    ws.commit();
  }

  // ---- one sheet per person ----

  addPerson(d: DossierDto): void {
    const ws = this.open(`${d.staff.staffNo} ${d.staff.name}`, [
      { header: '', width: 14 },
      { header: '', width: 22 },
      { header: '', width: 30 },
      { header: '', width: 12 },
      { header: '', width: 12 },
      { header: '', width: 18 },
      { header: '', width: 12 },
      { header: '', width: 10 },
      { header: '', width: 10 },
      { header: '', width: 10 },
    ]);
    const tz = this.ctx.timeZone;
    const bold = { bold: true };
    const { plan } = d;
    this.line(ws, [`个人学法考法档案（${d.year}年度）`], { bold: true, size: 14 });
    this.line(ws, ['工号', d.staff.staffNo, '姓名', d.staff.name]);
    this.line(ws, ['部门', d.staff.unitName, '职务', d.staff.position ?? '']);
    this.line(ws, [
      '政治面貌',
      d.staff.partyMember ? '中共党员' : '',
      '在职',
      d.onRoster
        ? `是（${d.staff.employmentStart} 起${d.staff.employmentEnd ? `，${d.staff.employmentEnd} 止` : ''}）`
        : '否',
    ]);
    this.line(ws, [
      '适用计划',
      plan
        ? `${plan.title}（${d.periodStart} 至 ${d.periodEnd}，要求 ${plan.requiredHours} 学时）`
        : '无',
    ]);
    this.line(ws, ['统计区间', `${d.periodStart} 至 ${d.asOf}`]);
    this.line(ws, ['免考免学', exemptionCell(d)]);
    for (const e of d.exemptions) {
      this.line(ws, [
        '',
        `${e.reason}；批准：${e.approvedBy}，${e.approvedOn}${e.revokedAt ? `；已撤销（${e.revokeReason ?? ''}）` : ''}`,
      ]);
    }

    this.line(ws, []);
    this.line(ws, ['一、学时'], bold);
    this.line(ws, ['类别', '学时', '记录数'], bold);
    for (const k of d.study.byKind) this.line(ws, [k.label, k.hours, k.records]);
    this.line(ws, ['合计', d.study.totalHours, d.study.byKind.reduce((n, k) => n + k.records, 0)]);
    if (plan) this.line(ws, ['要求学时', plan.requiredHours]);
    if (d.study.pendingHours) this.line(ws, ['待审核学时', d.study.pendingHours]);
    const missingLaws = d.study.lawsMissing.map((l) => `《${l.title}》`).join('');
    this.line(ws, [
      '是否完成学习',
      studyCell(d) +
        (d.study.metOn && !d.exempted ? `（${d.study.metOn} 完成）` : '') +
        (d.study.met === false && !d.exempted
          ? `（${[
              d.study.hoursMet
                ? ''
                : `学时差 ${Math.round(((d.study.requiredHours ?? 0) - d.study.totalHours) * 100) / 100} 小时`,
              missingLaws ? `未学习${missingLaws}` : '',
            ]
              .filter(Boolean)
              .join('；')}）`
          : ''),
    ]);

    this.line(ws, []);
    this.line(ws, ['二、学习记录'], bold);
    this.line(ws, ['日期', '类别', '内容', '学时', '状态', '涉及法律', '备注'], bold);
    for (const r of d.study.records) {
      this.line(ws, [
        r.occurredOn,
        r.kindLabel,
        r.title,
        r.hours,
        r.statusLabel,
        r.laws.map((l) => `《${l}》`).join(''),
        r.note ?? '',
      ]);
    }
    if (!d.study.records.length) this.line(ws, ['（无）']);

    this.line(ws, []);
    this.line(ws, ['三、集体学习'], bold);
    this.line(ws, ['日期', '活动', '主题', '必须参加', '考勤', '签到时间', '补学'], bold);
    for (const s of d.sessions.items) {
      this.line(ws, [
        sortableDateTime(s.startsAt, tz).slice(0, 10),
        s.label,
        s.topic,
        yesNo(s.required),
        s.outcomeLabel,
        sortableDateTime(s.checkedInAt, tz),
        s.makeup ? MAKEUP_LABELS[s.makeup] : '',
      ]);
    }
    this.line(ws, [
      '合计',
      `应参加 ${d.sessions.invited} 次，出席 ${d.sessions.attended} 次（其中迟到 ${d.sessions.late} 次），请假 ${d.sessions.excused} 次，缺席 ${d.sessions.missed} 次`,
    ]);

    this.line(ws, []);
    this.line(ws, ['四、考试'], bold);
    this.line(
      ws,
      [
        '考试',
        '类别',
        '考试时间',
        '计入考核',
        '状态',
        '成绩',
        '满分',
        '得分率(%)',
        '是否通过',
        '答题次数',
      ],
      bold,
    );
    for (const e of d.exams.items) {
      this.line(ws, [
        e.title,
        e.kindLabel,
        `${sortableDateTime(e.opensAt, tz)} 至 ${sortableDateTime(e.closesAt, tz)}`,
        yesNo(e.countsForPlan),
        e.standingLabel,
        e.score ?? '',
        e.maxScore ?? '',
        e.percentage ?? '',
        e.passed === null ? '' : yesNo(e.passed),
        e.attempts.length,
      ]);
    }
    const exam = examCells(d);
    this.line(ws, [
      '考试结论',
      exam.passed === '免考'
        ? '免考'
        : `${d.exams.stateLabel}${d.exams.bestPercentage !== null ? `，最好成绩 ${d.exams.bestPercentage}%` : ''}${d.exams.passedByMakeup ? '（补考通过）' : ''}`,
    ]);

    this.line(ws, []);
    this.line(ws, ['五、补学'], bold);
    for (const m of d.makeups) {
      this.line(ws, [
        sortableDateTime(m.startsAt, tz).slice(0, 10),
        m.label,
        m.topic,
        m.makeup ? MAKEUP_LABELS[m.makeup] : '',
      ]);
    }
    if (!d.makeups.length) this.line(ws, ['（无）']);

    this.line(ws, []);
    this.line(ws, ['六、提示'], bold);
    for (const f of d.flags) this.line(ws, [f.code, f.text]);
    if (!d.flags.length) this.line(ws, ['（无）']);
    this.close();
  }

  async commit(): Promise<void> {
    this.close();
    await this.wb.commit();
  }

  /**
   * Waits until the zip has compressed every sheet but the open one and the file has taken the
   * output (within DRAIN_BYTES). exceljs's streaming writer takes rows without back-pressure: a
   * sheet appended while the zip is still compressing an earlier one is held in memory whole,
   * so writing people faster than deflate and the disk go would grow memory with the unit's
   * size. Called between batches, it keeps one batch in flight, whatever the unit's size.
   */
  async drain(): Promise<void> {
    const { zip, stream } = this.internals();
    const open = this.sheet ? 1 : 0;
    const behind = () =>
      zip._entriesCount - zip._entriesProcessedCount > open ||
      zip.readableLength > DRAIN_BYTES ||
      stream.writableLength > DRAIN_BYTES;
    while (behind()) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          zip.off('entry', done);
          resolve();
        };
        // 'entry' fires as each entry is done; the file's own draining has no event here
        const timer = setTimeout(done, 5);
        zip.once('entry', done);
      });
    }
  }

  /** The parts of exceljs's streaming writer (4.4, archiver 5) that `drain` and `close` use. */
  private internals(): WriterInternals {
    return this.wb as unknown as WriterInternals;
  }

  /** A raw sheet: its header row, then a row per record. */
  private openRaw(name: string, columns: { header: string; width: number }[]): void {
    const ws = this.open(name, columns);
    this.line(
      ws,
      columns.map((c) => c.header),
      { bold: true },
    );
  }

  private open(name: string, columns: { header: string; width: number }[]): Worksheet {
    this.close();
    const ws = this.wb.addWorksheet(this.names.take(name));
    // widths only: the header rows are written by hand, below the title lines
    ws.columns = columns.map((c) => ({ width: c.width }));
    this.sheet = ws;
    return ws;
  }

  private current(): Worksheet {
    if (!this.sheet) throw new Error('no sheet is open');
    return this.sheet;
  }

  private line(ws: Worksheet, cells: Cell[], font?: { bold?: boolean; size?: number }): void {
    const row = ws.addRow(cells);
    if (font) row.font = font;
    row.commit();
  }
}
