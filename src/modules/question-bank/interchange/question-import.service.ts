import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Principal } from '../../../common/auth';
import { AppError } from '../../../common/errors';
import {
  DocumentParser,
  YIELD_EVERY_ROWS,
  yieldToEventLoop,
} from '../../../common/files/document-parser';
import { TransactionHost } from '../../../database/transaction-host';
import { AuditService } from '../../audit';
import { displayTitle, LawsService } from '../../curriculum';
import type { LawEntity } from '../../curriculum';
import { cellText } from '../../../common/excel/cells';
import { addExportSheet, styleHeader } from '../../../common/excel/export-sheet';
import type { ExportColumn } from '../../../common/excel/export-sheet';
import type { BankFile, BankQuestion } from '../bank-file/bank-file';
import type { QuestionType } from '../question-content';
import { checkBankFiles } from '../bank-file/bank-file';
import { LETTERS, QUESTION_TYPES } from '../question-content';
import type {
  ExportQuestionsQueryDto,
  ImportFormat,
  QuestionImportResultDto,
} from '../dto/question.dto';
import { readAiken, writeAiken } from './aiken';
import type { ExportItem, InterchangeFormat, QuestionDraft } from './draft';
import { readGift, writeGift } from './gift';
import { UnreadableFile, readMoodle, writeMoodle } from './moodle';
import { readWordQuestions, wordTemplate } from './word';
import { QUESTION_CODE } from '../dto/question.dto';
import type { QuestionStatus } from '../entities/question.entity';
import { QUESTION_STATUSES } from '../entities/question.entity';
import { formatLegalBasis, parseLegalBasis } from '../legal-basis';
import type { QuestionContent } from '../question-content';
import {
  TRUE_FALSE_OPTIONS,
  TYPE_BY_LABEL,
  TYPE_LABELS,
  answerFromBank,
  answerToBank,
  contentProblems,
} from '../question-content';
import { QuestionRepository } from '../question.repository';
import { QuestionErrors } from '../questions.errors';
import type { ReferenceInput } from '../questions.service';
import { QuestionsService, contentFromDto, contentOf, groupReferences } from '../questions.service';
import { normalizeStem } from '../stem-similarity';

export const MAX_IMPORT_QUESTIONS = 5000;

/**
 * One problem in an import: a bank file question (file, code), an Excel cell (row, column) or a
 * question of a Moodle XML / GIFT / Aiken / Word file (line, item: the file's name or number).
 */
export interface ImportProblem {
  file?: string;
  code?: string;
  row?: number;
  column?: string;
  line?: number;
  item?: string;
  message: string;
}

/** A question ready to be written: content, where its references point, its code. */
interface Candidate {
  code: string;
  content: QuestionContent;
  /** `pinned`: the file named the version; otherwise an existing question keeps its versions. */
  references: { law: LawEntity; versionId: string | null; articles: number[]; pinned?: boolean }[];
  where: Pick<ImportProblem, 'file' | 'row' | 'code' | 'line' | 'item'>;
  /** The status the file gives; none keeps an existing question's (a new one is active). */
  status?: QuestionStatus;
  /** The file has no 评分要点 column (an older template): an existing question keeps its keywords. */
  keepKeywords?: boolean;
}

const SHEET = '题目';
const COLUMNS = [
  '编号',
  '题型',
  '题干',
  ...LETTERS.map((l) => `选项${l}`),
  '答案',
  '解析',
  '难度',
  '标签',
  '法律依据',
  '依据原文',
  '同义答案',
  '各空不分顺序',
  '评分要点',
  '状态',
] as const;

/** The export's columns: the template's (so it imports back), then revision and review (read only). */
const EXPORT_COLUMNS: ExportColumn[] = [
  ...COLUMNS.map((header): ExportColumn => {
    switch (header) {
      case '编号':
        return { header, width: 12 };
      case '题型':
        return { header, width: 7 };
      case '题干':
        return { header, width: 36 };
      case '解析':
        return { header, width: 28 };
      case '依据原文':
        return { header, width: 28 };
      case '难度':
        return { header, width: 5, kind: 'integer' };
      case '答案':
      case '标签':
      case '法律依据':
        return { header, width: 14 };
      default:
        return { header, width: 12 }; // the options
    }
  }),
  { header: '版本', width: 5, kind: 'integer' },
  { header: '待复核', width: 6 },
];

