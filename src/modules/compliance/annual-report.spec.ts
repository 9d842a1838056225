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
  exempted: [],
  lawNames: [
    { title: '中华人民共和国民法典', shortTitle: '民法典' },
    { title: '信访工作条例', shortTitle: '信访工作条例' },
  ],
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
  writtenOn: '2024-01-08',
  ...over,
});

describe('the annual report', () => {
  it('says the bureau’s sentence with the real figures when every target is met', () => {
    const md = toMarkdown(reportBlocks(facts()));
    expect(md).toContain(
      '2023年，示范市信访局组织全局29名干部职工按时按要求完成学法考法工作，参学率100.0%，参考率100.0%，通过率100.0%。',
    );
    expect(md).toContain(
      '全年重点学习了《中华人民共和国民法典》《信访工作条例》等必学法律法规，每人须完成学法40学时，干部职工还学习了《中华人民共和国宪法》。',
    );
    expect(md).toContain(
      '全年共开展集中学习活动3次，其中党组理论学习中心组集体学习2次（第1次3月6日“学习《信访工作条例》”，第2次6月12日“学习民法典合同编”）；旁听庭审1次（第1次9月20日“旁听行政诉讼案件”）。',
    );
    expect(md).toContain('旁听庭审：组织集体旁听庭审1次，干部职工个人旁听庭审3人次（3人）。');
    expect(md).not.toContain('存在的不足');
    expect(md).toContain('（数据统计至2023年12月31日，计划已关闭，数据已固定。）');
    expect(md.trimEnd().split('\n\n').at(-1)).toBe('2024年1月8日');
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
    expect(md).toContain('参学率96.6%，参考率100.0%，通过率100.0%');
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
    expect(md).toContain('参学率100.0%，参考率93.1%，通过率86.2%（参学29人、参考27人、通过25人）');
    expect(md).toContain(
      '参考率93.1%（27/29），有2人未参加考试；通过率86.2%（25/29），有4人未通过（其中1人成绩低于及格线）。',
    );
    expect(md).not.toContain('未完成学习要求');
  });

  it('states the roster, the exempted with their reasons and why the denominator is smaller', () => {
    const md = toMarkdown(
      reportBlocks(
        facts({
          figures: {
            required: 28,
            studyMet: 28,
            sat: 28,
            passed: 28,
            participation: rate(28, 28, 100),
            exam: rate(28, 28, 100),
            pass: rate(28, 28, 100),
            passOfSat: rate(28, 28, null),
          },
          exempted: [{ reason: '长期病休' }],
        }),
      ),
    );
    expect(md).toContain(
      '2023年，示范市信访局在册干部职工29人，其中1人经批准免学免考（长期病休1人），不计入统计，各项比率均以其余28名应参学参考人员为基数计算。示范市信访局组织这28名干部职工按时按要求完成学法考法工作，参学率100.0%，参考率100.0%，通过率100.0%。',
    );
    expect(md).not.toContain('组织全局28名');
  });

  it('groups several exemptions by reason, most frequent first', () => {
    const md = toMarkdown(
      reportBlocks(
        facts({ exempted: [{ reason: '借调' }, { reason: '长期病休' }, { reason: '长期病休' }] }),
      ),
    );
    expect(md).toContain('在册干部职工32人，其中3人经批准免学免考（长期病休2人，借调1人）');
  });

  it('names every law by its full title, session topics included', () => {
    const md = toMarkdown(
      reportBlocks(
        facts({
          sessions: [
            {
              ordinal: 1,
              typeLabel: '党组理论学习中心组集体学习',
              date: '2023-03-06',
              topic: '学习《民法典》婚姻家庭编',
            },
          ],
        }),
      ),
    );
    expect(md).toContain('“学习《中华人民共和国民法典》婚姻家庭编”');
    expect(md).not.toContain('《民法典》');
  });

  it('puts a table of the three rates (n/d, %, target) after the headline paragraph', () => {
    const blocks = reportBlocks(facts());
    expect(blocks[2]).toEqual({
      kind: 'table',
      text: '学法考法主要指标',
      header: ['指标', '完成人数/应完成人数', '比率', '目标', '是否达标'],
      rows: [
        ['参学率', '29/29', '100.0%', '100.0%', '达标'],
        ['参考率', '29/29', '100.0%', '100.0%', '达标'],
        ['通过率', '29/29', '100.0%', '100.0%', '达标'],
      ],
    });
    expect(toMarkdown(blocks)).toContain(
      [
        '| 指标   | 完成人数/应完成人数 | 比率   | 目标   | 是否达标 |',
        '| ------ | ------------------- | ------ | ------ | -------- |',
        '| 参学率 | 29/29               | 100.0% | 100.0% | 达标     |',
      ].join('\n'),
    );
  });
});
