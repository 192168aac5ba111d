import type {
  CanvasCallResult,
  ContactPage,
  InitializeCall,
  EventRow,
  SimulateReferral,
  SimulatorSetup,
  SubmitCall,
} from '../wire.js';

// The page talks only to the simulator's server, which signs and forwards canvas requests:
// the app's client secret never reaches the browser.

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status} from ${url}`);
  return body;
}

const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export interface Api {
  setup: SimulatorSetup;
  contacts(q: string, cursor: string | null): Promise<ContactPage>;
  initialize(call: InitializeCall): Promise<CanvasCallResult>;
  submit(call: SubmitCall): Promise<CanvasCallResult>;
  simulateReferral(input: SimulateReferral): Promise<unknown>;
  events(): Promise<EventRow[]>;
}

export async function connect(): Promise<Api> {
  const setup = await json<SimulatorSetup>('setup.json');
  const { endpoints } = setup;
  return {
    setup,
    contacts: (q, cursor) => {
      const params = new URLSearchParams();
      if (q) params.set('q', q);
      if (cursor) params.set('cursor', cursor);
      return json<ContactPage>(`${endpoints.contacts}?${params}`);
    },
    initialize: (call) => json<CanvasCallResult>(endpoints.initialize, post(call)),
    submit: (call) => json<CanvasCallResult>(endpoints.submit, post(call)),
    events: async () => (endpoints.events ? (await json<{ events: EventRow[] }>(endpoints.events)).events : []),
    simulateReferral: (input) => {
      if (!endpoints.simulateReferral) throw new Error('No Referral Factory stand-in is attached');
      return json(endpoints.simulateReferral, post(input));
    },
  };
}