/** The 状态 column: the labels the export writes, and the API's own values. */
const STATUS_LABELS: Record<QuestionStatus, string> = {
  draft: '草稿',
  active: '启用',
  retired: '停用',
};
const STATUS_BY_LABEL: Record<string, QuestionStatus> = {
  ...Object.fromEntries(QUESTION_STATUSES.map((s) => [STATUS_LABELS[s], s])),
  ...Object.fromEntries(QUESTION_STATUSES.map((s) => [s, s])),
  已停用: 'retired',
  未启用: 'draft',
};

/**
 * Imports and exports of the question bank: the repository's question-bank/ JSON files and an
 * Excel template. Both are all-or-nothing (every problem reported) and idempotent by code.
 */
@Injectable()
export class QuestionImportService {
  private readonly logger = new Logger(QuestionImportService.name);

  constructor(
    private readonly questions: QuestionsService,
    private readonly repo: QuestionRepository,
    private readonly laws: LawsService,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly parser: DocumentParser,
  ) {}

  async importUpload(
    principal: Principal,
    name: string,
    content: Buffer,
    format?: ImportFormat,
  ): Promise<QuestionImportResultDto> {
    const actor = { id: principal.staffId, staffNo: principal.staffNo };
    const kind = format ?? formatOf(name, content);
    switch (kind) {
      case 'json': {
        let parsed: unknown;
        try {
          parsed = JSON.parse(content.toString('utf8'));
        } catch {
          throw QuestionErrors.IMPORT_FILE_INVALID({ reason: '不是合法的 JSON' });
        }
        return this.importBankFiles([{ name, content: parsed }], actor);
      }
      case 'xlsx':
        return this.importExcel(content, actor);
      case 'docx': {
        const text = await this.parser.wordText(content, {
          invalid: (reason) => QuestionErrors.IMPORT_FILE_INVALID({ reason }),
          tooLong: (size, limit) =>
            QuestionErrors.IMPORT_FILE_INVALID({
              reason: `文件中的文字过多（${size}，上限 ${limit}）`,
            }),
        });
        return this.importDrafts(readWordQuestions(text), 'docx', actor);
      }
      case 'moodle':
      case 'gift':
      case 'aiken': {
        const text = decodeText(content);
        let drafts: QuestionDraft[];
        try {
          drafts =
            kind === 'moodle'
              ? readMoodle(text)
              : kind === 'gift'
                ? readGift(text)
                : readAiken(text);
        } catch (e) {
          if (e instanceof UnreadableFile)
            throw QuestionErrors.IMPORT_FILE_INVALID({ reason: e.message });
          throw e;
        }
        return this.importDrafts(drafts, kind, actor);
      }
      default:
        throw QuestionErrors.IMPORT_FILE_INVALID({ reason: kind.unsupported });
    }
  }

  /**
   * Questions read from a Moodle XML, GIFT, Aiken or Word file: every draft checked (its reading
   * problems, the content rules, codes, the legal basis against the laws in the database), then
   * all written or none, as for Excel. A question without 解析 gets its legal basis as one.
   */
  async importDrafts(
    drafts: QuestionDraft[],
    format: InterchangeFormat,
    actor: { id: string; staffNo: string } | null,
  ): Promise<QuestionImportResultDto> {
    if (!drafts.length) throw QuestionErrors.IMPORT_FILE_INVALID({ reason: '文件中没有题目' });
    if (drafts.length > MAX_IMPORT_QUESTIONS) {
      throw QuestionErrors.IMPORT_TOO_MANY_ROWS({ max: MAX_IMPORT_QUESTIONS, rows: drafts.length });
    }
    return this.tx.run(async () => {
      const problems: ImportProblem[] = [];
      const candidates: Candidate[] = [];
      const codes = new Map<string, string>();
      for (const [i, d] of drafts.entries()) {
        if (i % YIELD_EVERY_ROWS === YIELD_EVERY_ROWS - 1) await yieldToEventLoop();
        if (!d.type) {
          // unreadable (a GIFT syntax error, a type we have no match for): only why
          const where = { line: d.line, item: d.item, code: d.code };
          for (const message of d.problems.length ? d.problems : ['无法判断题型'])
            problems.push({ ...where, message });
          continue;
        }
        const code = d.code?.trim() || stemCode(d.stem);
        const where = { line: d.line, item: d.item, code };
        const fail = (message: string) => problems.push({ ...where, message });
        d.problems.forEach(fail);
        if (d.stem.length < 5) fail('题干至少 5 个字');
        if (!QUESTION_CODE.test(code))
          fail(`编号“${code}”只能包含字母、数字、下划线和连字符，2 到 40 位`);
        else if (codes.has(code)) fail(`编号 ${code} 与${codes.get(code)}的题目重复`);
        else codes.set(code, d.line ? `第 ${d.line} 行` : (d.item ?? ''));
        if (!d.basis) fail('缺少法律依据，如 依据：《信访工作条例》第二十二条');
        for (const b of d.basis ?? [])
          if (!b.articles.length) fail(`《${b.law}》未指明条文，如 依据：《${b.law}》第二十二条`);
        if (d.answer === null || !d.basis) continue;
        const content = contentFromDto(d.type, {
          stem: d.stem,
          options: d.options,
          answer: d.answer,
          synonyms: d.synonyms,
          orderFree: d.orderFree,
          keywords: d.keywords,
          explanation: d.explanation || `依据${formatLegalBasis(d.basis)}。`,
          difficulty: d.difficulty ?? 3,
          tags: d.tags,
          evidence: d.evidence || undefined,
        });
        for (const p of contentProblems(content)) fail(p.message);
        const references = [];
        for (const b of d.basis) {
          const law = await this.laws.findLawByName(b.law);
          if (!law) fail(`法律法规《${b.law}》尚未导入`);
          else if (b.articles.length)
            references.push({ law, versionId: law.currentVersionId, articles: b.articles });
        }
        candidates.push({ code, content, references, where, status: d.status });
      }
      const result = await this.write(candidates, actor, problems);
      await this.audit.record({
        action: 'question.import',
        actor,
        details: { format, questions: drafts.length, ...counts(result) },
      });
      return result;
    });
  }

