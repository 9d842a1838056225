import { PassThrough } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { addExportSheet, excelDate, styleHeader } from '../../common/excel/export-sheet';
import type { ExportColumn } from '../../common/excel/export-sheet';
import type { Principal, RoleName } from '../../common/auth';
import { pathInScope, ROLE_LABELS, scopePaths } from '../../common/auth';
import { cellText } from '../../common/excel/cells';
import {
  DocumentParser,
  YIELD_EVERY_ROWS,
  yieldToEventLoop,
} from '../../common/files/document-parser';
import { TransactionHost } from '../../database/transaction-host';
import { AuditService } from '../audit';
import { AccountSecurityService } from '../auth';
import { OrgUnitsService, UNIT_READER_ROLES } from '../org-units';
import type { RosterImportResultDto } from './dto/roster.dto';
import type { ExportStaffQueryDto } from './dto/staff.dto';
import type { StaffEntity } from './entities/staff.entity';
import { RoleAssignmentRepository } from './role-assignment.repository';
import type { RosterKey } from './roster-excel';
import {
  ROSTER_COLUMNS,
  ROSTER_SHEET,
  INVALID,
  parseAccountState,
  parseDateCell,
  parseYesNo,
} from './roster-excel';
import type { StaffWithUnit } from './staff.repository';
import { StaffRepository } from './staff.repository';
import type { StaffInput } from './staff.service';
import { SELF_MANAGED, StaffService } from './staff.service';
import { StaffErrors } from './staff.errors';
import { STAFF_NO_PATTERN } from './dto/staff.dto';

export const MAX_IMPORT_ROWS = 20_000;
const ADMIN: readonly RoleName[] = ['admin'];
const ROSTER_FIELDS = [
  'name',
  'unitId',
  'position',
  'partyMember',
  'employmentStart',
  'employmentEnd',
  'active',
] as const;
const OWN_COLUMNS: Record<(typeof SELF_MANAGED)[number], string> = {
  unitId: '单位编码',
  active: '账号状态',
  employmentStart: '入职日期',
  employmentEnd: '离职日期',
};
const STAFF_NO_IS_NUMBER =
  '工号单元格是数字格式，开头的 0 可能已丢失；请将工号列设置为“文本”格式后重新填写（或使用导入模板）';
const OWN_MESSAGE = '不能通过导入停用、调动自己或修改自己的入职、离职日期';
const EXPORT_BATCH = 1000;
const HASH_CONCURRENCY = 4;

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

interface ParsedRow {
  row: number;
  staffNo: string;
  name: string;
  unitCode: string;
  position: string | null;
  partyMember: boolean | null;
  employmentStart: string;
  employmentEnd: string | null;
  active: boolean | null;
}

@Injectable()
export class RosterService {
  private readonly logger = new Logger(RosterService.name);

  constructor(
    private readonly staff: StaffRepository,
    private readonly roles: RoleAssignmentRepository,
    private readonly staffService: StaffService,
    private readonly units: OrgUnitsService,
    private readonly accounts: AccountSecurityService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly parser: DocumentParser,
  ) {}

