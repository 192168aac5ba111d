/**
 * Permissions (OAuth scopes) by the names Intercom's Developer Hub shows
 * (https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/oauth-scopes).
 * A token lacking the one a call needs gets 401 `token_unauthorized` "Not authorized to access
 * resource" (recorded in intercom/intercom-ruby #323 and #364, intercom/intercom-php #189 and #257):
 * the body does not say which permission is missing.
 */
export const SCOPES = {
  readUsers: 'Read and list users and companies',
  readOneUser: 'Read one user and one company',
  writeUsers: 'Write users and companies',
  writeDataAttributes: 'Write data attributes',
  readAdmins: 'Read admins',
  readConversations: 'Read conversations',
  writeConversations: 'Write conversations',
} as const;

export const ALL_SCOPES: readonly string[] = Object.values(SCOPES);

/**
 * Which permissions let a request through (any one of them); none listed: any valid token.
 * The mapping for GET /data_attributes is our inference (the docs list no read scope for it).
 */
export function scopesFor(method: string, path: string): readonly string[] {
  if (path === '/me') return [];
  if (path === '/admins') return [SCOPES.readAdmins];
  // "Write conversations: Reply to, mark as read and close conversations"; "Read conversations: View conversations" (oauth-scopes page above).
  if (path.startsWith('/conversations')) return method === 'GET' ? [SCOPES.readConversations] : [SCOPES.writeConversations];
  if (/^\/companies\/[^/]+$/.test(path)) return [SCOPES.readUsers, SCOPES.readOneUser];
  if (path.startsWith('/data_attributes')) return method === 'GET' ? [SCOPES.readUsers] : [SCOPES.writeDataAttributes];
  // "Write users and companies: create and update users" (oauth-scopes page above).
  if (path === '/contacts' && method === 'POST') return [SCOPES.writeUsers];
  if (/^\/contacts\/(?!search)[^/]+$/.test(path)) return method === 'GET' ? [SCOPES.readUsers, SCOPES.readOneUser] : [SCOPES.writeUsers];
  return [SCOPES.readUsers];
}
