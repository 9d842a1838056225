import { describe, expect, it } from 'vitest';
import { createBody, emptyForm, fromInstant, parseArticles, patchBody } from './payload';
import type { SessionForm } from './payload';

const form = (over: Partial<SessionForm> = {}): SessionForm => ({
  ...emptyForm(),
  unitId: 'u1',
  topic: ' 学习《信访工作条例》 ',
  date: '2026-12-10',
  startTime: '14:30',
  endTime: '16:30',
  place: '局三楼会议室',
  organiser: '局党组书记 张三',
  inviteUnitIds: ['u2'],
  inviteStaff: [{ id: 's1', name: '李四' }],
  laws: [{ lawId: 'l1', title: '信访工作条例', articles: '2、5-7' }],
  ...over,
});

describe('session form payloads', () => {
  it('reads article numbers and ranges, refusing what it cannot read', () => {
    expect(parseArticles('2、5-7, 9，2')).toEqual([2, 5, 6, 7, 9]);
    expect(parseArticles('')).toEqual([]);
    expect(() => parseArticles('第二条')).toThrow('条号“第二条”无法识别');
    expect(() => parseArticles('7-5')).toThrow('条号范围“7-5”不正确');
  });

  it('builds a single session in Beijing time without a repeat', () => {
    const body = createBody(form());
    expect(body).toMatchObject({
      unitId: 'u1',
      topic: '学习《信访工作条例》',
      startsAt: '2026-12-10T06:30:00.000Z',
      endsAt: '2026-12-10T08:30:00.000Z',
      place: '局三楼会议室',
      invite: { unitIds: ['u2'], partyMembersOnly: false, staffIds: ['s1'] },
      laws: [{ lawId: 'l1', articles: [2, 5, 6, 7] }],
      reminderOffsetsMinutes: [1440, 60],
    });
    expect(body).not.toHaveProperty('repeat');
    expect(body).not.toHaveProperty('onlineUrl');
  });

  it('builds a weekly series and an evening that ends after midnight', () => {
    const body = createBody(
      form({ repeat: 'weekly', interval: 2, count: 6, startTime: '23:00', endTime: '01:00' }),
    );
    expect(body.repeat).toEqual({ frequency: 'weekly', interval: 2, count: 6 });
    expect(body.startsAt).toBe('2026-12-10T15:00:00.000Z');
    expect(body.endsAt).toBe('2026-12-10T17:00:00.000Z');
    expect(() => createBody(form({ date: '' }))).toThrow('请选择日期');
  });

  it('patches only what changed, so a started session sends topic alone', () => {
    const saved = form();
    expect(patchBody(saved, { ...saved })).toEqual({});
    expect(patchBody(saved, { ...saved, topic: '新的主题' })).toEqual({ topic: '新的主题' });
    // invitees in another order are the same invitees
    const reordered = form({ inviteUnitIds: ['u2'], inviteStaff: [{ id: 's1', name: '李四' }] });
    expect(patchBody(saved, reordered)).toEqual({});
    expect(patchBody(saved, { ...saved, place: '', onlineUrl: 'https://m.example.cn/1' })).toEqual({
      place: '',
      onlineUrl: 'https://m.example.cn/1',
    });
    expect(patchBody(saved, { ...saved, startTime: '15:00' })).toEqual({
      startsAt: '2026-12-10T07:00:00.000Z',
    });
  });

  it('turns an instant back into the Beijing date and time of day', () => {
    expect(fromInstant('2026-12-09T17:30:00.000Z')).toEqual({ date: '2026-12-10', time: '01:30' });
  });
});
