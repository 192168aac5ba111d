/** Options of bench/servers/sandboxes.ts (passed as JSON in argv). */
export interface SandboxesOptions {
  contacts: number;
  /** Intercom: requests per 10-s window per token; 0 = off. */
  intercomRatePerWindow: number;
  /** RF: calls per minute per key; 0 = off. */
  rfRatePerMinute: number;
  latencyMs: number;
  /** RF's answers only, when they are slower than Intercom's (default latencyMs). */
  rfLatencyMs?: number;
}

/** What bench/servers/sandboxes.ts reports once both stand-ins listen. */
export interface SandboxesReady {
  intercomUrl: string;
  intercomToken: string;
  rfUrl: string;
  rfKey: string;
}