  /** Bank files: schema and rules first, then every reference against the laws in the database. */
  async importBankFiles(
    files: { name: string; content: unknown }[],
    actor: { id: string; staffNo: string } | null,
  ): Promise<QuestionImportResultDto> {
    const check = checkBankFiles(files);
    const problems: ImportProblem[] = check.errors.map((e) => ({
      file: e.file,
      code: e.code,
      message: e.message,
    }));
    // A file that breaks the schema cannot be read further; the others are checked against the
    // database too, so one response lists every problem.
    const unreadable = new Set(
      check.errors.filter((e) => e.message.startsWith('schema:')).map((e) => e.file),
    );
    if (unreadable.size === files.length) throw importInvalid(problems);
    const flagged = new Set(problems.map((p) => `${p.file}:${p.code}`));
    const bank = files
      .filter((f) => !unreadable.has(f.name))
      .map((f) => ({ name: f.name, file: f.content as BankFile }));
    const total = bank.reduce((n, f) => n + f.file.questions.length, 0);
    if (total > MAX_IMPORT_QUESTIONS) {
      throw QuestionErrors.IMPORT_TOO_MANY_ROWS({ max: MAX_IMPORT_QUESTIONS, rows: total });
    }
    return this.tx.run(async () => {
      const candidates: Candidate[] = [];
      for (const { name, file } of bank) {
        const law = await this.laws.ensureLaw(file.law.title, file.law.shortTitle);
        const versionId = await this.versionFor(law, file.law.version);
        const pinned = versionId !== null && versionId !== law.currentVersionId;
        for (const q of file.questions) {
          if (flagged.has(`${name}:${q.code}`)) continue;
          const references = [];
          for (const ref of q.references) {
            const cited = ref.law ? await this.laws.ensureLaw(ref.law) : law;
            references.push({
              law: cited,
              versionId: ref.law ? cited.currentVersionId : versionId,
              articles: ref.articles,
              pinned: !ref.law && pinned,
            });
          }
          candidates.push({
            code: q.code,
            content: bankContent(q),
            references,
            where: { file: name, code: q.code },
            status: q.status,
          });
        }
      }
      const result = await this.write(candidates, actor, problems);
      await this.audit.record({
        action: 'question.import',
        actor,
        details: { format: 'bank-json', files: bank.map((b) => b.name), ...counts(result) },
      });
      return result;
    });
  }

