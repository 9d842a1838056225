import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { MarkdownView } from './markdown-view';

const render = (source: string) => mount(MarkdownView, { props: { source } });

describe('MarkdownView (the annual report)', () => {
  it('keeps HTML in the text as text: no element, no attribute comes from the server', () => {
    const w = render(
      '# 报告\n\n单位 <img src=x onerror="alert(1)"> 与 <script>alert(2)</script>，[链接](https://example.com/)',
    );
    expect(w.find('img').exists()).toBe(false);
    expect(w.find('script').exists()).toBe(false);
    expect(w.find('a').exists()).toBe(false);
    expect(w.text()).toContain('<img src=x onerror="alert(1)">');
    expect(w.text()).toContain('<script>alert(2)</script>');
    expect(w.html()).not.toContain('href');
    expect(w.text()).toContain('链接');
  });

  it('renders headings one level down, paragraphs, lists, emphasis and aligned tables', () => {
    const w = render(
      '# 年度报告\n\n## 一、总体情况\n\n全局 **29** 名干部。\n\n- 参学率 100.0%\n- 参考率 100.0%\n\n| 指标 | 比例 |\n|:--|--:|\n| 通过率 | 96.6% |\n',
    );
    expect(w.find('h2').text()).toBe('年度报告');
    expect(w.find('h3').text()).toBe('一、总体情况');
    expect(w.find('h1').exists()).toBe(false);
    expect(w.find('strong').text()).toBe('29');
    expect(w.findAll('li').map((li) => li.text())).toEqual(['参学率 100.0%', '参考率 100.0%']);
    // a tight list's paragraphs are hidden by markdown-it: no <p> inside <li>
    expect(w.find('li p').exists()).toBe(false);
    const cells = w.findAll('td');
    expect(cells.map((c) => c.text())).toEqual(['通过率', '96.6%']);
    expect(cells[1].attributes('style')).toBe('text-align: right;');
  });
});
