import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { LawChangeListener, LawVersionChange } from '../curriculum';
import { LawChangeHub } from '../curriculum';
import { QuestionRepository } from './question.repository';

/**
 * Keeps the bank honest when a law changes: questions citing an article that a new version
 * changed or removed are flagged "needs review" (and kept out of random papers). On a law's
 * first text, references made before it existed are attached and checked.
 */
@Injectable()
export class QuestionLawListener implements LawChangeListener, OnModuleInit {
  constructor(
    private readonly hub: LawChangeHub,
    private readonly questions: QuestionRepository,
  ) {}

  onModuleInit(): void {
    this.hub.register(this);
  }

  async onLawVersionCreated(change: LawVersionChange): Promise<number> {
    const where = `《${change.lawTitle}》（${change.newVersionLabel}）`;
    if (change.previousVersionId === null) {
      await this.questions.attachPendingReferences(change.lawId, change.newVersionId);
      return (
        (await this.questions.flagMissingArticles(
          change.lawId,
          change.newVersionId,
          `${where}中没有所引条文，请复核`,
        )) +
        (await this.questions.flagEvidenceMismatch(
          change.lawId,
          change.newVersionId,
          `依据原文与${where}的条文不符，请复核`,
        ))
      );
    }
    const affected = [...change.diff.changed, ...change.diff.removed].sort((a, b) => a - b);
    return this.questions.flagCiting(
      change.previousVersionId,
      affected,
      `${where}修改或删除了所引条文（第 ${affected.join('、')} 条），请复核`,
    );
  }
}