  async importExcel(
    content: Buffer,
    actor: { id: string; staffNo: string } | null,
  ): Promise<QuestionImportResultDto> {
    const { header: columns, rows } = await this.parser.workbook(content, {
      sheet: SHEET,
      maxRows: MAX_IMPORT_QUESTIONS,
      errors: {
        invalid: (reason) => QuestionErrors.IMPORT_FILE_INVALID({ reason }),
        tooManyRows: (rows, max) => QuestionErrors.IMPORT_TOO_MANY_ROWS({ max, rows }),
      },
    });
    const header = new Map(Object.entries(columns));
    const missing = ['题型', '题干', '答案', '解析', '法律依据'].filter((c) => !header.has(c));
    if (missing.length) {
      throw QuestionErrors.IMPORT_FILE_INVALID({
        reason: `缺少必填列：${missing.join('、')}（请使用导入模板）`,
      });
    }
    if (!rows.length) throw QuestionErrors.IMPORT_FILE_INVALID({ reason: '文件中没有题目' });

    return this.tx.run(async () => {
      const problems: ImportProblem[] = [];
      const candidates: Candidate[] = [];
      const codes = new Map<string, number>();
      for (const [i, { row: r, values }] of rows.entries()) {
        if (i % YIELD_EVERY_ROWS === YIELD_EVERY_ROWS - 1) await yieldToEventLoop();
        const get = (column: string) => {
          const col = header.get(column);
          return col === undefined ? '' : cellText(values[col]);
        };
        const fail = (column: string, message: string) =>
          problems.push({ row: r, column, message });
        const type = TYPE_BY_LABEL[get('题型')];
        if (!type) fail('题型', '须为单选题、多选题、判断题、填空题或简答题');
        const stem = get('题干');
        if (stem.length < 5) fail('题干', '题干至少 5 个字');
        const difficultyText = get('难度');
        const difficulty = difficultyText === '' ? 3 : Number(difficultyText);
        if (!Number.isInteger(difficulty) || difficulty < 1 || difficulty > 5)
          fail('难度', '须为 1 到 5 的整数');
        const statusText = get('状态');
        const status = statusText ? STATUS_BY_LABEL[statusText] : undefined;
        if (statusText && !status) fail('状态', '须为启用、停用或草稿，或留空');
        const explanation = get('解析');
        if (explanation.length < 2) fail('解析', '不能为空');
        const code = get('编号') || stemCode(stem);
        if (!QUESTION_CODE.test(code))
          fail('编号', '只能包含字母、数字、下划线和连字符，2 到 40 位');
        else if (codes.has(code)) fail('编号', `与第 ${codes.get(code)} 行重复`);
        else codes.set(code, r);
        const bases = parseLegalBasis(get('法律依据'));
        if (!bases) fail('法律依据', '格式应如《信访工作条例》第二十二条、第二十三条');
        if (!type || !bases) continue;
        const options = LETTERS.map((l) => get(`选项${l}`));
        const lastOption = options.map((o) => o !== '').lastIndexOf(true);
        const usedOptions = options.slice(0, lastOption + 1);
        if (usedOptions.some((o) => o === '')) fail('选项', '选项须从选项A起连续填写');
        const answer = excelAnswer(type, get('答案'), usedOptions);
        if (answer === null) fail('答案', answerHint(type));
        const synonyms = excelSynonyms(get('同义答案'));
        const orderFreeText = get('各空不分顺序');
        const orderFree = ['是', '√', 'Y', 'YES', 'TRUE'].includes(orderFreeText.toUpperCase());
        if (
          !orderFree &&
          !['', '否', '×', 'N', 'NO', 'FALSE'].includes(orderFreeText.toUpperCase())
        )
          fail('各空不分顺序', '填“是”或留空');
        const content = contentFromDto(type, {
          stem,
          options: usedOptions,
          answer,
          synonyms,
          orderFree,
          explanation,
          difficulty: Number.isInteger(difficulty) ? difficulty : 3,
          tags: excelList(get('标签')),
          keywords: header.has('评分要点') ? excelList(get('评分要点'), /[；;\n]+/) : undefined,
          evidence: get('依据原文') || undefined,
        });
        if (answer !== null)
          for (const p of contentProblems(content)) fail(columnOf(p.field), p.message);
        const references = [];
        for (const b of bases) {
          const law = await this.laws.findLawByName(b.law);
          if (!law) {
            fail('法律依据', `法律法规《${b.law}》尚未导入`);
            continue;
          }
          references.push({ law, versionId: law.currentVersionId, articles: b.articles });
        }
        candidates.push({
          code,
          content,
          references,
          where: { row: r, code },
          status,
          keepKeywords: !header.has('评分要点') && type === 'short_answer',
        });
      }
      const result = await this.write(candidates, actor, problems);
      await this.audit.record({
        action: 'question.import',
        actor,
        details: { format: 'xlsx', rows: rows.length, ...counts(result) },
      });
      return result;
    });
  }

