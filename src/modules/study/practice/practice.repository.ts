import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../database/transaction-host';
import { PracticeQuestionEntity, PracticeQuizEntity } from '../entities/practice.entity';
import { WrongAnswerEntity } from '../entities/wrong-answer.entity';
import type { WrongBookState } from '../study-rules';

@Injectable()
export class PracticeRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get quizzes() {
    return this.tx.repository(PracticeQuizEntity);
  }

  private get questions() {
    return this.tx.repository(PracticeQuestionEntity);
  }

  private get book() {
    return this.tx.repository(WrongAnswerEntity);
  }

  async insert(quiz: PracticeQuizEntity, questions: PracticeQuestionEntity[]): Promise<void> {
    await this.quizzes.insert(quiz);
    await this.questions.insert(questions);
  }

  /** The person's quiz, or null (someone else's quiz is as good as missing). */
  findOwn(id: string, staffId: string): Promise<PracticeQuizEntity | null> {
    return this.quizzes.findOneBy({ id, staffId });
  }

  /** The same, locked until the transaction ends (answers to one quiz go one at a time). */
  findOwnForUpdate(id: string, staffId: string): Promise<PracticeQuizEntity | null> {
    return this.quizzes
      .createQueryBuilder('q')
      .setLock('pessimistic_write')
      .where('q.id = :id AND q.staff_id = :staffId', { id, staffId })
      .getOne();
  }

  listOwn(staffId: string, offset: number, limit: number) {
    return this.quizzes.findAndCount({
      where: { staffId },
      order: { startedAt: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  paper(quizId: string): Promise<PracticeQuestionEntity[]> {
    return this.questions.find({ where: { quizId }, order: { position: 'ASC' } });
  }

  async recordAnswer(
    quizId: string,
    position: number,
    answer: { response: string[]; correct: boolean; at: Date },
  ): Promise<void> {
    await this.questions.update(
      { quizId, position },
      { response: answer.response, correct: answer.correct, answeredAt: answer.at },
    );
  }

  async updateQuiz(id: string, patch: Partial<PracticeQuizEntity>): Promise<void> {
    await this.quizzes.update({ id }, patch);
  }

  /** The book row of (person, question), locked until the transaction ends. */
  async bookEntryForUpdate(staffId: string, questionId: string) {
    return this.book
      .createQueryBuilder('b')
      .setLock('pessimistic_write')
      .where('b.staff_id = :staffId AND b.question_id = :questionId', { staffId, questionId })
      .getOne();
  }

  /** Writes the book state after an answer (a new entry only ever comes from a wrong answer). */
  async saveBookEntry(
    staffId: string,
    questionId: string,
    state: WrongBookState,
    wrong: boolean,
    at: Date,
  ): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO wrong_answer_book (staff_id, question_id, in_book, right_streak, wrong_count,
                                      first_wrong_at, last_wrong_at, last_answered_at, cleared_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $6, NULL)
       ON CONFLICT (staff_id, question_id) DO UPDATE
          SET in_book = EXCLUDED.in_book, right_streak = EXCLUDED.right_streak,
              wrong_count = CASE WHEN $7 THEN wrong_answer_book.wrong_count + 1
                                 ELSE EXCLUDED.wrong_count END,
              last_answered_at = EXCLUDED.last_answered_at,
              last_wrong_at = CASE WHEN $7 THEN EXCLUDED.last_wrong_at
                                   ELSE wrong_answer_book.last_wrong_at END,
              cleared_at = CASE WHEN EXCLUDED.in_book THEN NULL
                                WHEN wrong_answer_book.in_book THEN EXCLUDED.last_answered_at
                                ELSE wrong_answer_book.cleared_at END`,
      [staffId, questionId, state.inBook, state.rightStreak, state.wrongCount, at, wrong],
    );
  }

  /** Question ids in the person's book, most recently missed first. */
  async bookQuestionIds(staffId: string): Promise<string[]> {
    const rows = await this.book.find({
      select: { questionId: true },
      where: { staffId, inBook: true },
      order: { lastWrongAt: 'DESC' },
    });
    return rows.map((r) => r.questionId);
  }

  listBook(staffId: string, offset: number, limit: number) {
    return this.book.findAndCount({
      where: { staffId, inBook: true },
      order: { lastWrongAt: 'DESC', questionId: 'ASC' },
      skip: offset,
      take: limit,
    });
  }
}
