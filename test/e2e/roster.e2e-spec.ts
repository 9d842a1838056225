import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { expectA4OnePageWide, xlsxPrint } from '../utils/ooxml';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const HEADERS = [
  '工号*',
  '姓名*',
  '单位编码*',
  '职务',
  '是否党员',
  '入职日期*',
  '离职日期',
  '账号状态',
];

async function workbook(rows: unknown[][], headers = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('人员名单');
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readSheet(buf: Buffer, name: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    rows.push(
      (row.values as unknown[])
        .slice(1)
        .map((v) =>
          v instanceof Date
            ? v.toISOString().slice(0, 10)
            : String((v as string | number | null | undefined) ?? ''),
        ),
    );
  });
  return rows;
}

describe('roster import and export (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let adminA: Session;
  let hrA: Session;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrg(t);
    adminA = await login(t, org.people.adminA);
    hrA = await login(t, org.people.hrA);
  });
  afterAll(() => t.close());

  const staffCount = async () =>
    Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM staff'))[0].n);

  const upload = (file: Buffer, who: Session = adminA) =>
    signedIn(t, who).post('/staff/import').attach('file', file, {
      filename: 'roster.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });

  it('offers a template with the columns and the unit codes of the caller’s scope', async () => {
    const res = await signedIn(t, adminA)
      .get('/staff/import-template')
      .responseType('blob')
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('attachment');
    const roster = await readSheet(res.body as Buffer, '人员名单');
    expect(roster[0]).toEqual(HEADERS);
    const units = await readSheet(res.body as Buffer, '单位编码');
    const codes = units.slice(1).map((r) => r[0]);
    expect(codes.sort()).toEqual(
      [org.units.bureauA.code, org.units.deptA1.code, org.units.deptA2.code].sort(),
    );
    await signedIn(t, hrA).get('/staff/import-template').expect(403);
  });

  it('imports new staff and updates existing ones by staff number, returning initial passwords once', async () => {
    const existing = org.people.staffA2;
    const file = await workbook([
      ['IMP001', '导入一', org.units.deptA1.code, '科员', '是', '2024-03-01', null, '启用'],
      [
        'IMP002',
        '导入二',
        org.units.deptA2.code,
        null,
        '否',
        new Date(Date.UTC(2023, 8, 1)),
        null,
        null,
      ],
      ['IMP003', '导入三', org.units.bureauA.code, '副局长', null, '2019/7/1', null, null],
      [
        existing.staffNo,
        '改过的名字',
        org.units.deptA1.code,
        '科长',
        '是',
        '2020-01-01',
        null,
        null,
      ],
      [],
    ]);
    const res = await upload(file).expect(200);
    expect(res.body).toMatchObject({ created: 3, updated: 1, unchanged: 0 });
    expect(res.body.accounts.map((a: { staffNo: string }) => a.staffNo)).toEqual([
      'IMP001',
      'IMP002',
      'IMP003',
    ]);
    const rows = await t.dataSource.query<
      { staff_no: string; employment_start: string; party_member: boolean }[]
    >(
      `SELECT staff_no, employment_start::text, party_member FROM staff WHERE staff_no LIKE 'IMP%' ORDER BY staff_no`,
    );
    expect(rows).toEqual([
      { staff_no: 'IMP001', employment_start: '2024-03-01', party_member: true },
      { staff_no: 'IMP002', employment_start: '2023-09-01', party_member: false },
      { staff_no: 'IMP003', employment_start: '2019-07-01', party_member: false },
    ]);
    const updated = await signedIn(t, adminA).get(`/staff/${existing.id}`).expect(200);
    expect(updated.body).toMatchObject({
      name: '改过的名字',
      position: '科长',
      unit: { id: org.units.deptA1.id },
    });
    const first = res.body.accounts[0] as { initialPassword: string };
    const s = await login(t, { staffNo: 'IMP001', password: first.initialPassword });
    expect(s.mustChangePassword).toBe(true);

    // the same file again changes nothing
    const again = await upload(file).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 4, accounts: [] });
    const audit = await t.dataSource.query<{ details: { created: number } }[]>(
      `SELECT details FROM audit_log WHERE action = 'staff.import' ORDER BY id`,
    );
    expect(audit.map((a) => a.details.created)).toEqual([3, 0]);
  });

  it('imports nothing when any row is bad, and reports every bad row with row, column and reason', async () => {
    const before = await staffCount();
    const file = await workbook([
      ['BAD001', '好的一行', org.units.deptA1.code, '科员', '是', '2024-03-01', null, null],
      ['BAD002', '', org.units.deptA1.code, null, null, '2024-03-01', null, null],
      ['BAD003', '日期错', org.units.deptA1.code, null, null, '2024-02-30', null, null],
      ['BAD001', '重复工号', org.units.deptA1.code, null, null, '2024-03-01', null, null],
      ['BAD004', '单位错', 'NO-SUCH-UNIT', null, null, '2024-03-01', null, null],
      ['BAD005', '范围外', org.units.bureauB.code, null, null, '2024-03-01', null, null],
      ['BAD006', '离职早', org.units.deptA1.code, null, '也许', '2024-03-01', '2023-01-01', '冻结'],
      [
        org.people.staffB.staffNo,
        '别人的人',
        org.units.deptA1.code,
        null,
        null,
        '2024-03-01',
        null,
        null,
      ],
      ['坏 工号', '格式', org.units.deptA1.code, null, null, null, null, null],
    ]);
    const res = await upload(file).expect(422);
    expect(res.body.code).toBe('STAFF.IMPORT_INVALID');
    const got = (res.body.details as { row: number; column: string }[]).map(
      (d) => `${d.row}:${d.column}`,
    );
    expect(got).toEqual([
      '3:姓名',
      '4:入职日期',
      '5:工号',
      '6:单位编码',
      '7:单位编码',
      '8:是否党员',
      '8:离职日期',
      '8:账号状态',
      '9:工号',
      '10:工号',
      '10:入职日期',
    ]);
    expect(res.body.message).toBe(`导入文件有 ${got.length} 处错误，未导入任何数据`);
    for (const d of res.body.details as { message: string }[])
      expect(d.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await staffCount()).toBe(before);
  });

  it('re-import edits a person only when every role grant they hold is inside the caller’s scope', async () => {
    const deptAdmin = await org.f.staff({
      unit: org.units.deptA1,
      roles: [{ role: 'admin', unit: org.units.deptA1 }],
    });
    const dept = await login(t, deptAdmin);
    const plain = await org.f.staff({ unit: org.units.deptA1, name: '普通干部' });
    const rowOf = (p: { staffNo: string }, name: string, state: string | null = null) => [
      p.staffNo,
      name,
      org.units.deptA1.code,
      '科员',
      '是',
      '2020-01-01',
      null,
      state,
    ];
    const { adminA: bureauAdmin, hrA } = org.people;
    const before = await t.dataSource.query<{ name: string; active: boolean }[]>(
      'SELECT name, active FROM staff WHERE id = ANY($1) ORDER BY id',
      [[bureauAdmin.id, hrA.id, plain.id]],
    );
    const res = await upload(
      await workbook([
        rowOf(plain, '普通干部改名'),
        rowOf(bureauAdmin, bureauAdmin.name, '停用'),
        rowOf(hrA, '人事改名'),
        rowOf(deptAdmin, deptAdmin.name, '停用'),
      ]),
      dept,
    ).expect(422);
    expect(res.body.details).toEqual([
      { row: 3, column: '工号', message: expect.stringContaining('超出您管理范围') },
      { row: 4, column: '工号', message: expect.stringContaining('超出您管理范围') },
      { row: 5, column: '账号状态', message: expect.stringContaining('自己') },
    ]);
    const after = await t.dataSource.query<{ name: string; active: boolean }[]>(
      'SELECT name, active FROM staff WHERE id = ANY($1) ORDER BY id',
      [[bureauAdmin.id, hrA.id, plain.id]],
    );
    expect(after).toEqual(before);
    // the same people unchanged (an export re-imported) are fine, and plain staff are managed
    const ok = await upload(
      await workbook([
        rowOf(plain, '普通干部改名'),
        [
          bureauAdmin.staffNo,
          bureauAdmin.name,
          org.units.deptA1.code,
          '科员',
          '是',
          '2020-01-01',
          null,
          null,
        ],
      ]),
      dept,
    ).expect(200);
    expect(ok.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
  });

  it('refuses a missing file, a file that is not Excel, and a sheet without the template header', async () => {
    const none = await signedIn(t, adminA).post('/staff/import').expect(400);
    expect(none.body.code).toBe('STAFF.IMPORT_FILE_MISSING');
    const text = await upload(Buffer.from('工号,姓名\nA,B\n')).expect(400);
    expect(text.body.code).toBe('STAFF.IMPORT_FILE_INVALID');
    const headerless = await upload(await workbook([['X', 'Y']], ['编号', '名字'])).expect(400);
    expect(headerless.body.message).toContain('缺少必填列');
  });

  it('refuses an OpenDocument (.ods) or legacy .xls file, saying to save it as .xlsx', async () => {
    const zip = new JSZip();
    zip.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', {
      compression: 'STORE',
    });
    zip.file('content.xml', '<office:document-content/>');
    const ods = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const res = await upload(ods).expect(400);
    expect(res.body.code).toBe('STAFF.IMPORT_FILE_INVALID');
    expect(res.body.message).toContain('仅支持 .xlsx 格式');
    expect(res.body.message).toContain('另存为');
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    const old = await upload(xls).expect(400);
    expect(old.body.message).toContain('.xls');
    expect(old.body.message).toContain('另存为');
  });

  it('keeps staff numbers as text: the template column is Text, a numeric cell is reported', async () => {
    const res = await signedIn(t, adminA)
      .get('/staff/import-template')
      .responseType('blob')
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const sheet = wb.getWorksheet('人员名单');
    expect(sheet?.getColumn(1).numFmt).toBe('@');
    expect(sheet?.getCell('A2').numFmt).toBe('@');
    expect(sheet?.getCell('A500').numFmt).toBe('@');
    // 00123 typed into a General cell: Excel stores the number 123
    const before = await staffCount();
    const bad = await upload(
      await workbook([
        ['TXT00123', '文本工号', org.units.deptA1.code, null, null, '2024-03-01', null, null],
        [123, '数字工号', org.units.deptA1.code, null, null, '2024-03-01', null, null],
      ]),
    ).expect(422);
    expect(bad.body.details).toEqual([
      { row: 3, column: '工号', message: expect.stringContaining('数字格式') },
    ]);
    expect(await staffCount()).toBe(before);
  });

  it('exports the roster in scope as Excel, for admins and HR only', async () => {
    const res = await signedIn(t, hrA).get('/staff/export').responseType('blob').expect(200);
    // an ASCII name for clients that ignore filename* (curl -OJ), then the Chinese one
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="roster.xlsx"; filename*=UTF-8''${encodeURIComponent('人员名单.xlsx')}`,
    );
    const rows = await readSheet(res.body as Buffer, '人员名单');
    expect(rows[0].slice(0, 3)).toEqual(['工号', '姓名', '单位编码']);
    const exported = rows
      .slice(1)
      .map((r) => r[0])
      .sort();
    const inScope = await t.dataSource.query<{ staff_no: string }[]>(
      `SELECT s.staff_no FROM staff s JOIN org_unit u ON u.id = s.unit_id WHERE u.path LIKE $1 ORDER BY s.staff_no`,
      [`${org.units.bureauA.path}%`],
    );
    expect(exported).toEqual(inScope.map((r) => r.staff_no).sort());
    expect(exported).not.toContain(org.people.staffB.staffNo);
    const adminRow = rows.find((r) => r[0] === org.people.adminA.staffNo);
    expect(adminRow?.[9]).toContain('系统管理员');
    // it prints: A4 one page wide, the header bold, repeated on every page and frozen
    const print = await xlsxPrint(res.body as Buffer);
    expectA4OnePageWide(print);
    expect(print[0]).toMatchObject({ name: '人员名单', printTitles: '$1:$1', frozenRows: 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const sheet = wb.getWorksheet('人员名单') as ExcelJS.Worksheet;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    // dates are Excel dates in a Chinese format, states in Chinese
    const start = sheet.getRow(2).getCell(6);
    expect(start.value).toBeInstanceOf(Date);
    expect(start.numFmt).toBe('yyyy"年"m"月"d"日"');
    expect(['启用', '停用']).toContain(sheet.getRow(2).getCell(8).value);
    // and the export imports back unchanged
    const again = await upload(res.body as Buffer).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: exported.length });
    const staff = await login(t, org.people.staffA1);
    await signedIn(t, staff).get('/staff/export').expect(403);
    const audit = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'staff.export'`,
    );
    expect(Number(audit[0].n)).toBe(1);
  });
});
