import { percentText } from '../../../../common/text/percent';
import ExcelJS from 'exceljs';
import './zip-central-directory';
import type { CellFormulaValue, Worksheet } from 'exceljs';
import { sortableDateTime } from '../../../../common/clock/clock';
import {
  FMT,
  addExportSheet,
  excelDate,
  excelDateTime,
  percentCell,
  styleHeader,
} from '../../../../common/excel/export-sheet';
import type { ExportColumn, SheetLayout } from '../../../../common/excel/export-sheet';
import { rate } from '../../../compliance';
import type { DossierContext } from '../../dossiers/dossier';
import type { DossierDto } from '../../dto/dossier.dto';
import { MAKEUP_LABELS } from '../../evidence-labels';
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

/** A percentage (42.9) shown as a percent cell. */
interface Pct {
  pct: number | null;
}
type Cell = string | number | Date | null | Pct | CellFormulaValue;

const pct = (percent: number | null | undefined): Pct => ({ pct: percent ?? null });
const isPct = (c: Cell): c is Pct => typeof c === 'object' && c !== null && 'pct' in c;

/** The summary sheet's header row: under the title lines and a blank one. */
const SUMMARY_HEADER_ROW = 6;

/** The columns of the summary sheet (one row per person). */
export const SUMMARY_COLUMNS: ExportColumn[] = [
  { header: '序号', width: 5, kind: 'integer' },
  { header: '工号', width: 9 },
  { header: '姓名', width: 9 },
  { header: '部门', width: 12 },
  { header: '职务', width: 8 },
  { header: '学时合计', width: 6, kind: 'number' },
  { header: '集体学习', width: 6, kind: 'number' },
  { header: '补学', width: 5, kind: 'number' },
  { header: '自学', width: 5, kind: 'number' },
  { header: '练习', width: 5, kind: 'number' },
  { header: '旁听庭审', width: 6, kind: 'number' },
  { header: '外部培训', width: 6, kind: 'number' },
  { header: '要求学时', width: 6, kind: 'number' },
  { header: '未学必学法律', width: 16 },
  { header: '是否完成学习', width: 6 },
  { header: '完成日期', width: 10, kind: 'date' },
  { header: '应参加活动', width: 6, kind: 'integer' },
  { header: '出席', width: 5, kind: 'integer' },
  { header: '请假', width: 5, kind: 'integer' },
  { header: '缺席', width: 5, kind: 'integer' },
  { header: '参加考试', width: 6 },
  { header: '最好成绩', width: 7, kind: 'percent' },
  { header: '是否通过', width: 6 },
  { header: '通过日期', width: 10, kind: 'date' },
  { header: '免考免学', width: 12 },
  { header: '计入统计', width: 6 },
  { header: '提示', width: 30 },
];

