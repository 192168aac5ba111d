import type { DataAttribute, DataType } from './model.js';

const STANDARD: Array<[string, string, DataType, boolean]> = [
  ['name', 'Name', 'string', true], ['email', 'Email', 'string', true], ['phone', 'Phone', 'string', true],
  ['external_id', 'User ID', 'string', true], ['role', 'Role', 'string', false], ['owner_id', 'Owner', 'integer', true],
  ['created_at', 'Created at', 'date', false], ['updated_at', 'Last updated', 'date', false],
  ['signed_up_at', 'Signed up', 'date', true], ['last_seen_at', 'Last seen', 'date', true],
  ['unsubscribed_from_emails', 'Unsubscribed from emails', 'boolean', true], ['language_override', 'Language override', 'string', true],
  ['location.country', 'Country', 'string', false], ['location.city', 'City', 'string', false],
];

/** Intercom's standard contact attributes as `GET /data_attributes` lists them (no id, custom false). */
export const standardAttributes = (): DataAttribute[] =>
  STANDARD.map(([name, label, data_type, api_writable]) => ({
    name, full_name: name, label, description: '', data_type, model: 'contact', custom: false, archived: false,
    api_writable, ui_writable: api_writable, messenger_writable: false,
  }));

export const STANDARD_NAMES = new Set(STANDARD.map(([name, label]) => [name.toLowerCase(), label.toLowerCase()]).flat());
