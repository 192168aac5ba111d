import { z } from 'zod';

// Intercom's webhook notification (reference/intercom-api.md §6;
// https://developers.intercom.com/docs/references/2.16/webhooks/webhook-models). Only what the app
// reads is checked; Intercom adds keys over time. `data.item` is the contact for contact topics
// (the surviving one for contact.merged, with `merged_from`), a minimal identification for
// contact.deleted, and `{type: 'ping', message}` for ping (whose `id` may be null).

const Item = z.looseObject({
  type: z.string().nullish(),
  id: z.string().nullish(),
  role: z.string().nullish(),
  email: z.string().nullish(),
  updated_at: z.number().nullish(),
  merged_from: z.looseObject({ id: z.string().nullish() }).nullish(),
});

export const NotificationWire = z.looseObject({
  type: z.literal('notification_event'),
  app_id: z.string().min(1).max(200),
  id: z.string().max(200).nullish(),
  topic: z.string().min(1).max(100),
  created_at: z.number().nullish(),
  delivery_attempts: z.number().nullish(),
  data: z.looseObject({ item: Item.nullish() }).nullish(),
});
export type NotificationWire = z.infer<typeof NotificationWire>;

/** What the app keeps of a notification: ids and versions, never the contact's data (but the email of a contact that is gone, which the removal policy needs). */
export function notificationFacts(n: NotificationWire) {
  const item = n.data?.item ?? null;
  const isContact = item?.type === 'contact' && !!item.id;
  const gone = n.topic === 'contact.archived' || n.topic === 'contact.deleted';
  const detail: Record<string, string | number | boolean | null> = {};
  if (isContact && item.role) detail['role'] = item.role;
  if (item?.merged_from?.id) detail['mergedFrom'] = item.merged_from.id;
  if (gone && item?.email) detail['email'] = item.email;
  return {
    subjectId: isContact ? item.id! : null,
    subjectVersion: isContact && typeof item.updated_at === 'number' ? Math.floor(item.updated_at) : null,
    detail,
    occurredAt: typeof n.created_at === 'number' ? n.created_at * 1000 : null,
  };
}
