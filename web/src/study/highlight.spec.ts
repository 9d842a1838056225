import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightSnippet, snippetText } from './highlight';

describe('search snippet highlighting', () => {
  it('keeps the marks around the hits', () => {
    expect(highlightSnippet('应当<mark>书面告知</mark>信访人')).toBe(
      '应当<mark>书面告知</mark>信访人',
    );
  });

  it('escapes every other tag, attribute and script (an XSS attempt)', () => {
    const evil =
      '<img src=x onerror="alert(1)"><mark onclick="x()">a</mark><script>alert(2)</script>' +
      '<mark>b</mark><MARK>c</MARK></mark ><mark >';
    const html = highlightSnippet(evil);
    expect(html).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;mark onclick=&quot;x()&quot;&gt;a' +
        '&lt;script&gt;alert(2)&lt;/script&gt;<mark>b</mark>&lt;MARK&gt;c&lt;/MARK&gt;' +
        '&lt;/mark &gt;&lt;mark &gt;',
    );
    // parsed as HTML, it holds nothing but text and <mark> elements
    const box = document.createElement('div');
    box.innerHTML = html;
    const tags = [...box.querySelectorAll('*')].map((e) => e.tagName);
    expect(tags).toEqual(['MARK']);
    expect(box.querySelector('img, script, [onclick], [onerror]')).toBeNull();
  });

  it('shows the server’s own escapes as the characters, not as entities twice', () => {
    const html = highlightSnippet('a &lt;b&gt; &amp; <mark>c</mark> &quot;d&quot; &#39;e&#39;');
    const box = document.createElement('div');
    box.innerHTML = html;
    expect(box.textContent).toBe('a <b> & c "d" \'e\'');
    expect(box.querySelectorAll('*')).toHaveLength(1);
  });

  it('closes a mark left open and drops a stray closing one', () => {
    expect(highlightSnippet('</mark>x<mark>y')).toBe('x<mark>y</mark>');
  });

  it('escapes all five special characters, and gives plain text for labels', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(snippetText('<mark>a</mark> &lt;b&gt; &amp;')).toBe('a <b> &');
  });
});
