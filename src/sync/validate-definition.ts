import type { ParsedDefinitionInput, FieldError } from './definition-input.js';
import type { ReturnValue } from './definition.js';
import { CORE_FIELDS } from './mapping.js';
import type { AttributeInfo, Campaign } from './ports.js';
import { RETURN_TYPES } from './write-back.js';

/** Checks a definition against the campaign's form and the workspace's attributes. Pure. */
export function validateDefinition(input: ParsedDefinitionInput, campaign: Campaign, attributes: readonly AttributeInfo[]): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Map(campaign.fields.map((f) => [f.id, f]));
  const seen = new Set<string>();
  for (const rule of input.fieldMapping) {
    if (!known.has(rule.to) && !(CORE_FIELDS as readonly string[]).includes(rule.to)) {
      errors.push({ path: `fieldMapping.${rule.to}`, code: 'unknown_field', message: `The campaign has no field "${rule.to}"` });
    }
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
    } else if (existing.dataType !== RETURN_TYPES[key]) {
      errors.push({ path, code: 'attribute_type_mismatch', message: `"${name}" holds ${existing.dataType} values; ${key.replace(/_/g, ' ')} needs ${RETURN_TYPES[key]}` });
    }
  }
  return errors;
}
