import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileDocument } from '../../src/store/lowdb/document.js';
import { DurableJsonFile } from '../../src/store/lowdb/durable-json-file.js';
import { openLowdbRepositories } from '../../src/store/lowdb/index.js';
import { installation } from './repository-contract.js';

// Issue #12, observations 2 and 6, on a real file system: corrupt means refused (naming the
// file), unknown keys are kept, the file is private to its owner, and a change counts only once
// it is on disk.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-integrity-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a corrupt data file is refused, naming it', () => {
  it.each([
    ['null', 'null'],
    ['true', 'a boolean'],
    ['42', 'a number'],
    ['"store"', 'a string'],
    ['[]', 'an array'],
    ['', 'is empty'],
    ['{"version":1,"installations":', 'is not valid JSON'],
    ['{"version":2}', 'newer than this app'],
    ['{"version":1,"installations":{"ws":{}}}', 'does not match the expected shape (at installations.ws'],
  ])('when it holds %j, then opening refuses with store_corrupt and the path, and leaves it as it was', async (content, why) => {
    const file = join(dir, 'store.json');
    await writeFile(file, content);
    const err = await openLowdbRepositories(file).then(() => undefined, (e: unknown) => e as Error & { code: string });
    expect(err?.code).toBe('store_corrupt');
    expect(err?.message).toContain(file);
    expect(err?.message).toContain(why);
    expect(await readFile(file, 'utf8')).toBe(content);
    // Refused before anything is held: the next open is refused for the same reason, not for a lock.
    await expect(openLowdbRepositories(file)).rejects.toMatchObject({ code: 'store_corrupt' });
  });
});

