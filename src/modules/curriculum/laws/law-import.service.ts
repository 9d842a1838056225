import { randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import { DocumentParser } from '../../../common/files/document-parser';
import { formatBytes } from '../../../common/files/zip-guard';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { AuditService } from '../../audit';
import { CurriculumErrors } from '../curriculum.errors';
import { LawArticleEntity } from '../entities/law-article.entity';
import { LawNodeEntity } from '../entities/law-node.entity';
import { LawVersionEntity } from '../entities/law-version.entity';
import { LawEntity } from '../entities/law.entity';
import type { LawCategory } from '../entities/law.entity';
import { LawChangeHub } from './law-change-hub.service';
import {
  articleHash,
  articleText,
  diffArticles,
  guessCategoryByTitle,
  versionHash,
  versionLabel,
} from '../law-text/law-content';
import type { ParsedLaw, ParsedNode } from '../law-text/law-text-parser';
import { LawParseError, parseLawText } from '../law-text/law-text-parser';
import { LawRepository } from './law.repository';
import { defaultShortTitle } from '../law-titles';

export interface LawImportOptions {
  source: string;
  category?: LawCategory;
  shortTitle?: string;
  issuingBody?: string;
  actor?: { id: string; staffNo: string } | null;
}

export interface LawImportReport {
  lawId: string;
  title: string;
  status: 'created' | 'new_version' | 'unchanged';
  versionId: string;
  versionNo: number;
  versionLabel: string;
  articleCount: number;
  added: number[];
  changed: number[];
  removed: number[];
  flaggedQuestions: number;
}

export const LAW_FILE_EXTENSIONS = ['.md', '.txt', '.docx'];

const NO_DIFF = { added: [], changed: [], removed: [] };

@Injectable()
export class LawImportService {
  private readonly logger = new Logger(LawImportService.name);

  constructor(
    private readonly laws: LawRepository,
    private readonly hub: LawChangeHub,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly parser: DocumentParser,
    private readonly config: AppConfig,
  ) {}

  async importFile(name: string, content: Buffer, options: Omit<LawImportOptions, 'source'> = {}) {
    return this.importText(await this.fileText(name, content), { ...options, source: name });
  }

  /**
   * The text of an uploaded or local law file: Markdown and plain text as is, Word through the
   * DocumentParser (a child process, after the zip is checked). At most LAW_TEXT_MAX_BYTES.
   */
  async fileText(name: string, content: Buffer): Promise<string> {
    const ext = extname(name).toLowerCase();
    const limit = this.config.parsing.lawTextMaxBytes;
    const tooLong = (size: string, max: string) =>
      CurriculumErrors.LAW_TEXT_TOO_LONG({ size, limit: max });
    if (ext === '.docx') {
      return this.parser.wordText(content, {
        invalid: (reason) => CurriculumErrors.LAW_TEXT_INVALID({ reason }),
        tooLong,
      });
    }
    if (ext === '.md' || ext === '.txt') {
      if (content.length > limit) throw tooLong(formatBytes(content.length), formatBytes(limit));
      return content.toString('utf8');
    }
    throw CurriculumErrors.LAW_FILE_TYPE({ name });
  }

  /**
   * Imports one law text: a new law, a new version of a known law (reporting the articles
   * added, changed and removed, and flagging the questions that cite changed ones), or
   * nothing when the text is the current version already. All or nothing.
   */
  async importText(text: string, options: LawImportOptions): Promise<LawImportReport> {
    let parsed: ParsedLaw;
    try {
      parsed = parseLawText(text);
    } catch (e) {
      if (e instanceof LawParseError) {
        throw CurriculumErrors.LAW_TEXT_INVALID(
          { reason: e.message },
          { line: e.line, text: e.text, reason: e.reason },
        );
      }
      throw e;
    }
    const hash = versionHash(parsed);
    const report = await this.tx.run(async () => {
      await this.laws.lockTitle(parsed.title);
      let law = await this.laws.findLawByTitle(parsed.title);
      const previous = law?.currentVersionId
        ? await this.laws.findVersion(law.currentVersionId)
        : null;
      if (law && previous?.contentHash === hash) {
        const same = this.reportOf(law, previous, 'unchanged', NO_DIFF, 0);
        await this.audit.record({
          action: 'law.import',
          actor: options.actor,
          target: { type: 'law', id: law.id },
          details: { title: law.title, status: 'unchanged', source: options.source },
        });
        return same;
      }
      if (!law) {
        law = new LawEntity();
        law.id = randomUUID();
        law.title = parsed.title;
        law.shortTitle = options.shortTitle ?? defaultShortTitle(parsed.title);
        law.category = options.category ?? guessCategory(parsed);
        law.issuingBody = options.issuingBody ?? null;
        law.promulgatedOn = parsed.events[0]?.date ?? null;
        law.currentVersionId = null;
        await this.laws.insertLaw(law);
      }
      const version = await this.writeVersion(law, parsed, hash, options);
      const diff = previous
        ? diffArticles(
            await this.laws.articleHashes(previous.id),
            await this.laws.articleHashes(version.id),
          )
        : { added: parsed.articles.map((a) => a.number), changed: [], removed: [] };
      // A law known only by title (the bundled bank came first) takes its metadata from its text.
      const firstText = !previous
        ? {
            promulgatedOn: law.promulgatedOn ?? parsed.events[0]?.date ?? null,
            category:
              law.category === 'other' ? (options.category ?? guessCategory(parsed)) : law.category,
            issuingBody: law.issuingBody ?? options.issuingBody ?? null,
          }
        : {};
      await this.laws.updateLaw(law.id, { currentVersionId: version.id, ...firstText });
      const flagged = await this.hub.notify({
        lawId: law.id,
        lawTitle: law.title,
        previousVersionId: previous?.id ?? null,
        newVersionId: version.id,
        newVersionLabel: version.label,
        diff,
      });
      const result = this.reportOf(
        law,
        version,
        previous ? 'new_version' : 'created',
        diff,
        flagged,
      );
      await this.audit.record({
        action: 'law.import',
        actor: options.actor,
        target: { type: 'law', id: law.id },
        details: {
          title: law.title,
          status: result.status,
          versionNo: version.versionNo,
          source: options.source,
          added: diff.added.length,
          changed: diff.changed,
          removed: diff.removed,
          flaggedQuestions: flagged,
        },
      });
      return result;
    });
    this.logger.log(`law import ${parsed.title}: ${report.status} (version ${report.versionNo})`);
    return report;
  }

  private async writeVersion(
    law: LawEntity,
    parsed: ParsedLaw,
    hash: string,
    options: LawImportOptions,
  ): Promise<LawVersionEntity> {
    const version = new LawVersionEntity();
    version.id = randomUUID();
    version.lawId = law.id;
    version.versionNo = await this.laws.nextVersionNo(law.id);
    version.label = versionLabel(parsed);
    version.effectiveDate = parsed.effectiveDate;
    version.source = options.source.slice(0, 300);
    version.events = parsed.events;
    version.contentHash = hash;
    version.articleCount = parsed.articles.length;
    version.importedAt = this.clock.now();
    version.importedBy = options.actor?.id ?? null;
    await this.laws.insertVersion(version);

    const nodeIds = new Map<string, string>();
    const nodes: LawNodeEntity[] = [];
    const ranges = articleRanges(parsed);
    const walk = (list: ParsedNode[], parentId: string | null) => {
      for (const n of list) {
        const node = new LawNodeEntity();
        node.id = randomUUID();
        node.versionId = version.id;
        node.parentId = parentId;
        node.level = n.level;
        node.number = n.number;
        node.label = n.label;
        node.title = n.title.slice(0, 200);
        node.key = n.key;
        node.paragraphs = n.paragraphs;
        node.sortOrder = nodes.length;
        node.firstArticle = ranges.get(n.key)?.[0] ?? null;
        node.lastArticle = ranges.get(n.key)?.[1] ?? null;
        nodes.push(node);
        nodeIds.set(n.key, node.id);
        walk(n.children, node.id);
      }
    };
    walk(parsed.nodes, null);
    await this.laws.insertNodes(nodes);
    await this.laws.insertArticles(
      parsed.articles.map((a) => {
        const article = new LawArticleEntity();
        article.id = randomUUID();
        article.versionId = version.id;
        article.nodeId = a.nodeKey ? (nodeIds.get(a.nodeKey) ?? null) : null;
        article.number = a.number;
        article.label = a.label;
        article.text = articleText(a);
        article.contentHash = articleHash(a);
        return article;
      }),
    );
    return version;
  }

  private reportOf(
    law: LawEntity,
    version: LawVersionEntity,
    status: LawImportReport['status'],
    diff: { added: number[]; changed: number[]; removed: number[] },
    flaggedQuestions: number,
  ): LawImportReport {
    return {
      lawId: law.id,
      title: law.title,
      status,
      versionId: version.id,
      versionNo: version.versionNo,
      versionLabel: version.label,
      articleCount: version.articleCount,
      ...diff,
      flaggedQuestions,
    };
  }
}

/** First and last article number under every node (its subtree included). */
function articleRanges(law: ParsedLaw): Map<string, [number, number]> {
  const ranges = new Map<string, [number, number]>();
  for (const a of law.articles) {
    if (!a.nodeKey) continue;
    const parts = a.nodeKey.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const key = parts.slice(0, i).join('/');
      const r = ranges.get(key);
      if (!r) ranges.set(key, [a.number, a.number]);
      else r[1] = a.number;
    }
  }
  return ranges;
}

function guessCategory(law: ParsedLaw): LawCategory {
  const byTitle = guessCategoryByTitle(law.title);
  if (byTitle !== 'other') return byTitle;
  const issuers = law.events.map((e) => e.event).join(' ');
  if (law.title.endsWith('条例') && issuers.includes('国务院')) return 'administrative_regulation';
  if (issuers.includes('中共中央') || issuers.includes('中央委员会')) return 'party_regulation';
  return 'other';
}
