import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';


describe('npm run sandbox (sandbox/start.ts)', () => {
  it('when started with ports 0, then it prints both URLs and credentials, serves both APIs and exits cleanly on SIGTERM', async () => {
    // node --import tsx, not the tsx CLI: the CLI is a second process relaying signals, and on a loaded
    // machine a relayed SIGTERM could end it as killed (143) before the sandbox's own handler ran.
    const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/start.ts'], {
      env: { ...process.env, INTERCOM_SANDBOX_PORT: '0', RF_SANDBOX_PORT: '0', SANDBOX_CONTACTS: '30', RF_SANDBOX_EXISTING_REFERRERS: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    try {
      const deadline = Date.now() + 60_000; // tsx compiles on start: slow on a loaded machine
      while (!/API key\s+\S+/.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const rfBase = /Referral Factory\s+(http:\/\/127\.0\.0\.1:\d+\/api\/v2)/.exec(out)?.[1];
      const rfKey = /API key\s+(\S+)/.exec(out)?.[1];
      const intercomUrl = /Intercom API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const token = /access token\s+(\S+)/.exec(out)?.[1];
      expect({ rfBase, rfKey, intercomUrl, token }, out).toEqual({ rfBase: expect.any(String), rfKey: 'rf_test_key', intercomUrl: expect.any(String), token: expect.any(String) });
      const users = await fetch(`${rfBase}/users?with=user.analytics`, { headers: { authorization: `Bearer ${rfKey}` } });
      const body = (await users.json()) as { meta: { total: number }; data: { analytics: { referrals: number } }[] };
      const referrers = body.data.filter((u) => u.analytics.referrals > 0);
      expect(referrers.length).toBe(5);
      const me = await fetch(`${intercomUrl}/me`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      expect(me.status).toBe(200);
    } finally {
      const exited = child.exitCode === null ? once(child, 'exit') : Promise.resolve([child.exitCode]);
      if (child.exitCode === null) child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    }
  }, 90_000);
});