  /** The Excel template: header, an example row, instructions and the laws that can be cited. */
  async template(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(
      COLUMNS.map((c) => (['题型', '题干', '答案', '解析', '法律依据'].includes(c) ? `${c}*` : c)),
    );
    sheet.getRow(1).font = { bold: true };
    sheet.columns.forEach((c, i) => (c.width = [12, 8, 40][i] ?? 16));
    const help = wb.addWorksheet('填写说明');
    help.getColumn(1).width = 110;
    [
      '1. 每行一道题，带 * 的列必填；第一行表头不要修改。',
      '2. 题型：单选题、多选题、判断题、填空题、简答题。',
      '3. 选项：选择题从“选项A”起连续填写 2 到 8 个；判断题可不填（默认为“正确”“错误”），填写时必须恰好两个。',
      '4. 答案：单选题填一个字母，如 B；多选题填两个以上字母，如 ACD；判断题填“正确”或“错误”；',
      '   填空题在题干中用 ____ 标出空位，答案按空位顺序用“；”分隔，同一空的几种写法用“|”分隔，如 十五日|15日；简答题填参考答案。',
      '5. 难度：1（易）到 5（难），不填为 3。标签用顿号或逗号分隔。',
      '6. 法律依据：如《信访工作条例》第二十二条、第二十三条；多部法律用“；”分隔。所引条文必须存在。',
      '7. 依据原文（可选）：从所引条文中原样摘录的一句话，系统会核对它确实出现在条文中。',
      '8. 编号（可选）：同一编号再次导入时更新该题（内容有变化则生成新版本）；不填时按题干自动生成。',
      '9. 只要有一行有错，整个文件都不会导入，系统会列出每一处错误的行号、列名和原因。',
      '10. 同义答案（可选，仅填空题）：评分时与答案同样接受、但不作为标准答案显示的写法，格式同答案：',
      '   按空位顺序用“；”分隔，同一空的几种写法用“|”分隔，某空没有则留空，如 诚实信用；（第二空没有）。',
      '11. 各空不分顺序（可选，仅两个及以上空的填空题）：填“是”时各空答案可以任意顺序作答，如并列的两项。',
      '12. 填空题中数字后的“天”与“日”视为相同（十五天 = 十五日），无须另列。',
      '13. 评分要点（可选，仅简答题）：阅卷时参考的要点，多个要点用“；”分隔。',
      '14. 状态（可选）：启用、停用或草稿；不填时新题为启用，已有的题保持原状态（导出的文件原样导回不会改变状态）。',
    ].forEach((line) => help.addRow([line]));
    const lawSheet = wb.addWorksheet('可引用的法律法规');
    lawSheet.columns = [
      { header: '标题', width: 40 },
      { header: '简称', width: 20 },
      { header: '现行版本', width: 30 },
    ];
    for (const law of (await this.laws.list({ page: 1, pageSize: 100 })).items) {
      lawSheet.addRow([law.title, law.shortTitle, law.currentVersion?.label ?? '尚未导入条文']);
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Excel export with the list filters, in the template's columns (so it imports back). */
  async exportExcel(query: ExportQuestionsQueryDto): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'xuefa';
    const sheet = addExportSheet(wb, SHEET, EXPORT_COLUMNS, { headerRows: [1, 1] });
    styleHeader(sheet.addRow(EXPORT_COLUMNS.map((c) => c.header)));
    for await (const { question, revision, references } of this.iterate(query)) {
      const found = await this.laws.findLaws(references.map((g) => g.lawId));
      const laws = new Map([...found].map(([id, l]) => [id, l.shortTitle]));
      const options = LETTERS.map((_, i) => revision.options[i] ?? '');
      sheet.addRow([
        question.code,
        TYPE_LABELS[revision.type],
        revision.stem,
        ...(revision.type === 'true_false' ? LETTERS.map(() => '') : options),
        excelAnswerText(revision.type, revision.answer, revision.options),
        revision.explanation,
        revision.difficulty,
        excelListText(revision.tags),
        formatLegalBasis(
          references.map((g) => ({ law: laws.get(g.lawId) ?? '', articles: g.articles })),
        ),
        revision.evidence ?? '',
        revision.synonyms.map((b) => b.join('|')).join('；'),
        revision.orderFree ? '是' : '',
        excelListText(revision.keywords),
        STATUS_LABELS[question.status],
        revision.revisionNo,
        question.needsReview ? '是' : '否',
      ]);
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** One law's questions as a question-bank file (the repository's format). */
  async exportBankFile(query: ExportQuestionsQueryDto): Promise<BankFile & { $schema: string }> {
    if (!query.lawId) throw QuestionErrors.EXPORT_LAW_REQUIRED();
    const law = await this.laws.requireLaw(query.lawId);
    const version = law.currentVersionId ? await this.laws.findVersion(law.currentVersionId) : null;
    const questions: BankQuestion[] = [];
    for await (const { question, revision, references } of this.iterate(query)) {
      const others = await this.laws.findLaws(references.map((g) => g.lawId));
      const refs = references.map((g) =>
        g.lawId === law.id
          ? { articles: g.articles }
          : { law: others.get(g.lawId)?.title ?? '', articles: g.articles },
      );
      const hasOptions = revision.type === 'single_choice' || revision.type === 'multiple_choice';
      questions.push({
        code: question.code,
        type: revision.type,
        stem: revision.stem,
        ...(hasOptions ? { options: revision.options } : {}),
        answer: answerToBank(revision.type, revision.answer),
        ...(revision.type === 'short_answer' && revision.keywords.length
          ? { keywords: revision.keywords }
          : {}),
        ...(revision.synonyms.length ? { synonyms: revision.synonyms } : {}),
        ...(revision.orderFree ? { orderFree: true } : {}),
        explanation: revision.explanation,
        difficulty: revision.difficulty,
        ...(revision.tags.length ? { tags: revision.tags } : {}),
        references: refs,
        evidence: revision.evidence ?? '',
        status: question.status,
      });
    }
    return {
      $schema: './schema.json',
      law: {
        title: law.title,
        shortTitle: law.shortTitle,
        // without a text yet: the highest article cited, so the file passes the bank checks
        articleCount:
          version?.articleCount ??
          Math.max(
            1,
            ...questions.flatMap((q) =>
              q.references.filter((r) => !r.law).flatMap((r) => r.articles),
            ),
          ),
        ...(version ? { version: version.label } : {}),
      },
      questions,
    };
  }

  /** The Word template: instructions, the laws that can be cited, an example of each type. */
  async wordTemplate(): Promise<Buffer> {
    const laws = (await this.laws.list({ page: 1, pageSize: 100 })).items;
    return wordTemplate(laws.map((l) => displayTitle(l)));
  }

  /**
   * The list filters' questions as Moodle XML, GIFT or Aiken; `skipped`: the codes the format has
   * no form for (GIFT: fill-ins with several blanks; Aiken: all but single choice).
   */
  async exportInterchange(
    query: ExportQuestionsQueryDto,
    format: 'moodle' | 'gift' | 'aiken',
  ): Promise<{ text: string; skipped: string[] }> {
    const items: ExportItem[] = [];
    const lawNames = new Map<string, { title: string; shortTitle: string }>();
    for await (const { question, revision, references } of this.iterate(query)) {
      const unseen = references.map((g) => g.lawId).filter((id) => !lawNames.has(id));
      const found = await this.laws.findLaws(unseen);
      for (const id of unseen) {
        const law = found.get(id);
        lawNames.set(id, { title: law?.title ?? '', shortTitle: law?.shortTitle ?? '' });
      }
      items.push({
        code: question.code,
        status: question.status,
        content: contentOf(revision),
        bases: references.map((g) => ({
          law: lawNames.get(g.lawId)?.shortTitle ?? '',
          articles: g.articles,
        })),
        category: lawNames.get(references[0]?.lawId ?? '')?.title ?? '未分类',
      });
    }
    if (format === 'moodle') return { text: writeMoodle(items), skipped: [] };
    return format === 'gift' ? writeGift(items) : writeAiken(items);
  }

  // ---- helpers ----

  private async *iterate(query: ExportQuestionsQueryDto) {
    for (let page = 1; ; page++) {
      const [rows] = await this.repo.search({
        lawId: query.lawId,
        articleFrom: query.articleFrom,
        articleTo: query.articleTo,
        type: query.type,
        difficulty: query.difficulty,
        tag: query.tag,
        status: query.status,
        needsReview: query.needsReview,
        q: query.q,
        offset: (page - 1) * 500,
        limit: 500,
      });
      if (!rows.length) return;
      const revisions = await this.repo.findRevisions(rows.map((q) => q.currentRevisionId ?? ''));
      const refs = await this.repo.referencesOf(revisions.map((r) => r.id));
      for (const question of rows) {
        const revision = revisions.find((r) => r.id === question.currentRevisionId);
        if (!revision) continue;
        yield {
          question,
          revision,
          references: groupReferences(refs.filter((x) => x.revisionId === revision.id)),
        };
      }
      if (rows.length < 500) return;
    }
  }

  private async currentVersions(code: string): Promise<Map<string, string>> {
    const q = await this.repo.findByCode(code);
    if (!q?.currentRevisionId) return new Map();
    const refs = await this.repo.referencesOf([q.currentRevisionId]);
    return new Map(
      refs.filter((r) => r.lawVersionId).map((r) => [r.lawId, r.lawVersionId as string]),
    );
  }

  private async versionFor(law: LawEntity, label: string | undefined): Promise<string | null> {
    if (!law.currentVersionId) return null;
    if (label) {
      const detail = await this.laws.get(law.id);
      const match = detail.versions.find((v) => v.label === label);
      if (match) return match.id;
    }
    return law.currentVersionId;
  }

  /** Checks every candidate's references, then writes them all, in the caller's transaction. */
  private async write(
    candidates: Candidate[],
    actor: { id: string; staffNo: string } | null,
    problems: ImportProblem[],
  ): Promise<QuestionImportResultDto> {
    const resolved = [];
    for (const c of candidates) {
      try {
        // An existing question re-imported without a named version keeps citing the versions it
        // cites now (a flagged question stays flagged until someone reviews it).
        const existing = await this.repo.findByCode(c.code);
        const kept = await this.currentVersions(c.code);
        if (c.keepKeywords && existing?.currentRevisionId) {
          const current = await this.repo.findRevision(existing.currentRevisionId);
          if (current?.type === 'short_answer') c.content.keywords = current.keywords;
        }
        const refs: ReferenceInput[] = c.references.map((r) => ({
          lawId: r.law.id,
          versionId: r.pinned ? r.versionId : (kept.get(r.law.id) ?? r.versionId),
          articles: r.articles,
        }));
        resolved.push({
          c,
          // the file's status; without one an existing question keeps its own (a retired one
          // stays retired), a new one is active
          status: c.status ?? existing?.status ?? 'active',
          refs: await this.questions.resolveReferences(refs, c.content.evidence, true),
        });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        problems.push({
          ...c.where,
          ...(c.where.row ? { column: '法律依据' } : {}),
          message: e.message,
        });
      }
    }
    if (problems.length) throw importInvalid(problems);
    const result: QuestionImportResultDto = { created: 0, revised: 0, unchanged: 0, similar: [] };
    for (const { c, refs, status } of resolved) {
      const { question, status: outcome } = await this.questions.save(c.code, c.content, refs, {
        status,
        actorId: actor?.id ?? null,
        changeNote: '导入',
      });
      result[outcome === 'created' ? 'created' : outcome === 'revised' ? 'revised' : 'unchanged'] +=
        1;
      if (outcome !== 'unchanged') {
        for (const s of await this.questions.similarTo(question)) {
          result.similar.push({ code: c.code, similarTo: s.code, similarity: s.similarity });
        }
      }
    }
    this.logger.log(
      `question import: ${result.created} created, ${result.revised} revised, ${result.unchanged} unchanged`,
    );
    return result;
  }
}

/** The code of a question imported without one: from its stem, so a re-import finds it. */
export function stemCode(stem: string): string {
  return `XL-${createHash('sha256').update(normalizeStem(stem)).digest('hex').slice(0, 8).toUpperCase()}`;
}

function importInvalid(problems: ImportProblem[]): AppError {
  const sorted = [...problems].sort((a, b) => (a.row ?? a.line ?? 0) - (b.row ?? b.line ?? 0));
  return QuestionErrors.IMPORT_INVALID({ count: sorted.length }, sorted);
}

function counts(r: QuestionImportResultDto) {
  return { created: r.created, revised: r.revised, unchanged: r.unchanged };
}

function bankContent(q: BankQuestion): QuestionContent {
  return contentFromDto(q.type, {
    stem: q.stem,
    options: q.type === 'true_false' ? TRUE_FALSE_OPTIONS : q.options,
    answer: answerFromBank(q.type, q.answer),
    keywords: q.keywords,
    synonyms: q.synonyms,
    orderFree: q.orderFree,
    explanation: q.explanation,
    difficulty: q.difficulty,
    tags: q.tags,
    evidence: q.evidence,
  });
}

function columnOf(field: string): string {
  return (
    {
      stem: '题干',
      options: '选项',
      answer: '答案',
      keywords: '评分要点',
      synonyms: '同义答案',
      orderFree: '各空不分顺序',
    }[field] ?? field
  );
}

/**
 * A list cell (标签, 评分要点): items split at `separators`. Items written by the export are joined
 * with “；” (a tag or point may hold 、), so a cell with “；” is split there only; a typed cell may
 * use 、 or commas too.
 */
function excelList(text: string, separators = /[,，、;；\s]+/): string[] {
  const split = /[；;\n]/.test(text) ? /[；;\n]+/ : separators;
  return text
    .split(split)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The export's side of {@link excelList}: a lone item that holds a separator gets a trailing “；”. */
function excelListText(items: string[]): string {
  const text = items.join('；');
  return items.length === 1 && /[,，、\s]/.test(items[0]) ? `${text}；` : text;
}

/** The 同义答案 cell: lists per blank as in 答案, a blank's list may be empty; none when empty. */
function excelSynonyms(text: string): string[][] {
  if (!text.trim()) return [];
  return text.split(/[；;]/).map((b) =>
    b
      .split(/[|｜]/)
      .map((x) => x.trim())
      .filter(Boolean),
  );
}

function answerHint(type: QuestionType): string {
  return {
    single_choice: '单选题填一个选项字母，如 B',
    multiple_choice: '多选题填两个以上选项字母，如 ACD',
    true_false: '判断题填“正确”或“错误”',
    fill_blank: '填空题按空位顺序填写，用“；”分隔各空，“|”分隔同一空的几种写法',
    short_answer: '简答题须填写参考答案',
  }[type];
}

/** The 答案 cell in the API's shape, or null when it cannot be read. */
export function excelAnswer(type: QuestionType, text: string, options: string[]): unknown {
  const t = text.trim();
  if (!t) return null;
  switch (type) {
    case 'single_choice':
      return /^[A-Ha-h]$/.test(t) ? t.toUpperCase() : null;
    case 'multiple_choice': {
      const letters = t.toUpperCase().replace(/[\s,，、;；]/g, '');
      return /^[A-H]{2,8}$/.test(letters) ? [...letters] : null;
    }
    case 'true_false': {
      const opts = options.length ? options : TRUE_FALSE_OPTIONS;
      if (['正确', '对', '√', '是', 'T', 'TRUE', 'A'].includes(t.toUpperCase())) return 'A';
      if (['错误', '错', '×', '否', 'F', 'FALSE', 'B'].includes(t.toUpperCase())) return 'B';
      const i = opts.indexOf(t);
      return i === 0 ? 'A' : i === 1 ? 'B' : null;
    }
    case 'fill_blank': {
      const blanks = t.split(/[；;]/).map((b) =>
        b
          .split(/[|｜]/)
          .map((x) => x.trim())
          .filter(Boolean),
      );
      return blanks.every((b) => b.length) ? blanks : null;
    }
    case 'short_answer':
      return t;
  }
}

function excelAnswerText(type: QuestionType, answer: unknown, options: string[]): string {
  switch (type) {
    case 'single_choice':
      return String(answer);
    case 'multiple_choice':
      return (answer as string[]).join('');
    case 'true_false':
      return options[answer === 'A' ? 0 : 1] ?? '';
    case 'fill_blank':
      return (answer as string[][]).map((b) => b.join('|')).join('；');
    case 'short_answer':
      return String(answer);
  }
}

/** What a file is, told by its extension and (for .txt) its content. */
function formatOf(name: string, content: Buffer): ImportFormat | { unsupported: string } {
  const ext = extname(name).toLowerCase();
  switch (ext) {
    case '.json':
      return 'json';
    case '.xlsx':
      return 'xlsx';
    case '.docx':
      return 'docx';
    case '.xml':
      return 'moodle';
    case '.gift':
      return 'gift';
    case '.aiken':
      return 'aiken';
    case '.txt': {
      const text = decodeText(content);
      return /^\s*ANSWER\s*[:：]/im.test(text) && !/[{}]/.test(text) ? 'aiken' : 'gift';
    }
    case '.doc':
      return {
        unsupported:
          '不支持旧版 Word 97-2003（.doc）文件，请在 WPS 或 Word 中「另存为」.docx 后再上传',
      };
    default:
      return {
        unsupported:
          '只支持题库文件（.json）、Excel 模板（.xlsx）、Moodle XML（.xml）、GIFT（.gift/.txt）、Aiken（.txt）和 Word 题目文件（.docx）',
      };
  }
}

/** A text file: UTF-8 (with or without BOM), else GB18030 (Notepad's ANSI on Chinese Windows). */
function decodeText(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(content);
  }
}

export { QUESTION_TYPES, contentOf };
