import { IntercomClient } from 'intercom-client';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';

// The workspace's teammates (GET /admins, "Read admins" scope), to pick app admins by name.

export interface Teammate {
  id: string;
  name: string;
  email: string | null;
}

const AdminListWire = z.looseObject({
  admins: z.array(z.looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    name: z.string().nullish(),
    email: z.string().nullish(),
  }).nullish()).nullish(),
});

export async function listTeammates(opts: { baseUrl: string; token: string; timeoutMs?: number }): Promise<Teammate[]> {
  const client = new IntercomClient({ token: opts.token, baseUrl: opts.baseUrl, timeoutInSeconds: (opts.timeoutMs ?? 5000) / 1000, maxRetries: 1 });
  const parsed = AdminListWire.safeParse(await client.admins.list());
  if (!parsed.success) throw new AppError('upstream_invalid_response', 'Intercom’s admin list has an unexpected shape');
  return (parsed.data.admins ?? []).flatMap((a) => (a ? [{ id: a.id, name: a.name?.trim() || a.id, email: a.email ?? null }] : []));
}