describe('what a write keeps', () => {
  it('when the file has top-level keys this version does not know, then they are kept through writes', async () => {
    const file = join(dir, 'store.json');
    const future = { flags: { beta: true }, notes: ['kept'] };
    await writeFile(file, JSON.stringify({ version: 1, installations: {}, syncs: {}, syncState: {}, runs: {}, usedTokens: {}, ...future }));
    const repos = await openLowdbRepositories(file);
    expect(repos.opened.unknownKeys).toEqual(['flags', 'notes']);
    await repos.installations.upsert('ws_1', () => installation('ws_1'));
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toMatchObject({ ...future, installations: { ws_1: { workspaceId: 'ws_1' } } });
    await repos.close();
  });

  it('when a record inside the file has a key this version does not know, then opening refuses with store_corrupt naming where, and the file is untouched', async () => {
    const file = join(dir, 'store.json');
    const writer = await openLowdbRepositories(file);
    await writer.installations.upsert('ws_1', () => installation('ws_1'));
    await writer.close();
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc.installations.ws_1.region = 'eu'; // written by a later release, say
    const content = JSON.stringify(doc);
    await writeFile(file, content);
    const err = await openLowdbRepositories(file).then(() => undefined, (e: unknown) => e as Error & { code: string });
    expect(err?.code).toBe('store_corrupt');
    expect(err?.message).toContain(file);
    expect(err?.message).toContain('installations.ws_1.region');
    expect(await readFile(file, 'utf8')).toBe(content);
  });

  it('when the file is created, then it is readable by its owner only; a file open to others is narrowed at open', async () => {
    const file = join(dir, 'store.json');
    const repos = await openLowdbRepositories(file);
    await repos.usedTokens.markUsed('a', 1, 0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await repos.close();

    await chmod(file, 0o644);
    const again = await openLowdbRepositories(file);
    expect(again.opened.narrowedMode).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await again.close();
  });
});

describe('a change counts only once it is durable', () => {
  it('when the write fails, then the update rejects with store_write_failed, nothing changes in memory, and a later write does not carry it', async () => {
    const data = join(dir, 'data');
    await mkdir(data);
    const file = join(data, 'store.json');
    const repos = await openLowdbRepositories(file);
    await repos.installations.upsert('ws_1', () => installation('ws_1'));

    await rename(data, `${data}.away`);
    await writeFile(data, 'a file where the directory was');
    await expect(repos.installations.update('ws_1', (i) => void i.appAdmins.push('2'))).rejects.toMatchObject({
      code: 'store_write_failed',
      message: expect.stringContaining(file),
    });
    expect((await repos.installations.get('ws_1'))?.appAdmins).toEqual(['1']);
    // Updates queued behind a failed one still run, each on what was saved.
    await expect(repos.usedTokens.markUsed('x', 1, 0)).rejects.toMatchObject({ code: 'store_write_failed' });
    expect(await repos.usedTokens.isUsed('x')).toBe(false);

    await rm(data);
    await rename(`${data}.away`, data);
    await repos.installations.update('ws_1', (i) => void (i.status = 'disconnected'));
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.installations.ws_1).toMatchObject({ appAdmins: ['1'], status: 'disconnected' });
    expect(saved.usedTokens).toEqual({});
    await repos.close();
  });

  it('when many updates are made at once, then each applies in order on the previous one and all are on disk', async () => {
    const file = join(dir, 'store.json');
    const repos = await openLowdbRepositories(file);
    await repos.installations.upsert('ws_1', () => installation('ws_1'));
    await Promise.all(Array.from({ length: 20 }, (_, i) => repos.installations.update('ws_1', (x) => void x.appAdmins.push(String(i + 2)))));
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.installations.ws_1.appAdmins).toEqual(['1', ...Array.from({ length: 20 }, (_, i) => String(i + 2))]);
    await repos.close();
  });

  it('when a burst of updates arrives, then they share a few durable writes, and each is acknowledged only once the file on disk holds it', async () => {
    const file = join(dir, 'store.json');
    class CountingFile extends DurableJsonFile {
      writes = 0;
      override async write(data: unknown) {
        this.writes += 1;
        await super.write(data);
      }
    }
    const counted = new CountingFile(file);
    const doc = await openFileDocument(counted);
    const onDisk = (key: string) => Object.hasOwn(JSON.parse(readFileSync(file, 'utf8')).usedTokens, key);
    const acknowledged: boolean[] = await Promise.all(
      Array.from({ length: 300 }, (_, i) => doc.update((db) => void (db.usedTokens[`jti_${i}`] = i)).then(() => onDisk(`jti_${i}`))),
    );
    expect(acknowledged.every(Boolean)).toBe(true);
    expect(Object.keys(doc.read().usedTokens)).toHaveLength(300);
    expect(counted.writes).toBeLessThanOrEqual(5);
  });

  it('when one change of a burst throws, then only its caller hears of it and the others are saved without any trace of it', async () => {
    const file = join(dir, 'store.json');
    const doc = await openFileDocument(new DurableJsonFile(file));
    const results = await Promise.allSettled([
      doc.update((db) => void (db.usedTokens.a = 1)),
      doc.update((db) => {
        db.usedTokens.half = 2;
        throw new Error('refused halfway');
      }),
      doc.update((db) => void (db.usedTokens.b = db.usedTokens.a! + 1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(JSON.parse(await readFile(file, 'utf8')).usedTokens).toEqual({ a: 1, b: 2 });
    expect(doc.read().usedTokens).toEqual({ a: 1, b: 2 });
  });

  it('when a change edits a stored event in place instead of replacing it, then it is refused and the saved event is unchanged', async () => {
    const file = join(dir, 'store.json');
    const repos = await openLowdbRepositories(file);
    const stored = await repos.events.record({ source: 'intercom', externalId: 'n_1', workspaceId: 'ws_1', topic: 'contact.user.created', subjectId: 'c_1', subjectVersion: 1, detail: {}, occurredAt: 1 }, 1_000);
    expect(stored.kind).toBe('stored');
    const doc = await openFileDocument(new DurableJsonFile(join(dir, 'other.json')));
    await doc.update((db) => void (db.events = structuredClone(repos.document().events)));
    const id = Object.keys(doc.read().events)[0]!;
    await expect(doc.update((db) => void (db.events[id]!.status = 'failed'))).rejects.toThrow(TypeError);
    expect(doc.read().events[id]!.status).toBe('pending');
    await doc.update((db) => void (db.events[id] = { ...db.events[id]!, status: 'failed' }));
    expect(JSON.parse(await readFile(join(dir, 'other.json'), 'utf8')).events[id].status).toBe('failed');
    await repos.close();
  });

  it('when events are recorded, claimed and finished, then the file is the plain indented JSON of the document, events included', async () => {
    const file = join(dir, 'store.json');
    const repos = await openLowdbRepositories(file);
    await repos.installations.upsert('ws_1', () => installation('ws_1'));
    const event = (i: number) => ({ source: 'intercom' as const, externalId: `n_${i}`, workspaceId: 'ws_1', topic: 'contact.user.created', subjectId: `c_${i}`, subjectVersion: i, detail: { role: 'user', note: 'quote " and\nnewline' }, occurredAt: i });
    const stored = await Promise.all(Array.from({ length: 30 }, (_, i) => repos.events.record(event(i), 1_000 + i)));
    await Promise.all(stored.slice(0, 10).map((r) => repos.events.claim(r.kind === 'stored' ? r.event.id : '', 2_000, 60_000)));
    await Promise.all(stored.slice(0, 5).map((r) => repos.events.finish(r.kind === 'stored' ? r.event.id : '', { status: 'processed', outcome: 'Enrolled' }, 3_000)));
    const text = await readFile(file, 'utf8');
    const parsed = JSON.parse(text);
    expect(text).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
    expect(Object.values(parsed.events).map((e) => (e as { status: string }).status).sort()).toEqual([...Array(20).fill('pending'), ...Array(5).fill('processed'), ...Array(5).fill('processing')]);
    await repos.close();
    const again = await openLowdbRepositories(file);
    expect(await again.events.listUnfinished(100)).toHaveLength(25);
    await again.close();
  });

  it('when recording a newer event fails to save, then an older one about the same contact is not taken for stale, and the failed one can be recorded again', async () => {
    const data = join(dir, 'data');
    await mkdir(data);
    const file = join(data, 'store.json');
    const repos = await openLowdbRepositories(file);
    const ev = (id: string, version: number) => ({ source: 'intercom' as const, externalId: id, workspaceId: 'ws_1', topic: 'contact.user.updated', subjectId: 'c_1', subjectVersion: version, detail: {}, occurredAt: 1 });
    expect((await repos.events.record(ev('first', 100), 1_000)).kind).toBe('stored');
    await rename(data, `${data}.away`);
    await writeFile(data, 'a file where the directory was');
    await expect(repos.events.record(ev('newer', 300), 1_001)).rejects.toMatchObject({ code: 'store_write_failed' });
    await rm(data);
    await rename(`${data}.away`, data);
    expect(await repos.events.hasNewer(ev('older', 200))).toBe(false);
    expect((await repos.events.record(ev('older', 200), 1_002)).kind).toBe('stored');
    expect((await repos.events.record(ev('newer', 300), 1_003)).kind).toBe('stored');
    expect((await repos.events.record(ev('oldest', 150), 1_004)).kind).toBe('stale');
    await repos.close();
  });
});
