import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptedSecret } from './encrypted-secret.js';
import { AppError } from './errors.js';

// AES-256-GCM with a random 12-byte IV per secret. The `context` (e.g. "intercom-token:ws_1") is
// bound as additional authenticated data, so a ciphertext copied to another workspace or field
// fails to open instead of decrypting to the wrong credential.

export interface SecretBox {
  seal(plain: string, context: string): EncryptedSecret;
  /** Throws AppError `secret_unreadable` when the ciphertext, tag, key or context don't match. */
  open(secret: EncryptedSecret, context: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new AppError('config_invalid', 'The encryption key must be 32 bytes');
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    },
    open(secret, context) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(secret.iv, 'base64'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(secret.tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(secret.data, 'base64')), decipher.final()]).toString('utf8');
      } catch (err) {
        throw new AppError('secret_unreadable', 'A stored secret cannot be decrypted (wrong key or tampered data)', { cause: err });
      }
    },
  };
}
