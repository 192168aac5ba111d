import type { SourceField, StandardField } from '../../sync/definition.js';

// A step-2 source as the dropdown names it (`std:<field>`, `attr:<name>`) and as the engine does.

export function sourceOf(choice: string): SourceField | undefined {
  if (choice.startsWith('std:')) return { kind: 'standard', field: choice.slice(4) as StandardField };
  if (choice.startsWith('attr:') && choice !== 'attr:?') return { kind: 'custom_attribute', name: choice.slice(5) };
  return undefined;
}

export const choiceOf = (source: SourceField): string =>
  source.kind === 'standard' ? `std:${source.field}` : `attr:${source.name}`;
