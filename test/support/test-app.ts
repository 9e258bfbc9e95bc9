import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  dataSource: DataSource;
  db: TestDatabase;
  http: TestAgent;
  close(): Promise<void>;
}

/** The real application on a fresh database of its own (SQLite file, or a PostgreSQL schema). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const app = await createApp({
    env: { DATABASE_URL: db.url, DEMO_DATA: 'false', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: '', ...env },
  });
  return {
    app,
    db,
    dataSource: app.get(DataSource),
    http: request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export const API = '/ims/oneroster/v1p1';
