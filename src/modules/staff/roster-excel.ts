import type { CellValue } from 'exceljs';
import { cellText, formatDate } from '../../common/excel/cells';

/** The roster sheet's columns, in template order. `key` is the field the column fills. */
export const ROSTER_COLUMNS = [
  { header: '工号', key: 'staffNo', required: true, width: 14 },
  { header: '姓名', key: 'name', required: true, width: 12 },
  { header: '单位编码', key: 'unitCode', required: true, width: 16 },
  { header: '职务', key: 'position', required: false, width: 16 },
  { header: '是否党员', key: 'partyMember', required: false, width: 10 },
  { header: '入职日期', key: 'employmentStart', required: true, width: 14 },
  { header: '离职日期', key: 'employmentEnd', required: false, width: 14 },
  { header: '账号状态', key: 'active', required: false, width: 10 },
] as const;

export type RosterKey = (typeof ROSTER_COLUMNS)[number]['key'];

export const ROSTER_SHEET = '人员名单';

/** What a parser returns for a cell it cannot read. */
export const INVALID = Symbol('invalid');

/** A calendar date from a cell: a date cell, an Excel serial, or YYYY-MM-DD / YYYY/M/D / YYYY年M月D日. */
export function parseDateCell(value: CellValue): string | null | typeof INVALID {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? INVALID : formatDate(value);
  if (typeof value === 'number') {
    if (value < 1 || value > 2958465) return INVALID;
    return formatDate(new Date(Math.round((value - 25569) * 86400_000)));
  }
  const text = cellText(value);
  if (!text) return null;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (!m) return INVALID;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return INVALID;
  }
  return formatDate(date);
}

export function parseYesNo(text: string): boolean | null | typeof INVALID {
  if (!text) return null;
  if (['是', 'Y', 'y', 'yes', 'true', '1', '党员', '中共党员'].includes(text)) return true;
  if (['否', 'N', 'n', 'no', 'false', '0', '群众'].includes(text)) return false;
  return INVALID;
}

export function parseAccountState(text: string): boolean | null | typeof INVALID {
  if (!text) return null;
  if (['启用', '正常', '在职'].includes(text)) return true;
  if (['停用', '禁用', '离职'].includes(text)) return false;
  return INVALID;
}
