import { describe, expect, test } from 'vitest';
import type { FieldRule } from '../../../src/sync/definition.js';
import { applyTransform, mapContact } from '../../../src/sync/mapping.js';
import type { CampaignField, IntercomContact } from '../../../src/sync/ports.js';

const contact = (over: Partial<IntercomContact> = {}): IntercomContact => ({
  id: 'c1', role: 'user', email: 'ada@example.com', name: '  Ada  Lovelace ', phone: '+44 1', externalId: 'x-1',
  createdAt: 1, updatedAt: 2, customAttributes: { plan: 'Gold', seats: 12, vip: true, empty: null }, ...over,
});
const fields: CampaignField[] = [
  { id: 'first_name', label: 'First Name', type: 'input', required: true },
  { id: 'email', label: 'Email', type: 'input', required: true },
  { id: 'f_company', label: 'Company', type: 'input', required: true },
  { id: 'f_plan', label: 'Plan', type: 'input', required: false },
];
const rule = (to: string, from: FieldRule['from'], transform: FieldRule['transform'] = 'none'): FieldRule => ({ to, from, transform });
const base = [
  rule('first_name', { kind: 'standard', field: 'name' }, 'first_word'),
  rule('email', { kind: 'standard', field: 'email' }),
  rule('f_company', { kind: 'standard', field: 'external_id' }),
];

describe('transforms', () => {
  test.each([
    { transform: 'none', input: ' Ada Lovelace ', expected: ' Ada Lovelace ' },
    { transform: 'trim', input: '  Ada Lovelace  ', expected: 'Ada Lovelace' },
    { transform: 'first_word', input: '  Ada   Lovelace', expected: 'Ada' },
    { transform: 'first_word', input: '   ', expected: '' },
    { transform: 'lowercase', input: 'ADA@Example.COM', expected: 'ada@example.com' },
  ] as const)('when $transform is applied to "$input", then it gives "$expected"', ({ transform, input, expected }) => {
    expect(applyTransform(input, transform)).toBe(expected);
  });
});

describe('mapContact', () => {
  test.each([
    {
      title: 'when every required field has a value, then first name and email are RF fields and the rest goes as meta by label',
      rules: [...base, rule('f_plan', { kind: 'custom_attribute', name: 'plan' }, 'lowercase')],
      c: contact(),
      expected: { ok: true, record: { firstName: 'Ada', email: 'ada@example.com', meta: { Company: 'x-1', Plan: 'gold' } } },
    },
    {
      title: 'when a number or boolean attribute is mapped, then it is sent as text',
      rules: [...base, rule('f_plan', { kind: 'custom_attribute', name: 'seats' })],
      c: contact(),
      expected: { ok: true, record: { firstName: 'Ada', email: 'ada@example.com', meta: { Company: 'x-1', Plan: '12' } } },
    },
    {
      title: 'when an optional field is empty, then it is left out',
      rules: [...base, rule('f_plan', { kind: 'custom_attribute', name: 'empty' })],
      c: contact(),
      expected: { ok: true, record: { firstName: 'Ada', email: 'ada@example.com', meta: { Company: 'x-1' } } },
    },
    {
      title: 'when the contact has no email, then it is skipped as no_email',
      rules: base, c: contact({ email: null }), expected: { ok: false, reason: 'no_email' },
    },
    {
      title: 'when the email is malformed, then it is skipped as invalid_email',
      rules: base, c: contact({ email: 'not-an-address' }), expected: { ok: false, reason: 'invalid_email' },
    },
    {
      title: 'when a required campaign field is empty, then it is skipped as required_field_empty',
      rules: base, c: contact({ externalId: null }), expected: { ok: false, reason: 'required_field_empty' },
    },
    {
      title: 'when first_word leaves the first name empty, then the part of the email before @ is used (the default fallback)',
      rules: base, c: contact({ name: '   ' }), expected: { ok: true, record: { firstName: 'ada', email: 'ada@example.com' } },
    },
    {
      title: 'when the name is null and the fallback is a fixed text, then that text is the first name',
      rules: base, c: contact({ name: null }), fallback: { kind: 'text', text: 'Friend' } as const, expected: { ok: true, record: { firstName: 'Friend' } },
    },
    {
      title: 'when the name is null and the fallback is to skip, then it is skipped as required_field_empty, naming the field',
      rules: base, c: contact({ name: null }), fallback: { kind: 'skip' } as const, expected: { ok: false, reason: 'required_field_empty', message: 'Required field empty: First Name' },
    },
    {
      title: 'when a rule targets a field the campaign no longer has, then it is not sent',
      rules: [...base, rule('f_gone', { kind: 'standard', field: 'phone' })],
      c: contact(),
      expected: { ok: true, record: { firstName: 'Ada', email: 'ada@example.com', meta: { Company: 'x-1' } } },
    },
    {
      title: 'when the id and role are mapped, then their values are used',
      rules: [rule('first_name', { kind: 'standard', field: 'role' }), rule('email', { kind: 'standard', field: 'email' }), rule('f_company', { kind: 'standard', field: 'id' })],
      c: contact(),
      expected: { ok: true, record: { firstName: 'user', email: 'ada@example.com', meta: { Company: 'c1' } } },
    },
  ])('$title', ({ rules, c, expected, fallback }) => {
    expect(mapContact(rules, fields, c, fallback)).toMatchObject(expected);
  });
});
