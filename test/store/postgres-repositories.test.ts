import { afterAll, beforeAll, describe } from 'vitest';
import { openPostgresRepositories } from '../../src/store/postgres/index.js';
import { createTestDatabase, randomName, runPostgresTests, type TestDatabase } from '../helpers/postgres.js';
import { repositoryContract } from './repository-contract.js';

// The contract on the real server: this file's own database, a fresh schema for every test.

describe.skipIf(!runPostgresTests)('PostgreSQL adapter', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  repositoryContract('postgres', (o) => openPostgresRepositories({ connectionString: db.url, schema: randomName('t'), max: 4, ...o }));
});
