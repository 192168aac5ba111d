import { z } from 'zod';
import type { InboxRequest, RequestContact } from '../inbox/card/inbox-env.js';

// The Canvas Kit inbox request (reference/canvas-kit.md §4.1, §4.3). Only what the app reads is
// checked and kept; the rest of the REST models around it is dropped, never refused. The contact
// arrives as `contact`, or as `customer` in older payloads (§10.10).

const IdSchema = z.union([z.string().min(1).max(200), z.number().int()]).transform(String);

const ContactWire = z.object({
  id: IdSchema,
  email: z.string().nullish(),
  name: z.string().nullish(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
});

const BaseRequest = z.object({
  workspace_id: z.string().min(1).max(200),
  workspace_region: z.string().nullish(),
  admin: z.object({ id: IdSchema, name: z.string().nullish(), email: z.string().nullish() }),
  contact: ContactWire.nullish(),
  customer: ContactWire.nullish(),
  // The REST Conversation model; only its id is read (the card replies in it).
  conversation: z.object({ id: IdSchema }).nullish().catch(null),
});

export const InitializeRequestSchema = BaseRequest;

export const SubmitRequestSchema = BaseRequest.extend({
  component_id: z.string().min(1).max(200),
  input_values: z.record(z.string(), z.unknown()).nullish(),
  current_canvas: z.object({ stored_data: z.unknown().optional() }).nullish(),
});

export type CanvasRequestWire = z.infer<typeof BaseRequest> & Partial<z.infer<typeof SubmitRequestSchema>>;

function toContact(c: z.infer<typeof ContactWire> | null | undefined): RequestContact | undefined {
  if (!c) return undefined;
  return { id: c.id, email: c.email?.trim() || null, customAttributes: c.custom_attributes ?? {} };
}

export function toInboxRequest(wire: CanvasRequestWire): InboxRequest {
  return {
    workspaceId: wire.workspace_id,
    adminId: wire.admin.id,
    contact: toContact(wire.contact ?? wire.customer),
    conversationId: wire.conversation?.id,
    componentId: wire.component_id,
    inputValues: wire.input_values ?? {},
    storedData: wire.current_canvas?.stored_data,
  };
}

/** A short reason for a 400, naming fields, never echoing values. */
export const describeIssues = (err: z.ZodError): string =>
  err.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
