import type { RoleName } from '../../common/auth';
import type { OrgUnitKind } from '../org-units';

/** Documented in the README; every demo account must change it at first sign-in. */
export const DEMO_PASSWORD = 'Xuefa@2026';

export interface DemoUnit {
  code: string;
  name: string;
  kind: OrgUnitKind;
  parent: string | null;
}

export const DEMO_BUREAU_CODE = 'SFS-XFJ';

export const DEMO_UNITS: DemoUnit[] = [
  { code: 'SFSHENG', name: '示范省', kind: 'province', parent: null },
  { code: 'SFS', name: '示范市', kind: 'city', parent: 'SFSHENG' },
  { code: DEMO_BUREAU_CODE, name: '示范市信访局', kind: 'bureau', parent: 'SFS' },
  { code: 'SFS-XFJ-JLD', name: '局领导', kind: 'department', parent: DEMO_BUREAU_CODE },
  { code: 'SFS-XFJ-BGS', name: '办公室', kind: 'department', parent: DEMO_BUREAU_CODE },
  { code: 'SFS-XFJ-LFJD', name: '来访接待科', kind: 'department', parent: DEMO_BUREAU_CODE },
  { code: 'SFS-XFJ-BXK', name: '办信科', kind: 'department', parent: DEMO_BUREAU_CODE },
  { code: 'SFS-XFJ-DCDB', name: '督查督办科', kind: 'department', parent: DEMO_BUREAU_CODE },
  { code: 'SFS-XFJ-FGK', name: '法规科', kind: 'department', parent: DEMO_BUREAU_CODE },
  { code: 'SFS-XFJ-WSXF', name: '网上信访科', kind: 'department', parent: DEMO_BUREAU_CODE },
  { code: 'SFS-XFJ-FCFH', name: '复查复核科', kind: 'department', parent: DEMO_BUREAU_CODE },
];

export interface DemoStaff {
  staffNo: string;
  name: string;
  unit: string;
  position: string;
  partyMember: boolean;
  employmentStart: string;
  roles?: RoleName[];
}

