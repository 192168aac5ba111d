import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, TEAMMATE, type InboxHarness, inboxHarness, texts } from './harness.js';

// Issue #13 replayed (r13, "Left"): a teammate's card said "Ask an app admin…" without saying who
// the app admins are. It names them as Intercom does (GET /admins), the first two and a count.

let h: InboxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Ada Admin and Maya Manager (the Intercom stand-in's admins) made app admins next to the installer. */
async function withNamedAdmins(x: InboxHarness): Promise<void> {
  const [ada, , maya] = x.sb.intercom.control.admins();
  await x.deps.installations.addAdmin(x.workspaceId, ada!.id, ADMIN);
  await x.deps.installations.addAdmin(x.workspaceId, maya!.id, ADMIN);
}

describe('a teammate’s card names the app admins to ask', () => {
  it('when Referral Factory is not connected, then the teammate is told which app admins to ask (two names and how many more)', async () => {
    h = await inboxHarness({ rfConnected: false });
    await withNamedAdmins(h);
    const res = await h.initialize({ admin: TEAMMATE });
    expect(texts(res)).toContain('Ask an app admin (Ada Admin, Maya Manager and 1 more) to connect it.');
  });

  it('when no campaign is set up, then the teammate is told which app admin to ask', async () => {
    h = await inboxHarness();
    const [ada] = h.sb.intercom.control.admins();
    await h.deps.installations.addAdmin(h.workspaceId, ada!.id, ADMIN);
    await h.deps.installations.removeAdmin(h.workspaceId, ADMIN, ADMIN);
    const res = await h.initialize({ admin: TEAMMATE });
    expect(texts(res)).toContain('Ask Ada Admin (app admin) to choose one in Sync settings.');
  });

  it('when Intercom does not give the admins’ names, then the card still says to ask an app admin (no ids shown)', async () => {
    h = await inboxHarness({ rfConnected: false });
    const res = await h.initialize({ admin: TEAMMATE });
    expect(texts(res)).toContain('Ask an app admin to connect it.');
  });
});
