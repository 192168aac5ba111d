import { describe, expect, it } from 'vitest';
import { audienceRequest } from '../../../src/integrations/intercom/audience-query.js';
import { toAttributeInfo, toContact, toSegmentInfo } from '../../../src/integrations/intercom/mapping.js';
import { ContactListWire, ContactWire, DataAttributeWire, SegmentWire } from '../../../src/integrations/intercom/schemas.js';

const wireContact = {
  type: 'contact', id: '65f0', workspace_id: 'ws', role: 'lead', email: '', name: 'Ada', phone: null,
  external_id: null, created_at: 1_700_000_000, updated_at: 1_700_000_500, avatar: { type: 'avatar', image_url: null },
  custom_attributes: { plan: 'gold', seats: 3, vip: true, gone: null, nested: { a: 1 } },
};

describe('Intercom wire → domain mapping', () => {
  it('when a contact is mapped, then empty strings become null, times stay in seconds and only scalar attributes remain', () => {
    expect(toContact(ContactWire.parse(wireContact))).toEqual({
      id: '65f0', role: 'lead', email: null, name: 'Ada', phone: null, externalId: null,
      createdAt: 1_700_000_000, updatedAt: 1_700_000_500, customAttributes: { plan: 'gold', seats: 3, vip: true, gone: null },
    });
  });

  it('when a name arrives HTML-escaped, then it is decoded once, and only entities Intercom writes (with their ;)', () => {
    const name = (n: string) => toContact(ContactWire.parse({ ...wireContact, name: n })).name;
    expect(name('O&#39;Brien &amp; Sons')).toBe("O'Brien & Sons");
    expect(name('Ada &quot;Countess&quot; &lt;Lovelace&gt;')).toBe('Ada "Countess" <Lovelace>');
    expect(name('AT&amp;amp;T')).toBe('AT&amp;T'); // a name that really holds "&amp;"
    expect(name('Fish &copy Chips')).toBe('Fish &copy Chips');
  });

  it('when a contact has a role other than user or lead, then the wire schema refuses it', () => {
    expect(ContactWire.safeParse({ ...wireContact, role: 'visitor' }).success).toBe(false);
  });

  it('when a list has no pages.next, then it still parses (last page)', () => {
    const list = ContactListWire.parse({ type: 'list', data: [wireContact], total_count: 1, pages: { type: 'pages', page: 1, per_page: '5' } });
    expect(list.pages?.next).toBeUndefined();
  });

  it('when data attributes are mapped, then custom ones use their key and standard ones their full name', () => {
    const custom = DataAttributeWire.parse({ name: 'rf_link', full_name: 'custom_attributes.rf_link', label: 'RF link', data_type: 'string', custom: true, api_writable: true });
    const standard = DataAttributeWire.parse({ name: 'city', full_name: 'location.city', label: 'City', data_type: 'string', custom: false, api_writable: false });
    const odd = DataAttributeWire.parse({ name: 'tier', data_type: 'options', custom: true });
    expect(toAttributeInfo(custom)).toEqual({ name: 'rf_link', label: 'RF link', dataType: 'string', custom: true, apiWritable: true, options: null });
    expect(toAttributeInfo(standard)).toMatchObject({ name: 'location.city', custom: false, apiWritable: false });
    expect(toAttributeInfo(odd)).toMatchObject({ name: 'tier', label: 'tier', dataType: 'string' });
  });

  it('when a data attribute is a list, then its options come along (strings as answered, {value} as in requests); none is null', () => {
    const list = DataAttributeWire.parse({ name: 'Plan tier', data_type: 'string', custom: true, options: ['Starter', 'Growth'] });
    const objects = DataAttributeWire.parse({ name: 'size', data_type: 'string', custom: true, options: [{ value: '1-10' }, { value: '11-50' }] });
    expect(toAttributeInfo(list).options).toEqual(['Starter', 'Growth']);
    expect(toAttributeInfo(objects).options).toEqual(['1-10', '11-50']);
    expect(toAttributeInfo(DataAttributeWire.parse({ name: 'x', data_type: 'string', options: [] })).options).toBeNull();
  });

  it('when a segment has no count, then count is null', () => {
    expect(toSegmentInfo(SegmentWire.parse({ type: 'segment', id: 's1', name: 'VIP', person_type: 'user' }))).toEqual({ id: 's1', name: 'VIP', personType: 'user', count: null });
  });
});

describe('Intercom audience → request', () => {
  const sort = { field: 'created_at', order: 'ascending' };
  it('when all contacts are wanted, then both roles are searched in created_at order (GET /contacts takes no sort)', () => {
    expect(audienceRequest({ kind: 'all' }, null)).toEqual({ query: { field: 'role', operator: 'IN', value: ['user', 'lead'] }, sort });
    expect(audienceRequest({ kind: 'all' }, 1000)).toEqual({
      query: { operator: 'AND', value: [{ field: 'role', operator: 'IN', value: ['user', 'lead'] }, { field: 'updated_at', operator: '>', value: 1000 }] },
      sort,
    });
  });

  it('when leads, users or a segment are wanted, then the matching filter is searched, AND-ed with updated_at when bounded, always sorted on created_at', () => {
    expect(audienceRequest({ kind: 'leads' }, undefined)).toEqual({ query: { field: 'role', operator: '=', value: 'lead' }, sort });
    expect(audienceRequest({ kind: 'users' }, null)).toEqual({ query: { field: 'role', operator: '=', value: 'user' }, sort });
    expect(audienceRequest({ kind: 'segment', segmentId: 'seg9' }, 5)).toEqual({
      query: { operator: 'AND', value: [{ field: 'segment_id', operator: '=', value: 'seg9' }, { field: 'updated_at', operator: '>', value: 5 }] },
      sort,
    });
  });
});
