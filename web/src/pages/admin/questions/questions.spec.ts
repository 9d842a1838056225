import { describe, expect, it } from 'vitest';
import type { Revision } from './questions';
import {
  answerText,
  bodyFromForm,
  compareRevisions,
  emptyForm,
  formFromRevision,
  parseArticles,
} from './questions';

const revision = (over: Partial<Revision> = {}): Revision =>
  ({
    id: 'r1',
    revisionNo: 1,
    type: 'multiple_choice',
    stem: '题干',
    options: ['甲', '乙', '丙'],
    answer: ['A', 'C'],
    keywords: [],
    synonyms: [],
    orderFree: false,
    explanation: '解析',
    difficulty: 2,
    tags: ['受理'],
    evidence: '原文',
    references: [
      { lawId: 'L', lawTitle: '办法', versionId: 'v', versionLabel: '', articles: [2, 3] },
    ],
    changeNote: '',
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  }) as Revision;

describe('question editor logic', () => {
  it('parses article lists with ranges and Chinese separators, refusing junk', () => {
    expect(parseArticles('3-5, 8、2')).toEqual([2, 3, 4, 5, 8]);
    expect(parseArticles('2至3')).toEqual([2, 3]);
    expect(parseArticles('')).toBeNull();
    expect(parseArticles('5-3')).toBeNull();
    expect(parseArticles('第二条')).toBeNull();
  });

  it('round-trips a stored revision through the form into the same request body', () => {
    const form = formFromRevision(revision(), 'active', 'XF-1');
    const out = bodyFromForm(form);
    expect(out.problems).toEqual([]);
    expect(out.body).toEqual({
      type: 'multiple_choice',
      code: 'XF-1',
      stem: '题干',
      options: ['甲', '乙', '丙'],
      answer: ['A', 'C'],
      explanation: '解析',
      difficulty: 2,
      tags: ['受理'],
      evidence: '原文',
      references: [{ lawId: 'L', articles: [2, 3] }],
      status: 'active',
    });
  });

  it('builds the answer of each type: blanks with alternatives, true/false letters, short answers', () => {
    const base = { ...emptyForm(), stem: 's', explanation: 'e' };
    base.references = [{ lawId: 'L', articles: '1' }];
    const fill = bodyFromForm({ ...base, type: 'fill_blank', blanks: '15｜十五\n书面 | 书面形式' });
    expect(fill.body?.answer).toEqual([
      ['15', '十五'],
      ['书面', '书面形式'],
    ]);
    expect(fill.body).not.toHaveProperty('options');
    const tf = bodyFromForm({ ...base, type: 'true_false', letter: 'B' });
    expect(tf.body?.answer).toBe('B');
    const sa = bodyFromForm({ ...base, type: 'short_answer', reference: '答', keywords: '甲，乙' });
    expect(sa.body).toMatchObject({ answer: '答', keywords: ['甲', '乙'] });
  });

  it('lists every problem in Chinese instead of sending a bad body', () => {
    const out = bodyFromForm({
      ...emptyForm(),
      type: 'multiple_choice',
      options: '甲\n乙',
      letters: ['A'],
      references: [{ lawId: 'L', articles: 'x' }],
    });
    expect(out.body).toBeNull();
    expect(out.problems).toEqual([
      '请填写题干',
      '请填写解析',
      '多选题至少选择两个正确答案',
      '第 1 条依据：条号格式应如“2”或“3-5, 8”',
      '请至少填写一条法规依据',
    ]);
  });

  it('compares two revisions field by field and reads keys as people do', () => {
    const rows = compareRevisions(
      revision(),
      revision({ revisionNo: 2, stem: '新题干', answer: ['A', 'B'] as never }),
    );
    expect(rows.filter((r) => r.differs).map((r) => r.label)).toEqual(['题干', '答案']);
    expect(rows.find((r) => r.label === '答案')).toMatchObject({ left: 'AC', right: 'AB' });
    expect(answerText({ type: 'true_false', answer: 'A' as never })).toBe('正确');
    expect(answerText({ type: 'fill_blank', answer: [['15', '十五']] as never })).toBe(
      '第1空：15 / 十五',
    );
  });
});
