/**
 * The accepted answers of one blank as Moodle (shortanswer, cloze) and GIFT list them: each with
 * a feedback text. Our exports mark every standard answer 标准答案 and every synonym 同义答案; a
 * file without the marks (from another system) has its first answer as the standard one and the
 * others as synonyms (Moodle's "alternatives").
 */
export const STANDARD_MARK = '标准答案';
export const SYNONYM_MARK = '同义答案';

export interface MarkedAnswer {
  text: string;
  feedback: string;
}

/** One blank's answers and synonyms as marked answers. */
export function markBlank(answers: string[], synonyms: string[] = []): MarkedAnswer[] {
  return [
    ...answers.map((text) => ({ text, feedback: STANDARD_MARK })),
    ...synonyms.map((text) => ({ text, feedback: SYNONYM_MARK })),
  ];
}

/** Reads one blank's correct answers back into answers and synonyms. */
export function readBlank(correct: MarkedAnswer[]): { answers: string[]; synonyms: string[] } {
  const list = correct.map((a) => ({ text: a.text.trim(), feedback: a.feedback.trim() }));
  const usable = list.filter((a) => a.text);
  if (usable.some((a) => a.feedback === STANDARD_MARK || a.feedback === SYNONYM_MARK)) {
    return {
      answers: usable.filter((a) => a.feedback !== SYNONYM_MARK).map((a) => a.text),
      synonyms: usable.filter((a) => a.feedback === SYNONYM_MARK).map((a) => a.text),
    };
  }
  return {
    answers: usable.slice(0, 1).map((a) => a.text),
    synonyms: usable.slice(1).map((a) => a.text),
  };
}

/** Answers and synonyms per blank as the question content keeps them (synonyms [] when none). */
export function blanksContent(blanks: { answers: string[]; synonyms: string[] }[]): {
  answer: string[][];
  synonyms: string[][];
} {
  return {
    answer: blanks.map((b) => b.answers),
    synonyms: blanks.some((b) => b.synonyms.length) ? blanks.map((b) => b.synonyms) : [],
  };
}
