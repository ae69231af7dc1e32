// The README's "Finding applications" examples run as written, in order, for a user with the
// three jobs the section describes: the placeholders "end-cursor", "view-uuid" and "new-job-uuid"
// become the endCursor, the saved view's id and the created job's id the earlier examples
// answered, and "job-uuid" is Acme's id. No block errors, every
// mutation succeeds, and a JSON block after an example is what that example answers.
import { describe, expect, it } from 'vitest';
import { readmeExamples } from '../support/readme.ts';
import { useSdkTestApp } from '../support/sdk.ts';

const t = useSdkTestApp();

describe('README: Finding applications', () => {
  it('every example runs, in order, and answers what the README shows', async () => {
    const user = await t.createUser();
    const jobs = t.app.services.jobs;
    const job = (companyName: string, data: Record<string, unknown>, minute: number) =>
      t.db.job.create({
        data: {
          userId: user.id,
          companyName,
          position: 'Engineer',
          createdAt: new Date(Date.UTC(2024, 2, 1, 0, minute)),
          ...data,
        },
      });
    const acme = await job('Acme', { status: 'applied', appliedOn: new Date('2024-01-15') }, 0);
    const globex = await job('Globex', { status: 'interviewing', appliedOn: new Date('2024-02-01') }, 1);
    await job('Initech', { status: 'wishlist' }, 2);
    await jobs.update(user.id, acme.id, { tags: ['remote'] });
    await jobs.update(user.id, globex.id, { tags: ['Remote'] });

    const examples = readmeExamples('Finding applications');
    expect(examples.length).toBeGreaterThanOrEqual(6);
    const found = new Map<string, string>([['job-uuid', acme.id]]);
    const fill = (text: string) =>
      text.replace(/"(end-cursor|view-uuid|new-job-uuid|job-uuid)"/g, (placeholder, name: string) => {
        const value = found.get(name);
        expect(value, `${placeholder} before any example answered one`).toBeDefined();
        return JSON.stringify(value);
      });
    for (const example of examples) {
      const document = fill(example.graphql);
      const { status, data, errors } = await t.graphql<Record<string, Record<string, unknown>>>(document, {
        token: user.token,
      });
      expect(errors, document).toBeUndefined();
      expect(status).toBe(200);
      const [root] = Object.values(data ?? {});
      if (root && 'success' in root) expect(root.success, JSON.stringify(root)).toBe(true);
      const endCursor = (root?.pageInfo as { endCursor?: string } | undefined)?.endCursor;
      if (endCursor) found.set('end-cursor', endCursor);
      const viewId = (root?.savedView as { id?: string } | undefined)?.id;
      if (viewId) found.set('view-uuid', viewId);
      const created = root && 'possibleDuplicates' in root ? (root.job as { id?: string } | undefined)?.id : undefined;
      if (created) found.set('new-job-uuid', created);
      if (example.answer) expect(root).toMatchObject(JSON.parse(fill(JSON.stringify(example.answer))) as object);
    }
    expect([...found.keys()].sort()).toEqual(['end-cursor', 'job-uuid', 'new-job-uuid', 'view-uuid']);
    // The example merged the created job into Acme: three jobs again.
    expect(await t.db.job.count({ where: { userId: user.id } })).toBe(3);
  });
});