/** 29 fictional people. Roles are scoped to the whole bureau. */
export const DEMO_STAFF: DemoStaff[] = [
  {
    staffNo: 'XF001',
    name: '周建国',
    unit: 'SFS-XFJ-BGS',
    position: '信息化专员',
    partyMember: true,
    employmentStart: '2012-07-01',
    roles: ['admin'],
  },
  {
    staffNo: 'XF002',
    name: '陈志远',
    unit: 'SFS-XFJ-JLD',
    position: '党组书记、局长',
    partyMember: true,
    employmentStart: '2003-08-01',
    roles: ['secretary'],
  },
  {
    staffNo: 'XF003',
    name: '林晓燕',
    unit: 'SFS-XFJ-BGS',
    position: '人事干部',
    partyMember: true,
    employmentStart: '2014-09-01',
    roles: ['hr'],
  },
  {
    staffNo: 'XF004',
    name: '王海涛',
    unit: 'SFS-XFJ-JLD',
    position: '党组成员、副局长',
    partyMember: true,
    employmentStart: '2005-07-01',
  },
  {
    staffNo: 'XF005',
    name: '刘静怡',
    unit: 'SFS-XFJ-JLD',
    position: '党组成员、副局长',
    partyMember: true,
    employmentStart: '2008-07-01',
  },
  {
    staffNo: 'XF006',
    name: '赵立新',
    unit: 'SFS-XFJ-BGS',
    position: '办公室主任',
    partyMember: true,
    employmentStart: '2009-03-01',
  },
  {
    staffNo: 'XF007',
    name: '孙雅琴',
    unit: 'SFS-XFJ-BGS',
    position: '科员',
    partyMember: false,
    employmentStart: '2019-10-08',
  },
  {
    staffNo: 'XF008',
    name: '黄振华',
    unit: 'SFS-XFJ-LFJD',
    position: '科长',
    partyMember: true,
    employmentStart: '2007-07-01',
  },
  {
    staffNo: 'XF009',
    name: '吴丽萍',
    unit: 'SFS-XFJ-LFJD',
    position: '副科长',
    partyMember: true,
    employmentStart: '2011-08-01',
  },
  {
    staffNo: 'XF010',
    name: '郑凯',
    unit: 'SFS-XFJ-LFJD',
    position: '科员',
    partyMember: true,
    employmentStart: '2016-09-01',
  },
  {
    staffNo: 'XF011',
    name: '冯思远',
    unit: 'SFS-XFJ-LFJD',
    position: '科员',
    partyMember: false,
    employmentStart: '2021-07-15',
  },
  {
    staffNo: 'XF012',
    name: '何玉兰',
    unit: 'SFS-XFJ-LFJD',
    position: '科员',
    partyMember: true,
    employmentStart: '2013-04-01',
  },
  {
    staffNo: 'XF013',
    name: '许文斌',
    unit: 'SFS-XFJ-BXK',
    position: '科长',
    partyMember: true,
    employmentStart: '2006-07-01',
  },
  {
    staffNo: 'XF014',
    name: '邓佳慧',
    unit: 'SFS-XFJ-BXK',
    position: '科员',
    partyMember: true,
    employmentStart: '2017-08-01',
  },
  {
    staffNo: 'XF015',
    name: '曹明辉',
    unit: 'SFS-XFJ-BXK',
    position: '科员',
    partyMember: false,
    employmentStart: '2020-09-01',
  },
  {
    staffNo: 'XF016',
    name: '彭晓东',
    unit: 'SFS-XFJ-BXK',
    position: '科员',
    partyMember: true,
    employmentStart: '2015-07-01',
  },
  {
    staffNo: 'XF017',
    name: '唐婉清',
    unit: 'SFS-XFJ-DCDB',
    position: '科长',
    partyMember: true,
    employmentStart: '2010-07-01',
  },
  {
    staffNo: 'XF018',
    name: '韩志强',
    unit: 'SFS-XFJ-DCDB',
    position: '科员',
    partyMember: true,
    employmentStart: '2018-03-01',
  },
  {
    staffNo: 'XF019',
    name: '蒋悦',
    unit: 'SFS-XFJ-DCDB',
    position: '科员',
    partyMember: false,
    employmentStart: '2022-08-01',
  },
  {
    staffNo: 'XF020',
    name: '宋子航',
    unit: 'SFS-XFJ-FGK',
    position: '科长',
    partyMember: true,
    employmentStart: '2009-07-01',
  },
  {
    staffNo: 'XF021',
    name: '谢雨桐',
    unit: 'SFS-XFJ-FGK',
    position: '科员',
    partyMember: true,
    employmentStart: '2019-07-01',
  },
  {
    staffNo: 'XF022',
    name: '梁国庆',
    unit: 'SFS-XFJ-FGK',
    position: '科员',
    partyMember: true,
    employmentStart: '2012-10-01',
  },
  {
    staffNo: 'XF023',
    name: '罗欣然',
    unit: 'SFS-XFJ-WSXF',
    position: '科长',
    partyMember: true,
    employmentStart: '2011-07-01',
  },
  {
    staffNo: 'XF024',
    name: '高俊杰',
    unit: 'SFS-XFJ-WSXF',
    position: '科员',
    partyMember: false,
    employmentStart: '2023-07-10',
  },
  {
    staffNo: 'XF025',
    name: '潘美玲',
    unit: 'SFS-XFJ-WSXF',
    position: '科员',
    partyMember: true,
    employmentStart: '2016-03-01',
  },
  {
    staffNo: 'XF026',
    name: '杜宏伟',
    unit: 'SFS-XFJ-FCFH',
    position: '科长',
    partyMember: true,
    employmentStart: '2008-09-01',
  },
  {
    staffNo: 'XF027',
    name: '袁诗涵',
    unit: 'SFS-XFJ-FCFH',
    position: '科员',
    partyMember: true,
    employmentStart: '2018-08-01',
  },
  {
    staffNo: 'XF028',
    name: '戴永康',
    unit: 'SFS-XFJ-FCFH',
    position: '科员',
    partyMember: true,
    employmentStart: '2014-07-01',
  },
  {
    staffNo: 'XF029',
    name: '程雪梅',
    unit: 'SFS-XFJ-BGS',
    position: '档案员',
    partyMember: false,
    employmentStart: '2020-11-02',
  },
];
