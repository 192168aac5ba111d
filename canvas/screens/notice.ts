import { type CanvasObject, type StoredData, canvas, submitButton, text } from '../index.js';

/** A short message with one way out: refusals (forbidden, stale screen) and dead ends. */
export interface NoticeView {
  title: string;
  message: string;
  style?: 'muted' | 'error';
  action: { id: string; label: string };
}

export const noticeScreen = (v: NoticeView, storedData?: StoredData): CanvasObject =>
  canvas([
    text(v.title, { style: 'header' }),
    text(v.message, { style: v.style ?? 'muted' }),
    submitButton(v.action.id, v.action.label),
  ], storedData);
