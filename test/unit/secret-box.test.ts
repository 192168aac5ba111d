import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/errors.js';
import { createSecretBox } from '../../src/shared/secret-box.js';

const box = createSecretBox(randomBytes(32));
const secret = 'tok_live_9f8e7d6c5b4a';

describe('secret box', () => {
  it('when a secret is sealed and opened with the same context, then it round-trips and the sealed form does not contain it', () => {
    const sealed = box.seal(secret, 'intercom-token:ws_1');
    expect(JSON.stringify(sealed)).not.toContain(secret);
    expect(box.open(sealed, 'intercom-token:ws_1')).toBe(secret);
  });

  it('when the same secret is sealed twice, then the ciphertexts differ (random IV)', () => {
    expect(box.seal(secret, 'c').data).not.toBe(box.seal(secret, 'c').data);
  });

  it('when the ciphertext is altered, then opening fails with secret_unreadable', () => {
    const sealed = box.seal(secret, 'c');
    const data = Buffer.from(sealed.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    expect(() => box.open({ ...sealed, data: data.toString('base64') }, 'c')).toThrow(expect.objectContaining({ code: 'secret_unreadable' }));
  });

  it('when the tag is altered, then opening fails', () => {
    const sealed = box.seal(secret, 'c');
    const tag = Buffer.from(sealed.tag, 'base64');
    tag[3] = (tag[3] ?? 0) ^ 0x80;
    expect(() => box.open({ ...sealed, tag: tag.toString('base64') }, 'c')).toThrow();
  });

  it('when a sealed secret is moved to another context (workspace or field), then opening fails', () => {
    const sealed = box.seal(secret, 'intercom-token:ws_1');
    let err: unknown;
    try {
      box.open(sealed, 'intercom-token:ws_2');
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'secret_unreadable')).toBe(true);
    expect((err as Error).message).not.toContain(secret);
  });

  it('when opened with another key, then opening fails', () => {
    expect(() => createSecretBox(randomBytes(32)).open(box.seal(secret, 'c'), 'c')).toThrow();
  });

  it('when the key is not 32 bytes, then the box refuses to exist', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });
});
