import type { CampaignField, CampaignRecord, UserRecord } from './model.js';

const norm = (s: string): string => s.trim().toLowerCase();

/**
 * The choices of a select field. RF's API returns a field's `value` but documents neither its
 * shape nor whether RF checks a select's value [unknown]: the stand-in keeps the choices there,
 * comma-separated, and refuses any other value (the harsher reading; README).
 */
export const selectChoices = (f: CampaignField): string[] | undefined =>
  f.type === 'select' && f.value ? f.value.split(',').map((c) => c.trim()).filter((c) => c !== '') : undefined;

/** The campaign form a user fills: person_invited users fill the invited form. */
export function formOf(c: CampaignRecord, type: UserRecord['type']): CampaignField[] {
  const fields = type === 'person_invited' ? c.fields.personInvited : c.fields.personReferring;
  return fields.filter((f) => f.id !== 'first_name' && f.id !== 'email');
}

/**
 * Merges `meta` entries (sent by label; the field id is accepted too) into `current`, keyed by
 * the field's label. Unknown fields and required fields left empty are refused, as the form is.
 */
export function mergeMeta(
  form: CampaignField[],
  current: UserRecord['meta'],
  incoming: { field: string; value: string }[],
  requireAll: boolean,
): { meta: UserRecord['meta'] } | { errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const values = new Map(current.map((m) => [m.field, m.value]));
  for (const m of incoming) {
    const field = form.find((f) => norm(f.label) === norm(m.field) || norm(f.id) === norm(m.field));
    if (!field) (errors[`meta.${m.field}`] ??= []).push(`The field "${m.field}" does not exist in this campaign.`);
    else if (m.value !== '' && selectChoices(field) && !selectChoices(field)!.includes(m.value)) (errors[field.label] ??= []).push(`The selected ${field.label} is invalid.`);
    else values.set(field.label, m.value);
  }
  for (const f of form) {
    const v = values.get(f.label);
    const touched = incoming.some((m) => norm(m.field) === norm(f.label) || norm(m.field) === norm(f.id));
    if (f.required && (requireAll || touched) && (v === undefined || v === '')) (errors[f.label] ??= []).push(`The ${f.label} field is required.`);
  }
  if (Object.keys(errors).length) return { errors };
  return { meta: form.filter((f) => values.has(f.label)).map((f) => ({ field: f.label, value: values.get(f.label) as string })) };
}
