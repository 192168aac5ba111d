import request from 'supertest';
import type { Express } from 'express';
import { validateCanvasResponse } from '../../canvas/index.js';
import { signBody } from '../../src/http/signature.js';

// Canvas Kit requests as Intercom sends them (reference/canvas-kit.md §4.1, §4.3), signed over the
// exact bytes sent.

export interface CanvasBodyInput {
  workspace?: string;
  admin?: string | { id: string; name?: string; email?: string };
  contact?: Record<string, unknown> | null;
  /** The conversation's id (default '123'). */
  conversationId?: string;
  /** Put the contact under the older `customer` key instead of `contact`. */
  asCustomer?: boolean;
  componentId?: string;
  storedData?: unknown;
  inputs?: Record<string, unknown>;
  /** The canvas shown before the click; defaults to an empty one carrying storedData. */
  currentCanvas?: Record<string, unknown>;
}

export const testContact = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'contact',
  id: 'c_1',
  role: 'user',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  custom_attributes: {},
  ...over,
});

/** An inbox initialize (no componentId) or submit (with componentId) body. */
export function canvasBody(i: CanvasBodyInput = {}): Record<string, unknown> {
  const admin = typeof i.admin === 'object' ? i.admin : { id: i.admin ?? '1' };
  const contact = i.contact === undefined ? testContact() : i.contact;
  const body: Record<string, unknown> = {
    workspace_id: i.workspace ?? 'ws_demo',
    workspace_region: 'us',
    admin: { type: 'admin', name: 'Admin', email: `admin${admin.id}@example.com`, ...admin },
    conversation: { type: 'conversation', id: i.conversationId ?? '123' },
    ...(contact === null ? {} : { [i.asCustomer ? 'customer' : 'contact']: contact }),
  };
  if (i.componentId !== undefined) {
    body.component_id = i.componentId;
    body.input_values = i.inputs ?? {};
    body.current_canvas = i.currentCanvas ?? { content: { components: [] }, ...(i.storedData === undefined ? {} : { stored_data: i.storedData }) };
  }
  return body;
}

/** POSTs the body's exact bytes with X-Body-Signature; a string body is sent as is. */
export function signedPost(app: Express, path: string, body: unknown, secret: string) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return request(app).post(path).set('content-type', 'application/json').set('x-body-signature', signBody(raw, secret)).send(raw);
}

/** The validator's verdict on a canvas response (inbox location). */
export const canvasVerdict = (body: unknown, flow: 'initialize' | 'submit') =>
  validateCanvasResponse(body, { flow, location: 'inbox', firstCanvas: flow === 'initialize' });

/** All the text of a canvas response's components (text, labels), for assertions. */
export function canvasText(body: unknown): string {
  return JSON.stringify((body as { canvas?: { content?: unknown } }).canvas?.content ?? {});
}

/** The id of every component (and list item) in a canvas response. */
export function componentIds(body: unknown): string[] {
  const ids: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.id === 'string') ids.push(o.id);
      Object.values(o).forEach(walk);
    }
  };
  walk((body as { canvas?: { content?: unknown } }).canvas?.content);
  return ids;
}

/** The stored_data a canvas response carries (what Intercom sends back on the next submit). */
export const storedDataOf = (body: unknown): unknown => (body as { canvas?: { stored_data?: unknown } }).canvas?.stored_data;
