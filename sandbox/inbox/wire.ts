import { z } from 'zod';

// The JSON the simulator page and its server exchange. The page imports only the types
// (type-only imports), so zod stays on the server.

export const InitializeCallSchema = z.object({
  teammateId: z.string().min(1),
  contactId: z.string().min(1),
});

const InputValueSchema = z.union([z.string(), z.array(z.string())]);

export const SubmitCallSchema = InitializeCallSchema.extend({
  componentId: z.string().min(1),
  currentCanvas: z.record(z.string(), z.unknown()),
  inputValues: z.record(z.string(), InputValueSchema),
});

export const SimulateReferralSchema = z.object({
  email: z.string().min(1),
  count: z.number().int().min(1).max(100).default(1),
  qualified: z.boolean().default(false),
});

export const ContactsQuerySchema = z.object({
  q: z.string().max(200).optional(),
  cursor: z.string().max(2000).optional(),
});

export type InitializeCall = z.infer<typeof InitializeCallSchema>;
export type SubmitCall = z.infer<typeof SubmitCallSchema>;
export type InputValues = SubmitCall['inputValues'];
export type SimulateReferral = z.input<typeof SimulateReferralSchema>;

export interface Teammate {
  id: string;
  name: string;
  email: string;
  /** Shown in the teammate switcher, e.g. "installed the app" or "plain teammate". */
  note: string;
}

export interface SimulatorSetup {
  appBaseUrl: string;
  workspace: { id: string; region: string };
  teammates: Teammate[];
  endpoints: {
    contacts: string;
    initialize: string;
    submit: string;
    simulateReferral: string | null;
    /** Recent webhook events and what the app did with each; null when the demo gives none. */
    events: string | null;
  };
  timeoutMs: number;
}

export interface ContactSummary {
  id: string;
  name: string | null;
  email: string | null;
  role: string;
}

export interface ContactPage {
  contacts: ContactSummary[];
  next: string | null;
  total: number;
}

export interface Verdict {
  ok: boolean;
  errors: string[];
  warnings: string[];
  /** Estimated rendered height in px, when the response carried components. */
  heightPx: number | null;
}

/** One reply in the conversation (a conversation part). */
export interface ConversationPartView {
  author: string;
  authorType: string;
  partType: string;
  /** As Intercom stores it: HTML. */
  html: string;
  at: number;
}

/** The open conversation as the Intercom stand-in holds it after a canvas call. */
export interface ConversationView {
  id: string;
  opening: string;
  parts: ConversationPartView[];
}

export interface CanvasCallResult {
  flow: 'initialize' | 'submit';
  request: { url: string; headers: Record<string, string>; body: unknown };
  /** HTTP status of the app's answer; null when it never answered (network error, timeout). */
  status: number | null;
  response: unknown;
  timing: { ms: number };
  verdict: Verdict;
  /** The conversation after the call (a reply the app sent shows here); absent when the stand-in serves none. */
  conversation?: ConversationView | null;
}

/** One webhook event as the simulator's events panel shows it. */
export interface EventRow {
  /** When the app stored it (ms). */
  at: number;
  topic: string;
  contactId: string | null;
  /** pending, processing, processed, failed */
  status: string;
  /** What the app did, in its words. */
  outcome: string;
}
