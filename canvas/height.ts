import type { Component } from './components.js';

// An approximation of how tall Intercom's inbox (conversation details panel) draws a canvas.
// Intercom publishes no metrics; these numbers come from the panel's look (~290 px of content
// width, 14 px text on 20 px lines) and err on the tall side, so a canvas that passes here
// should pass there. Used to keep the first inbox canvas within 400 px:
// https://developers.intercom.com/docs/canvas-kit/canvas-kit-inbox-best-practices

/** Intercom: "the first canvas in the inbox must not exceed 400 px". */
export const INBOX_FIRST_CANVAS_MAX_HEIGHT = 400;
/** Usable canvas width in the inbox side panel, px. */
export const INBOX_CONTENT_WIDTH = 290;
/** Every component but the spacer gets a 10 px bottom margin unless `bottom_margin: 'none'`. */
export const DEFAULT_BOTTOM_MARGIN = 10;

const TEXT = {
  header: { charsPerLine: 32, lineHeight: 24 },
  paragraph: { charsPerLine: 40, lineHeight: 20 },
  muted: { charsPerLine: 44, lineHeight: 18 },
  error: { charsPerLine: 40, lineHeight: 20 },
} as const;
const SPACER = { xs: 4, s: 8, m: 16, l: 24, xl: 32 } as const;
const LABEL = 20;
const FIELD = 40;
const TEXTAREA_FIELD = 80;
const BUTTON = 40;
const LINK_BUTTON = 20;
const SELECT_OPTION = 36;
const CHECKBOX_OPTION = 24;
const TABLE_ROW = 24;
const LIST_ITEM = 56;
const LIST_EXTRA_LINE = 18;
const DIVIDER = 9;

/** What the reader sees: Markdown links show their label, bold markers vanish. */
const visibleText = (md: string) => md.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*{1,2}([^*]*)\*{1,2}/g, '$1');

function textHeight(value: string, style: keyof typeof TEXT): number {
  const { charsPerLine, lineHeight } = TEXT[style];
  const lines = visibleText(value)
    .split('\n')
    .reduce((n, para) => n + Math.max(1, Math.ceil(para.length / charsPerLine)), 0);
  return lines * lineHeight;
}

const labelled = (label: string | undefined, body: number) => (label ? LABEL : 0) + body;

/** Height of one component in px, without its bottom margin. */
export function estimateComponentBodyHeight(c: Component): number {
  switch (c.type) {
    case 'text':
      return textHeight(c.text, c.style ?? 'paragraph');
    case 'image': {
      const shown = c.align === 'full_width' ? INBOX_CONTENT_WIDTH : Math.min(c.width, INBOX_CONTENT_WIDTH);
      return Math.ceil((c.height * shown) / c.width);
    }
    case 'divider':
      return DIVIDER;
    case 'spacer':
      return SPACER[c.size ?? 's'];
    case 'data-table':
      return c.items.length * TABLE_ROW;
    case 'button':
      return c.style === 'link' ? LINK_BUTTON : BUTTON;
    case 'input':
    case 'dropdown':
      return labelled(c.label, FIELD);
    case 'textarea':
      return labelled(c.label, TEXTAREA_FIELD);
    case 'single-select':
      return labelled(c.label, c.options.length * SELECT_OPTION);
    case 'checkbox':
      return labelled(c.label, c.options.length * CHECKBOX_OPTION);
    case 'list':
      return c.items.reduce((h, item) => h + LIST_ITEM + (item.tertiary_text ? LIST_EXTRA_LINE : 0), 0);
  }
}

function bottomMargin(c: Component): number {
  if (c.type === 'spacer') return 0;
  if ('bottom_margin' in c && c.bottom_margin === 'none') return 0;
  return DEFAULT_BOTTOM_MARGIN;
}

/** Estimated height in px of a canvas made of these components, as drawn in the inbox. */
export const estimateCanvasHeight = (components: readonly Component[]): number =>
  components.reduce((h, c) => h + estimateComponentBodyHeight(c) + bottomMargin(c), 0);
