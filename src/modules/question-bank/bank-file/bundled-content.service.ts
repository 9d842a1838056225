import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config';
import { LAW_FILE_EXTENSIONS, LawImportService } from '../../curriculum';
import type { LawImportReport } from '../../curriculum';
import { bankFilePaths, readBankFiles } from './bank-files';
import type { QuestionImportResultDto } from '../dto/question.dto';
import { QuestionImportService } from '../interchange/question-import.service';
import { QuestionRepository } from '../question.repository';

/** What a start (or `cli migrate`) loads: the law texts of LAW_TEXTS_DIR, the bundled bank. */
@Injectable()
export class BundledContentService {
  private readonly logger = new Logger(BundledContentService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly laws: LawImportService,
    private readonly bank: QuestionImportService,
    private readonly questions: QuestionRepository,
  ) {}

  async loadAtStart(): Promise<{ laws: LawImportReport[]; bank: QuestionImportResultDto | null }> {
    const { lawTextsDir, loadBundledBank } = this.config.content;
    const laws = lawTextsDir ? await this.importLawDir(lawTextsDir) : [];
    const bank =
      loadBundledBank && (await this.questions.count()) === 0
        ? await this.importBundledBank()
        : null;
    return { laws, bank };
  }

  /** Every .md/.txt/.docx in the folder (README files aside), each in its own transaction. */
  async importLawDir(dir: string): Promise<LawImportReport[]> {
    if (!existsSync(dir)) {
      this.logger.warn(`law texts folder ${dir} does not exist`);
      return [];
    }
    const reports: LawImportReport[] = [];
    for (const f of readdirSync(dir).sort()) {
      if (!LAW_FILE_EXTENSIONS.includes(extname(f).toLowerCase()) || /^readme/i.test(f)) continue;
      reports.push(await this.laws.importFile(f, readFileSync(join(dir, f))));
    }
    return reports;
  }

  async importBundledBank(paths?: string[]): Promise<QuestionImportResultDto> {
    const files = readBankFiles(paths ?? bankFilePaths(this.config.content.questionBankDir));
    if (!files.length) {
      this.logger.warn(`no question-bank files in ${this.config.content.questionBankDir}`);
      return { created: 0, revised: 0, unchanged: 0, similar: [] };
    }
    const result = await this.bank.importBankFiles(files, null);
    this.logger.log(`bundled question bank: ${result.created} created, ${result.revised} revised`);
    return result;
  }
}
