import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('logger redaction', () => {
  it('when a secret-named key is logged at any depth up to four, then its value is replaced and the rest kept', async () => {
    const { logger, lines } = capture();
    logger.info({ workspaceId: 'ws_1', apiKey: 'rf_live_123', req: { headers: { authorization: 'Bearer tok_9', 'x-body-signature': 'abc' } }, deep: { a: { token: 'tok_7' } } }, 'hello');
    await new Promise((r) => setImmediate(r));
    const line = JSON.parse(lines[0] as string);
    expect(line).toMatchObject({ workspaceId: 'ws_1', apiKey: '[redacted]', req: { headers: { authorization: '[redacted]', 'x-body-signature': '[redacted]' } }, deep: { a: { token: '[redacted]' } }, msg: 'hello' });
    expect(lines.join('')).not.toMatch(/rf_live_123|tok_9|tok_7/);
  });

  it('when nothing secret is logged, then the object is logged as given and not copied', async () => {
    const { logger, lines } = capture();
    const fields = { flow: 'initialize', workspaceId: 'ws_1', ms: 4 };
    logger.info(fields, 'canvas request');
    await new Promise((r) => setImmediate(r));
    expect(JSON.parse(lines[0] as string)).toMatchObject(fields);
  });
});
