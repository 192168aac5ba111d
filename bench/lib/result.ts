/** One figure of a scenario, with its target when the issue sets one. */
export interface Figure {
  metric: string;
  value: number | string;
  unit?: string;
  /** e.g. "≥ 0.8", "< 20 ms"; absent when the figure is for context only. */
  target?: string;
  /** Whether the target is met; absent without a target. */
  pass?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  title: string;
  figures: Figure[];
  /** Raw measurements behind the figures (autocannon summaries, sandbox stats, run records). */
  details: Record<string, unknown>;
  notes: string[];
  durationMs: number;
  /** When this scenario started, and the 1-minute load average then and at its end. */
  startedAt: string;
  load: { start: number; end: number };
}

export interface Scenario {
  name: string;
  title: string;
  run(): Promise<Omit<ScenarioResult, 'scenario' | 'title' | 'durationMs' | 'startedAt' | 'load'>>;
}

export const round = (n: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export const figure = (metric: string, value: number | string, unit?: string, target?: { text: string; pass: boolean }): Figure => ({
  metric,
  value,
  ...(unit ? { unit } : {}),
  ...(target ? { target: target.text, pass: target.pass } : {}),
});
