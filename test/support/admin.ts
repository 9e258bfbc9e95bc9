import { expect } from 'vitest';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AdminScope, ALL_ADMIN_SCOPES } from '../../src/auth/admin-scopes';
import { ClientsService } from '../../src/auth/clients.service';
import { TestApp, tokenFor } from './test-app';

export const ADMIN = '/admin/v1';

/** HTTP with the bearer token of a new admin client holding these scopes (all by default). */
export async function adminAgent(t: TestApp, scopes: readonly AdminScope[] = ALL_ADMIN_SCOPES): Promise<TestAgent> {
  const credentials = await t.app.get(ClientsService).createAdmin('e2e admin', scopes);
  const token = await tokenFor(t.anonymous, credentials);
  return request.agent(t.app.getHttpServer()).set('Authorization', `Bearer ${token}`);
}

/** An admin API error body (RFC 9457 problem details). */
export function problem(status: number, detail: string | RegExp) {
  return {
    type: 'about:blank',
    title: expect.any(String),
    status,
    detail: typeof detail === 'string' ? detail : expect.stringMatching(detail),
  };
}
