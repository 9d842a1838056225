import { reportBlocks, toMarkdown } from './annual-report';
import type { ReportFacts } from './annual-report';
import { rate } from './compliance-figures';

const facts = (over: Partial<ReportFacts> = {}): ReportFacts => ({
  year: 2023,
  unitName: '示范市信访局',
  wholeUnit: '全局',
  figures: {
    required: 29,
    studyMet: 29,
    sat: 29,
    passed: 29,
    participation: rate(29, 29, 100),
    exam: rate(29, 29, 100),
    pass: rate(29, 29, 100),
    passOfSat: rate(29, 29, null),
  },
  requiredHours: 40,
  passMark: 60,
  requiredLaws: ['中华人民共和国民法典', '信访工作条例'],
  otherLaws: ['中华人民共和国宪法'],
  sessions: [
    {
      ordinal: 1,
      typeLabel: '党组理论学习中心组集体学习',
      date: '2023-03-06',
      topic: '学习《信访工作条例》',
    },
    {
      ordinal: 2,
      typeLabel: '党组理论学习中心组集体学习',
      date: '2023-06-12',
      topic: '学习民法典合同编',
    },
    { ordinal: 1, typeLabel: '旁听庭审', date: '2023-09-20', topic: '旁听行政诉讼案件' },
  ],
  courtHearingRecords: { records: 3, people: 3 },
  exams: { official: 1, makeup: 0 },
  shortfall: { hoursShort: 0, lawsShort: 0, failed: 0 },
  asOf: '2023-12-31',
  frozen: true,
  ...over,
});

describe('the annual report', () => {
  it('says the bureau’s sentence with the real figures when every target is met', () => {
    const md = toMarkdown(reportBlocks(facts()));
    expect(md).toContain(
      '2023年，示范市信访局组织全局29名干部职工按时按要求完成学法考法工作，参学率100%，参考率100%，通过率100%。',
    );
    expect(md).toContain(
      '全年重点学习了《中华人民共和国民法典》《信访工作条例》等必学法律法规，每人须完成学法40学时，干部职工还学习了《中华人民共和国宪法》。',
    );
    expect(md).toContain(
      '全年共开展集中学习活动3次，其中党组理论学习中心组集体学习2次（第1次3月6日“学习《信访工作条例》”，第2次6月12日“学习民法典合同编”）；旁听庭审1次（第1次9月20日“旁听行政诉讼案件”）。',
    );
    expect(md).toContain('旁听庭审：组织集体旁听庭审1次，干部职工个人旁听庭审3人次（3人）。');
    expect(md).not.toContain('存在的不足');
    expect(md).toContain('（数据统计至2023-12-31，计划已关闭，数据已固定。）');
  });

  it('does not claim completion below a target, and names the shortfall', () => {
    const f = facts({
      figures: {
        required: 29,
        studyMet: 28,
        sat: 29,
        passed: 29,
        participation: rate(28, 29, 100),
        exam: rate(29, 29, 100),
        pass: rate(29, 29, 100),
        passOfSat: rate(29, 29, null),
      },
      shortfall: { hoursShort: 1, lawsShort: 0, failed: 0 },
    });
    const md = toMarkdown(reportBlocks(f));
    expect(md).not.toContain('按时按要求完成');
    expect(md).toContain('参学率96.6%，参考率100%，通过率100%');
    expect(md).toContain(
      '参学率96.6%（28/29），有1人未完成学习要求（学时不足1人，必学法规未学完0人）。',
    );
  });

  it('counts who did not sit and who did not pass, and how many of them scored below the mark', () => {
    const md = toMarkdown(
      reportBlocks(
        facts({
          figures: {
            required: 29,
            studyMet: 29,
            sat: 27,
            passed: 25,
            participation: rate(29, 29, 100),
            exam: rate(27, 29, 100),
            pass: rate(25, 29, 100),
            passOfSat: rate(25, 27, null),
          },
          shortfall: { hoursShort: 0, lawsShort: 0, failed: 1 },
        }),
      ),
    );
    expect(md).toContain('参学率100%，参考率93.1%，通过率86.2%（参学29人、参考27人、通过25人）');
    expect(md).toContain(
      '参考率93.1%（27/29），有2人未参加考试；通过率86.2%（25/29），有4人未通过（其中1人成绩低于及格线）。',
    );
    expect(md).not.toContain('未完成学习要求');
  });
});
