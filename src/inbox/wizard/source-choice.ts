import type { SourceField, StandardField } from '../../sync/definition.js';

// A step-2 source as the dropdown names it (`std:<field>`, `company:name`, `attr:<name>`) and as the engine does.

export const COMPANY_NAME_SOURCE = 'company:name';

export function sourceOf(choice: string): SourceField | undefined {
  if (choice === COMPANY_NAME_SOURCE) return { kind: 'company', field: 'name' };
  if (choice.startsWith('std:')) return { kind: 'standard', field: choice.slice(4) as StandardField };
  if (choice.startsWith('attr:') && choice !== 'attr:?') return { kind: 'custom_attribute', name: choice.slice(5) };
  return undefined;
}

export const choiceOf = (source: SourceField): string =>
  source.kind === 'standard' ? `std:${source.field}` : source.kind === 'company' ? COMPANY_NAME_SOURCE : `attr:${source.name}`;