  /** The import template: the roster sheet, the unit codes in the caller's scope, instructions. */
  async template(principal: Principal): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'xuefa';
    const sheet = wb.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = ROSTER_COLUMNS.map((c) => ({
      header: c.required ? `${c.header}*` : c.header,
      key: c.key,
      width: c.width,
      // staff numbers are text: typed as General, 00123 would become the number 123
      ...(c.key === 'staffNo' ? { style: { numFmt: '@' } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    const col = (key: RosterKey) => ROSTER_COLUMNS.findIndex((c) => c.key === key) + 1;
    for (let r = 2; r <= 1001; r++) {
      const row = sheet.getRow(r);
      row.getCell(col('staffNo')).numFmt = '@';
      row.getCell(col('partyMember')).dataValidation = list(['是', '否']);
      row.getCell(col('active')).dataValidation = list(['启用', '停用']);
      row.getCell(col('employmentStart')).numFmt = 'yyyy-mm-dd';
      row.getCell(col('employmentEnd')).numFmt = 'yyyy-mm-dd';
    }
    const units = wb.addWorksheet('单位编码');
    units.columns = [
      { header: '单位编码', key: 'code', width: 18 },
      { header: '单位名称', key: 'name', width: 24 },
      { header: '层级', key: 'depth', width: 8 },
    ];
    units.getRow(1).font = { bold: true };
    for (const u of await this.units.unitsInScope(principal, ADMIN)) {
      units.addRow({ code: u.code, name: `${'　'.repeat(u.depth)}${u.name}`, depth: u.depth });
    }
    const help = wb.addWorksheet('填写说明');
    help.getColumn(1).width = 100;
    [
      '1. 在“人员名单”工作表中每行填写一名人员，带 * 的列必填；第一行表头不要修改。',
      '2. 工号唯一，只能包含字母、数字、下划线和连字符；已存在的工号将更新该人员的信息。工号列为文本格式，请勿改为数字格式（否则开头的 0 会丢失）。',
      '3. 单位编码见“单位编码”工作表，只能填写您管理范围内的单位。',
      '4. 日期格式为 YYYY-MM-DD，例如 2020-03-01；离职日期不能早于入职日期。',
      '5. 是否党员填写“是”或“否”（默认否）；账号状态填写“启用”或“停用”（默认启用）。',
      '6. 只要有一行有错，整个文件都不会导入，系统会列出每一处错误的行号、列名和原因。',
      '7. 新增人员的初始密码只在导入结果中显示一次，首次登录时必须修改。',
    ].forEach((line) => help.addRow([line]));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async importRoster(principal: Principal, file: Buffer): Promise<RosterImportResultDto> {
    const parsed = await this.parse(file);
    const errors = parsed.errors;
    const rows = parsed.rows;

    const unitsByCode = new Map(
      (await this.units.findByCodes([...new Set(rows.map((r) => r.unitCode))])).map((u) => [
        u.code,
        u,
      ]),
    );
    const existing = new Map(
      (await this.staff.findByStaffNos(rows.map((r) => r.staffNo))).map((s) => [s.staffNo, s]),
    );
    const adminScope = scopePaths(principal, ADMIN);
    // Re-importing a staff number edits that person: the rules of PATCH /staff/:id apply.
    const outranking = await this.staffService.outranking(
      principal,
      [...existing.values()].map((s) => s.id),
    );
    const unreadable = new Set(errors.map((e) => e.row));
    const creates: { row: ParsedRow; input: StaffInput }[] = [];
    const updates: { current: StaffEntity; patch: Partial<StaffEntity> }[] = [];
    let unchanged = 0;
    for (const r of rows) {
      const unit = unitsByCode.get(r.unitCode);
      const unitOk = !!unit && pathInScope(adminScope, unit.path);
      if (r.unitCode && !unitOk) {
        errors.push({
          row: r.row,
          column: '单位编码',
          message: '单位编码不存在或不在您的管理范围内',
        });
      }
      const current = existing.get(r.staffNo);
      if (current && !pathInScope(adminScope, current.unit.path)) {
        errors.push({ row: r.row, column: '工号', message: '该工号属于您管理范围以外的人员' });
        continue;
      }
      if (!unit || !unitOk || unreadable.has(r.row)) continue;
      const input: StaffInput = {
        staffNo: r.staffNo,
        name: r.name,
        unitId: unit.id,
        position: r.position,
        partyMember: r.partyMember ?? current?.partyMember ?? false,
        employmentStart: r.employmentStart,
        employmentEnd: r.employmentEnd,
        active: r.active ?? current?.active ?? true,
      };
      if (!current) {
        creates.push({ row: r, input });
        continue;
      }
      const patch: Partial<StaffEntity> = {};
      for (const key of ROSTER_FIELDS) {
        if (current[key] !== input[key]) (patch as Record<string, unknown>)[key] = input[key];
      }
      if (!Object.keys(patch).length) {
        unchanged += 1;
        continue;
      }
      if (current.id === principal.staffId) {
        const own = SELF_MANAGED.find((key) => key in patch);
        if (own) {
          errors.push({ row: r.row, column: OWN_COLUMNS[own], message: OWN_MESSAGE });
          continue;
        }
      } else if (outranking.has(current.id)) {
        errors.push({
          row: r.row,
          column: '工号',
          message: '该人员拥有超出您管理范围的角色授权，不能通过导入修改',
        });
        continue;
      }
      updates.push({ current, patch });
    }
    if (errors.length) {
      errors.sort((a, b) => a.row - b.row);
      throw StaffErrors.IMPORT_INVALID({ count: errors.length }, errors);
    }

    // Hash the initial passwords before the transaction: it is the slow part.
    const credentials = await mapLimit(creates, HASH_CONCURRENCY, () =>
      this.accounts.prepareInitialPassword(),
    );

    const accounts = await this.tx.run(async () => {
      const created: RosterImportResultDto['accounts'] = [];
      for (let i = 0; i < creates.length; i++) {
        const { staff, initialPassword } = await this.staffService.createStaff(
          creates[i].input,
          credentials[i],
        );
        created.push({ staffNo: staff.staffNo, name: staff.name, initialPassword });
      }
      for (const { current, patch } of updates) {
        await this.staff.update(current.id, patch);
        const after = { ...current, ...patch };
        if (this.staffService.canSignIn(current) && !this.staffService.canSignIn(after)) {
          await this.accounts.revokeAccess(current.id, 'disabled');
        }
      }
      await this.audit.record({
        action: 'staff.import',
        unitId: principal.unitId,
        details: {
          rows: rows.length,
          created: creates.length,
          updated: updates.length,
          unchanged,
          createdStaffNos: creates.map((c) => c.input.staffNo).slice(0, 1000),
          updatedStaffNos: updates.map((u) => u.current.staffNo).slice(0, 1000),
        },
      });
      return created;
    });
    this.logger.log(`roster import: ${creates.length} created, ${updates.length} updated`);
    return { created: creates.length, updated: updates.length, unchanged, accounts };
  }

  /** Streams the roster in the caller's scope as .xlsx; memory stays flat however many rows. */
  async exportRoster(principal: Principal, query: ExportStaffQueryDto): Promise<PassThrough> {
    const scope = scopePaths(principal, UNIT_READER_ROLES);
    let unitPath: string | undefined;
    if (query.unitId) {
      const unit = await this.units.findById(query.unitId);
      if (!unit || !pathInScope(scope, unit.path)) throw StaffErrors.UNIT_NOT_FOUND();
      unitPath = unit.path;
    }
    await this.audit.record({
      action: 'staff.export',
      unitId: principal.unitId,
      details: { unitId: query.unitId ?? null, active: query.active ?? null },
    });
    const out = new PassThrough();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    const columns: ExportColumn[] = [
      ...ROSTER_COLUMNS.map((c) => ({
        header: c.header,
        key: c.key,
        width: c.width,
        kind:
          c.key === 'employmentStart' || c.key === 'employmentEnd'
            ? ('date' as const)
            : c.key === 'staffNo'
              ? ('text' as const)
              : undefined,
      })),
      { header: '单位名称', key: 'unitName', width: 20 },
      { header: '角色', key: 'roles', width: 30 },
    ];
    const sheet = addExportSheet(wb, ROSTER_SHEET, columns, { headerRows: [1, 1] });
    const header = sheet.addRow(columns.map((c) => c.header));
    styleHeader(header);
    header.commit();
    const write = async () => {
      let after: string | null = null;
      for (;;) {
        const page: StaffWithUnit[] = scope.length
          ? await this.staff.pageAfter(
              { scopePaths: scope, unitPath, active: query.active },
              after,
              EXPORT_BATCH,
            )
          : [];
        if (!page.length) break;
        const roles = await this.roles.forStaff(page.map((s) => s.id));
        for (const s of page) {
          sheet
            .addRow({
              staffNo: s.staffNo,
              name: s.name,
              unitCode: s.unit.code,
              position: s.position ?? '',
              partyMember: s.partyMember ? '是' : '否',
              employmentStart: excelDate(s.employmentStart),
              employmentEnd: excelDate(s.employmentEnd),
              active: s.active ? '启用' : '停用',
              unitName: s.unit.name,
              roles: roles
                .filter((r) => r.staffId === s.id)
                .map((r) => `${ROLE_LABELS[r.role]}（${r.unit.name}）`)
                .join('；'),
            })
            .commit();
        }
        after = page[page.length - 1].staffNo;
      }
      sheet.commit();
      await wb.commit();
    };
    write().catch((err: unknown) => {
      this.logger.error({ err }, 'roster export failed');
      out.destroy(err as Error);
    });
    return out;
  }

  private async parse(file: Buffer): Promise<{ rows: ParsedRow[]; errors: ImportRowError[] }> {
    const book = await this.parser.workbook(file, {
      sheet: ROSTER_SHEET,
      columns: ROSTER_COLUMNS.map((c) => c.header),
      maxRows: MAX_IMPORT_ROWS,
      errors: {
        invalid: (reason) => StaffErrors.IMPORT_FILE_INVALID({ reason }),
        tooManyRows: (rows, max) => StaffErrors.IMPORT_TOO_MANY_ROWS({ max, rows }),
      },
    });
    const headerIndex = new Map(Object.entries(book.header));
    const missing = ROSTER_COLUMNS.filter((c) => c.required && !headerIndex.has(c.header));
    if (missing.length) {
      throw StaffErrors.IMPORT_FILE_INVALID({
        reason: `缺少必填列：${missing.map((c) => c.header).join('、')}（请使用导入模板）`,
      });
    }
    const colOf = new Map(ROSTER_COLUMNS.map((c) => [c.key, headerIndex.get(c.header)]));
    if (!book.rows.length) throw StaffErrors.IMPORT_FILE_INVALID({ reason: '文件中没有人员数据' });

    const errors: ImportRowError[] = [];
    const rows: ParsedRow[] = [];
    const seen = new Map<string, number>();
    for (const [i, { row: r, values }] of book.rows.entries()) {
      if (i % YIELD_EVERY_ROWS === YIELD_EVERY_ROWS - 1) await yieldToEventLoop();
      const raw = (key: RosterKey) => {
        const col = colOf.get(key);
        return col === undefined ? null : (values[col] ?? null);
      };
      const text = (key: RosterKey) => cellText(raw(key));
      const fail = (column: string, message: string) => errors.push({ row: r, column, message });

      const staffNo = text('staffNo');
      if (typeof raw('staffNo') === 'number') {
        // a General cell turned 00123 into 123: which zeros were lost cannot be known
        fail('工号', STAFF_NO_IS_NUMBER);
      } else if (!staffNo) fail('工号', '不能为空');
      else if (!STAFF_NO_PATTERN.test(staffNo)) {
        fail('工号', '只能包含字母、数字、下划线和连字符，最长 32 位');
      } else if (seen.has(staffNo)) {
        fail('工号', `与第 ${seen.get(staffNo)} 行重复`);
      } else seen.set(staffNo, r);

      const name = text('name');
      if (!name) fail('姓名', '不能为空');
      else if (name.length > 50) fail('姓名', '长度不能超过 50 个字符');

      const unitCode = text('unitCode');
      if (!unitCode) fail('单位编码', '不能为空');

      const position = text('position');
      if (position.length > 100) fail('职务', '长度不能超过 100 个字符');

      const partyMember = parseYesNo(text('partyMember'));
      if (partyMember === INVALID) fail('是否党员', '只能填写“是”或“否”');

      const start = parseDateCell(raw('employmentStart'));
      if (start === null) fail('入职日期', '不能为空');
      else if (start === INVALID) fail('入职日期', '不是合法的日期（YYYY-MM-DD）');

      const end = parseDateCell(raw('employmentEnd'));
      if (end === INVALID) fail('离职日期', '不是合法的日期（YYYY-MM-DD）');
      else if (end && typeof start === 'string' && end < start) {
        fail('离职日期', '不能早于入职日期');
      }

      const active = parseAccountState(text('active'));
      if (active === INVALID) fail('账号状态', '只能填写“启用”或“停用”');

      rows.push({
        row: r,
        staffNo,
        name,
        unitCode,
        position: position || null,
        partyMember: partyMember === INVALID ? null : partyMember,
        employmentStart: typeof start === 'string' ? start : '',
        employmentEnd: typeof end === 'string' ? end : null,
        active: active === INVALID ? null : active,
      });
    }
    return { rows, errors };
  }
}

function list(values: string[]): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${values.join(',')}"`],
    showErrorMessage: true,
    errorTitle: '输入有误',
    error: `请从列表中选择：${values.join('、')}`,
  };
}

/** Maps with at most `limit` promises in flight, keeping order. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}