/** Column letter of a summary column (A, B, … AA). */
function col(header: string): string {
  let n = SUMMARY_COLUMNS.findIndex((c) => c.header === header) + 1;
  if (n === 0) throw new Error(`no summary column ${header}`);
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

const RECORD_COLUMNS: ExportColumn[] = [
  { header: '工号', width: 9 },
  { header: '姓名', width: 9 },
  { header: '部门', width: 12 },
  { header: '日期', width: 12, kind: 'date' },
  { header: '类别', width: 8 },
  { header: '内容', width: 28 },
  { header: '学时', width: 5, kind: 'number' },
  { header: '状态', width: 6 },
  { header: '涉及法律', width: 22 },
  { header: '备注', width: 16 },
  { header: '记录编号', width: 20 },
];

const EXAM_COLUMNS: ExportColumn[] = [
  { header: '工号', width: 9 },
  { header: '姓名', width: 9 },
  { header: '部门', width: 12 },
  { header: '考试', width: 20 },
  { header: '类别', width: 7 },
  { header: '计入参考率通过率', width: 7 },
  { header: '次序', width: 5, kind: 'integer' },
  { header: '开始时间', width: 12, kind: 'dateTime' },
  { header: '交卷时间', width: 12, kind: 'dateTime' },
  { header: '得分', width: 5, kind: 'number' },
  { header: '满分', width: 5, kind: 'number' },
  { header: '得分率', width: 7, kind: 'percent' },
  { header: '是否通过', width: 6 },
  { header: '计分', width: 5 },
  { header: '状态', width: 7 },
  { header: '答卷编号', width: 20 },
];

const ATTENDANCE_COLUMNS: ExportColumn[] = [
  { header: '工号', width: 9 },
  { header: '姓名', width: 9 },
  { header: '部门', width: 12 },
  { header: '日期', width: 12, kind: 'date' },
  { header: '活动', width: 24 },
  { header: '主题', width: 20 },
  { header: '必须参加', width: 6 },
  { header: '学时', width: 5, kind: 'number' },
  { header: '考勤', width: 6 },
  { header: '签到时间', width: 12, kind: 'dateTime' },
  { header: '补学', width: 8 },
  { header: '活动编号', width: 20 },
];

/** A person's sheet: label, value, and the tables' columns below (dates typed per cell). */
const PERSON_COLUMNS: ExportColumn[] = [14, 18, 24, 10, 10, 16, 10, 8, 8, 8].map((width) => ({
  header: '',
  width,
}));

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

/** Whether a person counts in the rates: on the roster in the period and not exempted. */
const counted = (d: DossierDto) => d.onRoster && !d.exempted;

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
    excelDate(d.study.metOn),
    d.sessions.invited,
    d.sessions.attended,
    d.sessions.excused,
    d.sessions.missed,
    exam.sat,
    pct(d.exams.bestPercentage),
    exam.passed,
    excelDate(d.exams.passedOn),
    exemptionCell(d),
    counted(d) ? '是' : '否',
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
  /** Rows written to the open sheet (the streaming writer keeps no count). */
  private rows = 0;
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
    const ws = this.open(SUMMARY_SHEET, SUMMARY_COLUMNS, {
      headerRows: [SUMMARY_HEADER_ROW, SUMMARY_HEADER_ROW],
    });
    const { plan, period } = this.ctx;
    this.line(ws, [`${this.meta.title}汇总`], { font: { bold: true, size: 14 } });
    this.line(ws, [
      plan
        ? `适用计划：${plan.title}（${period.start} 至 ${period.end}，要求 ${plan.requiredHours} 学时，及格线 ${percentText(plan.passMark)}）`
        : `适用计划：无（${this.ctx.year}年度本单位及上级单位没有生效的学法考法计划，不计学时和考试要求）`,
    ]);
    this.line(ws, [
      `统计区间：${period.start} 至 ${period.asOf}${this.ctx.periodEnded ? '（计划期已结束）' : '（计划期进行中）'}`,
    ]);
    this.line(ws, [
      `导出编号：${this.meta.exportId}  导出人：${this.meta.requestedBy.name}（${this.meta.requestedBy.staffNo}）  导出时间：${sortableDateTime(this.meta.requestedAt, this.ctx.timeZone)}`,
    ]);
    this.line(ws, []);
    this.header(ws, SUMMARY_COLUMNS);
  }

  addSummary(d: DossierDto): void {
    const c = this.counts;
    c.people += 1;
    if (d.exempted) c.exempted += 1;
    else if (counted(d)) {
      c.required += 1;
      if (d.study.met) c.met += 1;
      if (d.exams.sat) c.sat += 1;
      if (d.exams.passed) c.passed += 1;
    }
    this.line(this.current(), summaryRow(d, c.people));
  }

  /**
   * The totals under the rows as formulas over them (so a reader can trace and recompute them),
   * each with its result as the compliance figures give it; every rate n, d and n ÷ d as a
   * percent, with the n / d text beside it (product.md §3).
   */
  finishSummary(): void {
    const ws = this.current();
    const c = this.counts;
    const first = SUMMARY_HEADER_ROW + 1;
    const last = SUMMARY_HEADER_ROW + c.people;
    const range = (header: string) => `${col(header)}${first}:${col(header)}${last}`;
    // with no rows a range would be reversed onto the header: plain zeros then
    const f = (formula: string, result: number): Cell => (c.people ? { formula, result } : result);
    const inRates = `${range('计入统计')},"是"`;
    // the label spans A:D (a narrow 序号 column alone would clip it), the figures from E on:
    // E n, F d, G n ÷ d, H:J the n / d text, K the note (running on over the empty cells)
    const stat = (label: string, cells: Cell[], bold = false) => {
      const row = this.rows + 1;
      this.line(
        ws,
        [label, null, null, null, ...cells.slice(0, 4), null, null, ...cells.slice(4)],
        {
          font: bold ? { bold: true } : undefined,
          percentColumns: [7],
          merges: [`A${row}:D${row}`, ...(cells.length > 3 ? [`H${row}:J${row}`] : [])],
        },
      );
    };
    this.line(ws, []);
    this.line(ws, ['统计'], { font: { bold: true } });
    stat('在册人数', [f(`COUNTA(${range('工号')})`, c.people)]);
    stat('免考免学人数', [f(`COUNTIF(${range('免考免学')},"是*")`, c.exempted)]);
    if (!this.ctx.plan) {
      this.line(ws, ['本年度没有适用的学法考法计划，不计算参学率、参考率、通过率']);
    } else {
      const requiredRow = this.rows + 1;
      stat('应参学人数', [
        f(`COUNTIF(${inRates})`, c.required),
        null,
        null,
        null,
        '在册且未免考免学',
      ]);
      stat('指标', ['人数', '基数', '比率', '人数/基数', '说明'], true);
      const show = (
        label: string,
        n: Cell,
        nValue: number,
        d: Cell,
        dValue: number,
        note: string,
      ) => {
        const row = this.rows + 1;
        const r = rate(nValue, dValue, null);
        const percent: CellFormulaValue = {
          formula: `IF(F${row}=0,"—",E${row}/F${row})`,
          result: r.percent === null ? '—' : nValue / dValue,
        };
        stat(label, [n, d, c.people ? percent : pct(r.percent), `${nValue} / ${dValue}`, note]);
      };
      const required = f(`E${requiredRow}`, c.required);
      const met = f(`COUNTIFS(${inRates},${range('是否完成学习')},"是")`, c.met);
      const sat = f(`COUNTIFS(${inRates},${range('参加考试')},"是")`, c.sat);
      const passed = f(`COUNTIFS(${inRates},${range('是否通过')},"是")`, c.passed);
      show('参学率', met, c.met, required, c.required, '完成学时且学习了全部必学法律');
      show('参考率', sat, c.sat, required, c.required, '参加正式考试或补考（已交卷）');
      show('通过率', passed, c.passed, required, c.required, '正式考试或补考通过');
      const satRow = this.rows - 1;
      show(
        '通过率（按参考人数）',
        f(`E${this.rows}`, c.passed),
        c.passed,
        f(`E${satRow}`, c.sat),
        c.sat,
        '通过人数 ÷ 参考人数',
      );
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
        excelDate(r.occurredOn),
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
        this.line(this.current(), [
          ...head,
          null,
          null,
          null,
          null,
          null,
          null,
          '',
          '',
          e.standingLabel,
          '',
        ]);
      }
      for (const a of e.attempts) {
        this.line(this.current(), [
          ...head,
          a.attemptNo,
          excelDateTime(a.startedAt, tz),
          excelDateTime(a.finishedAt, tz),
          a.gradingPending ? null : (a.score ?? null),
          a.maxScore,
          pct(a.percentage),
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
        excelDate(sortableDateTime(s.startsAt, this.ctx.timeZone)),
        s.label,
        s.topic,
        yesNo(s.required),
        s.creditedHours,
        s.outcomeLabel,
        excelDateTime(s.checkedInAt, this.ctx.timeZone),
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
    const { printTitlesRow } = ws.pageSetup;
    (ws as unknown as { stream: NodeJS.EventEmitter }).stream.once('zipped', () => {
      // the print titles go into workbook.xml as a defined name when the workbook is committed
      writer._worksheets[id] = { id, name, state, committed: true, pageSetup: { printTitlesRow } };
    });
    ws.commit();
  }

  // ---- one sheet per person ----

  addPerson(d: DossierDto): void {
    const ws = this.open(`${d.staff.staffNo} ${d.staff.name}`, PERSON_COLUMNS, {
      landscape: true,
    });
    const tz = this.ctx.timeZone;
    const bold = { font: { bold: true } };
    const { plan } = d;
    this.line(ws, [`个人学法考法档案（${d.year}年度）`], { font: { bold: true, size: 14 } });
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
        excelDate(r.occurredOn),
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
        excelDate(sortableDateTime(s.startsAt, tz)),
        s.label,
        s.topic,
        yesNo(s.required),
        s.outcomeLabel,
        excelDateTime(s.checkedInAt, tz),
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
        '得分率',
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
        e.score ?? null,
        e.maxScore ?? null,
        pct(e.percentage),
        e.passed === null ? '' : yesNo(e.passed),
        e.attempts.length,
      ]);
    }
    const exam = examCells(d);
    this.line(ws, [
      '考试结论',
      exam.passed === '免考'
        ? '免考'
        : `${d.exams.stateLabel}${d.exams.bestPercentage !== null ? `，最好成绩 ${percentText(d.exams.bestPercentage)}` : ''}${d.exams.passedByMakeup ? '（补考通过）' : ''}`,
    ]);

    this.line(ws, []);
    this.line(ws, ['五、补学'], bold);
    for (const m of d.makeups) {
      this.line(ws, [
        excelDate(sortableDateTime(m.startsAt, tz)),
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

  /** A raw sheet: its header row (repeated on every printed page), then a row per record. */
  private openRaw(name: string, columns: ExportColumn[]): void {
    const ws = this.open(name, columns, { headerRows: [1, 1] });
    this.header(ws, columns);
  }

  private open(name: string, columns: ExportColumn[], layout: SheetLayout = {}): Worksheet {
    this.close();
    const ws = addExportSheet(this.wb, this.names.take(name), columns, layout);
    this.sheet = ws;
    this.rows = 0;
    return ws;
  }

  private current(): Worksheet {
    if (!this.sheet) throw new Error('no sheet is open');
    return this.sheet;
  }

  private header(ws: Worksheet, columns: ExportColumn[]): void {
    const row = ws.addRow(columns.map((c) => c.header));
    this.rows += 1;
    styleHeader(row);
    row.commit();
  }

  /**
   * One row: dates as dates (a date, or a date and time), percentages as percent, the rest as
   * given; a title line (bold, no value beyond its first cell) is not wrapped, so it runs on
   * over the empty cells beside it instead of growing a tall row in a narrow column.
   */
  private line(
    ws: Worksheet,
    cells: Cell[],
    options: {
      font?: { bold?: boolean; size?: number };
      /** Columns (1-based) whose numbers are rates: formatted as percent. */
      percentColumns?: number[];
      /** Ranges to merge (A5:D5), before the row is committed. */
      merges?: string[];
    } = {},
  ): void {
    const row = ws.addRow(cells.map((c) => (isPct(c) ? percentCell(c.pct) : c)));
    this.rows += 1;
    cells.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      if (isPct(c) || options.percentColumns?.includes(i + 1)) cell.numFmt = FMT.percent;
      else if (c instanceof Date) {
        cell.numFmt = c.getTime() % 86_400_000 === 0 ? FMT.date : FMT.dateTime;
      }
    });
    if (options.font) row.font = options.font;
    if (cells.length === 1 && typeof cells[0] === 'string') {
      row.getCell(1).alignment = { vertical: 'top', wrapText: false };
    }
    for (const range of options.merges ?? []) ws.mergeCells(range);
    row.commit();
  }
}
