import { Injectable } from '@nestjs/common';
import type { QuestionRevisionEntity } from '../question-bank';
import { QuestionsService } from '../question-bank';

const MAX_ENTRIES = 50_000;

/**
 * Question revisions never change after they are written, so every process may keep them:
 * starting, showing and grading papers then read only attempt rows.
 */
@Injectable()
export class RevisionCache {
  private readonly cache = new Map<string, QuestionRevisionEntity>();

  constructor(private readonly questions: QuestionsService) {}

  async get(ids: string[]): Promise<Map<string, QuestionRevisionEntity>> {
    const missing = [...new Set(ids)].filter((id) => !this.cache.has(id));
    if (missing.length) {
      if (this.cache.size + missing.length > MAX_ENTRIES) this.cache.clear();
      for (const r of await this.questions.revisionsByIds(missing)) this.cache.set(r.id, r);
    }
    const out = new Map<string, QuestionRevisionEntity>();
    for (const id of ids) {
      const r = this.cache.get(id);
      if (r) out.set(id, r);
    }
    return out;
  }
}
