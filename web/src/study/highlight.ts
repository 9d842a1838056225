/**
 * Search snippets from GET /laws/search arrive with hits wrapped in `<mark></mark>`. Nothing the
 * server sends is trusted as HTML: everything is escaped first, then only the exact tags
 * `<mark>` and `</mark>` are let through again (web.md §4.7). The result is safe for `v-html`.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every HTML-special character as an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * The snippet as HTML that can only contain text and `<mark>` elements. The server already
 * escapes the text around the marks, so its entities (`&lt;`, `&amp;`…) are kept as entities
 * rather than shown as "&amp;lt;"; an entity is text, never markup.
 */
export function highlightSnippet(snippet: string): string {
  let open = 0;
  const html = escapeHtml(snippet)
    .replace(/&amp;(amp|lt|gt|quot|#39|#x27);/g, '&$1;')
    .replace(/&lt;(\/?)mark&gt;/g, (_, close: string) => {
      if (close) {
        if (open === 0) return '';
        open -= 1;
        return '</mark>';
      }
      open += 1;
      return '<mark>';
    });
  return html + '</mark>'.repeat(open);
}

/** The snippet as plain text (marks removed, entities decoded), e.g. for accessible names. */
export function snippetText(snippet: string): string {
  return snippet
    .replace(/<\/?mark>/g, '')
    .replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, e: string) =>
      e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'amp' ? '&' : "'",
    );
}
