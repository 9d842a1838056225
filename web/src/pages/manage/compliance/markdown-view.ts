import MarkdownIt from 'markdown-it';
import type { VNode } from 'vue';
import { defineComponent, h } from 'vue';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];
type Child = VNode | string;

/**
 * markdown-it parses (HTML off, no linkify); the tokens become Vue nodes here, never an HTML
 * string, so every character of the server's text is inserted as text and nothing in it can turn
 * into markup (web.md §4.7: server text is never inserted as HTML). The page has its own <h1>, so the
 * report's headings go one level down (# → h2, ## → h3).
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.core.ruler.push('demote_headings', (state) => {
  for (const t of state.tokens) {
    if (t.type === 'heading_open' || t.type === 'heading_close') {
      t.tag = `h${Math.min(6, Number(t.tag.slice(1)) + 1)}`;
    }
  }
});

/** Only a table cell's alignment survives as an attribute. */
function attrsOf(t: Token): Record<string, string> {
  const style = String(t.attrGet('style') ?? '');
  return /^text-align:(left|right|center)$/.test(style) ? { style } : {};
}

interface Frame {
  /** '' for a wrapper markdown-it hides (a tight list's paragraph): its children join the parent */
  tag: string;
  attrs: Record<string, string>;
  children: Child[];
}

function leaf(t: Token): Child[] {
  switch (t.type) {
    case 'inline':
      return nodesOf(t.children ?? []);
    case 'softbreak':
      return ['\n'];
    case 'hardbreak':
      return [h('br')];
    case 'code_inline':
      return [h('code', t.content)];
    case 'fence':
    case 'code_block':
      return [h('pre', [h('code', t.content)])];
    case 'hr':
      return [h('hr')];
    case 'image':
      return [t.content];
    default:
      // text, and anything else, as text
      return [t.content];
  }
}

/** The Vue nodes of a token stream (block or inline). */
export function nodesOf(tokens: Token[]): Child[] {
  const root: Frame = { tag: '', attrs: {}, children: [] };
  const stack: Frame[] = [root];
  for (const t of tokens) {
    const top = stack[stack.length - 1];
    if (t.nesting === 1) {
      // links become plain text spans: a report carries no addresses to follow
      const tag = t.hidden ? '' : t.tag === 'a' ? 'span' : t.tag;
      stack.push({ tag, attrs: attrsOf(t), children: [] });
    } else if (t.nesting === -1) {
      const done = stack.length > 1 ? (stack.pop() as Frame) : root;
      const parent = stack[stack.length - 1];
      if (done.tag) parent.children.push(h(done.tag, done.attrs, done.children));
      else parent.children.push(...done.children);
    } else {
      top.children.push(...leaf(t));
    }
  }
  return root.children;
}

/** `<MarkdownView :source="text" />`: the text rendered as Markdown without any raw HTML. */
export const MarkdownView = defineComponent({
  name: 'MarkdownView',
  props: { source: { type: String, required: true } },
  setup(props) {
    return () => h('div', nodesOf(md.parse(props.source, {})));
  },
});
