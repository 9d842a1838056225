import { Injectable } from '@nestjs/common';
import type { ArticleDiff } from '../law-text/law-content';

/**
 * A version of a law was imported. For a new version the diff is against the version it
 * replaces; for the first text of a law (previousVersionId null) every article is "added".
 */
export interface LawVersionChange {
  lawId: string;
  lawTitle: string;
  previousVersionId: string | null;
  newVersionId: string;
  newVersionLabel: string;
  diff: ArticleDiff;
}

export interface LawChangeListener {
  /** Runs inside the import's transaction; returns how many questions it flagged for review. */
  onLawVersionCreated(change: LawVersionChange): Promise<number>;
}

/**
 * How the curriculum tells modules that depend on it (the question bank) that a law changed,
 * without depending on them.
 */
@Injectable()
export class LawChangeHub {
  private readonly listeners: LawChangeListener[] = [];

  register(listener: LawChangeListener): void {
    this.listeners.push(listener);
  }

  async notify(change: LawVersionChange): Promise<number> {
    let flagged = 0;
    for (const l of this.listeners) flagged += await l.onLawVersionCreated(change);
    return flagged;
  }
}
