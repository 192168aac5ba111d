import type { ParsedDefinitionInput, FieldError } from './definition-input.js';
import type { ReturnValue, SourceField } from './definition.js';
import { CORE_FIELDS } from './mapping.js';
import type { AttributeInfo, Campaign } from './ports.js';
import { RETURN_TYPES } from './write-back.js';

/** "Bronze, Silver or Gold" (the first few of a long list). */
export function optionsText(options: readonly string[]): string {
  const shown = options.length > 6 ? [...options.slice(0, 5), '…'] : options;
  return shown.length < 2 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

/** Why a list attribute cannot receive a return value. */
export const listAttributeReason = (a: Pick<AttributeInfo, 'name' | 'options'>): string =>
  `${a.name} is a list attribute: Intercom accepts only ${optionsText(a.options ?? [])}`;

/**
 * Why a source cannot fill RF's Email, if it cannot: only Intercom's email or a text attribute can
 * hold an address (a name, phone or id never passes RF's check, so every contact would be skipped).
 */
export function emailSourceProblem(from: SourceField, attributes: readonly AttributeInfo[]): string | undefined {
  if (from.kind !== 'custom_attribute') {
    return from.kind === 'standard' && from.field === 'email' ? undefined : 'Email must come from an email address: choose Email, or a text attribute that holds email addresses';
  }
  const attribute = attributes.find((a) => a.name === from.name);
  return attribute && attribute.dataType !== 'string'
    ? `${attribute.name} holds ${attribute.dataType} values, not email addresses: choose Email, or a text attribute that holds email addresses`
    : undefined;
}

/** Checks a definition against the campaign's form and the workspace's attributes. Pure. */
export function validateDefinition(input: ParsedDefinitionInput, campaign: Campaign, attributes: readonly AttributeInfo[]): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Map(campaign.fields.map((f) => [f.id, f]));
  const seen = new Set<string>();
  for (const rule of input.fieldMapping) {
    if (!known.has(rule.to) && !(CORE_FIELDS as readonly string[]).includes(rule.to)) {
      errors.push({ path: `fieldMapping.${rule.to}`, code: 'unknown_field', message: `The campaign has no field "${rule.to}"` });
    }
    const emailProblem = rule.to === 'email' ? emailSourceProblem(rule.from, attributes) : undefined;
    if (emailProblem) errors.push({ path: 'fieldMapping.email', code: 'email_source', message: emailProblem });
    if (seen.has(rule.to)) errors.push({ path: `fieldMapping.${rule.to}`, code: 'duplicate_field', message: `"${rule.to}" is mapped twice` });
    seen.add(rule.to);
  }
  const required = new Map<string, string>([['first_name', 'First Name'], ['email', 'Email']]);
  for (const f of campaign.fields) if (f.required) required.set(f.id, f.label);
  for (const [id, label] of required) {
    if (!seen.has(id)) errors.push({ path: `fieldMapping.${id}`, code: 'required_field_unmapped', message: `${label} is required: map an Intercom field to it` });
  }

  const byName = new Map(attributes.map((a) => [a.name, a]));
  const used = new Map<string, ReturnValue>();
  for (const key of Object.keys(RETURN_TYPES) as ReturnValue[]) {
    const name = input.returnMapping[key];
    if (!name) continue;
    const path = `returnMapping.${key}`;
    if (used.has(name)) errors.push({ path, code: 'duplicate_attribute', message: `"${name}" already receives another value` });
    used.set(name, key);
    const existing = byName.get(name);
    if (!existing) continue;
    if (!existing.custom || !existing.apiWritable) {
      errors.push({ path, code: 'attribute_not_custom', message: `"${name}" is not a writable custom attribute` });
    } else if (existing.options) {
      errors.push({ path, code: 'attribute_is_list', message: `${listAttributeReason(existing)}, so it cannot hold the ${key.replace(/_/g, ' ')}` });
    } else if (existing.dataType !== RETURN_TYPES[key]) {
      errors.push({ path, code: 'attribute_type_mismatch', message: `"${name}" holds ${existing.dataType} values; ${key.replace(/_/g, ' ')} needs ${RETURN_TYPES[key]}` });
    }
  }
  return errors;
}
