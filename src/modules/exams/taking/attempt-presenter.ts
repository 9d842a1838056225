import { BLANK } from '../../question-bank';
import type { QuestionRevisionEntity } from '../../question-bank';
import type { AttemptPaperRow } from '../attempt.repository';
import type { AttemptQuestionDto } from '../dto/attempt.dto';
import { keyInDisplayOrder } from '../grading/grading';

export interface PresentOptions {
  /** Per-question scores (and graders' comments, when given). */
  scores: boolean;
  /** The keys in the shown letters and the explanations. */
  keys: boolean;
  /** Corrected keys of the exam, by question id. */
  corrected?: Map<string, unknown>;
  /** Graders' comments, by position. */
  feedback?: Map<number, string | null>;
}

/**
 * A paper as one person sees it: stems and options in the attempt's stored order, the saved
 * answers, and only what `options` allows of scores and keys. With nothing allowed, no key,
 * explanation or score is present in the result at all.
 */
export function presentPaper(
  paper: AttemptPaperRow[],
  revisions: Map<string, QuestionRevisionEntity>,
  options: PresentOptions,
): (AttemptQuestionDto & { questionId?: string; feedback?: string | null })[] {
  return paper.map((p) => {
    const r = revisions.get(p.revisionId);
    const base: AttemptQuestionDto = {
      position: p.position,
      type: p.type,
      stem: r?.stem ?? '',
      options: p.optionOrder.map((o) => r?.options[o] ?? ''),
      blanks: p.type === 'fill_blank' ? (r?.stem.match(BLANK)?.length ?? 0) : 0,
      points: p.points,
      // seq 0 marks the empty row grading writes for an unanswered question
      response: p.seq ? p.response : null,
      seq: p.seq ? p.seq : null,
    };
    if (!options.scores) return base;
    return {
      ...base,
      score: p.score,
      ...(options.feedback ? { feedback: options.feedback.get(p.position) ?? null } : {}),
      ...(options.keys && r
        ? {
            correctAnswer: keyInDisplayOrder({
              type: r.type,
              answer: options.corrected?.get(p.questionId) ?? r.answer,
              optionOrder: p.optionOrder,
            }),
            explanation: r.explanation,
          }
        : {}),
    };
  });
}
