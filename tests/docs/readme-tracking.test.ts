// The README's "Tracking applications" examples run as written: each GraphQL block, in order, as
// one signed-in user, with the placeholder ids ("job-uuid", ...) replaced by the ids the earlier
// examples created. Every mutation succeeds, no block errors, and a JSON block after an example
// is what that example answers (its root field's value contains it).
import { describe, expect, it } from 'vitest';
import { readmeExamples } from '../support/readme.ts';
import { useSdkTestApp } from '../support/sdk.ts';

const t = useSdkTestApp();

/** Every `success` anywhere in an answer. */
function successes(value: unknown): boolean[] {
  if (Array.isArray(value)) return value.flatMap(successes);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'success' ? [inner as boolean] : successes(inner)));
}

describe('README: Tracking applications', () => {
  it('every example runs, in order, and answers what the README shows', async () => {
    const user = await t.createUser();
    const examples = readmeExamples('Tracking applications');
    expect(examples.length).toBeGreaterThanOrEqual(8);
    const ids = new Map<string, string>();
    for (const example of examples) {
      const document = example.graphql.replace(/"(job|contact|task)-uuid"/g, (placeholder, kind: string) => {
        const id = ids.get(kind);
        expect(id, `${placeholder} before any example created one`).toBeDefined();
        return JSON.stringify(id);
      });
      const { status, data, errors } = await t.graphql<Record<string, Record<string, unknown>>>(document, {
        token: user.token,
      });
      expect(errors, document).toBeUndefined();
      expect(status).toBe(200);
      expect(successes(data).every(Boolean), `${document}\n${JSON.stringify(data)}`).toBe(true);
      const [root] = Object.values(data ?? {});
      for (const kind of ['job', 'contact', 'task']) {
        const created = root?.[kind] as { id?: string } | undefined;
        if (created?.id && !ids.has(kind)) ids.set(kind, created.id);
      }
      if (example.answer) expect(root).toMatchObject(example.answer);
    }
    expect([...ids.keys()].sort()).toEqual(['contact', 'job', 'task']);
  });
});
