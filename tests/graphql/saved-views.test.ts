// Saved views over GraphQL, through the SDK: save (the same name in any case replaces it),
// list, apply with jobsConnection(view:) (explicit arguments win), delete; a view's filter is
// checked on save by jobsConnection's parser; another user's view answers like a missing one.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DeleteSavedViewDocument,
  JobsConnectionDocument,
  SavedViewsDocument,
  SaveViewDocument,
} from '../../src/sdk/index.ts';
import { requestError, useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const t = useSdkTestApp();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  let minute = 0;
  for (const [companyName, status] of [
    ['Acme', 'applied'],
    ['Beta', 'interviewing'],
    ['Cobalt', 'applied'],
    ['Delta', 'offer'],
  ] as const) {
    await t.db.job.create({
      data: {
        userId: ann.id,
        companyName,
        position: 'Engineer',
        status,
        createdAt: new Date(Date.UTC(2024, 0, 1, 0, minute++)),
      },
    });
  }
});

const names = (page: { jobsConnection: { edges: { node: { companyName: string } }[] } }) =>
  page.jobsConnection.edges.map((edge) => edge.node.companyName);

describe('saveView and savedViews', () => {
  it('saves, lists by name, and replaces a view saved again under the same name in another case', async () => {
    const sdk = t.sdk(ann.token);
    const { saveView } = await sdk.request(SaveViewDocument, {
      name: 'Open ones',
      filter: { status: ['applied', 'interviewing'], appliedFrom: '2024-01-01' },
      orderBy: { field: 'company_name', direction: 'desc' },
    });
    expect(saveView).toMatchObject({
      success: true,
      code: null,
      savedView: {
        name: 'Open ones',
        filter: { status: ['applied', 'interviewing'], appliedFrom: '2024-01-01', tags: null, archived: null },
        search: null,
        orderBy: { field: 'company_name', direction: 'desc' },
      },
    });
    await sdk.request(SaveViewDocument, { name: 'Another', search: 'acme' });
    const again = await sdk.request(SaveViewDocument, { name: 'OPEN ONES', filter: { status: ['offer'] } });
    expect(again.saveView.savedView).toMatchObject({
      id: saveView.savedView!.id,
      name: 'OPEN ONES',
      filter: { status: ['offer'], appliedFrom: null },
      orderBy: null,
    });
    const { savedViews } = await sdk.request(SavedViewsDocument);
    expect(savedViews.map((view) => view.name)).toEqual(['Another', 'OPEN ONES']);
    expect((await t.sdk(bob.token).request(SavedViewsDocument)).savedViews).toEqual([]);
  });

  it.each([
    [{ name: '' }, 'name', 'name must not be empty'],
    [{ name: 'x'.repeat(101) }, 'name', 'name must be at most 100 characters'],
    [
      { name: 'v', filter: { appliedFrom: '2024-02-30' } },
      'filter.appliedFrom',
      'filter.appliedFrom must be a date in the form YYYY-MM-DD, e.g. 2024-01-15',
    ],
    [{ name: 'v', filter: { tags: [''] } }, 'filter.tags.0', 'filter.tags.0 must not be empty'],
    [{ name: 'v', search: 'x'.repeat(201) }, 'search', 'search must be at most 200 characters'],
  ])('refuses %j naming %s, saving nothing', async (variables, field, message) => {
    const { saveView } = await t.sdk(ann.token).request(SaveViewDocument, variables);
    expect(saveView).toEqual({ success: false, code: 'BAD_USER_INPUT', field, message, savedView: null });
    expect(await t.db.savedView.count({ where: { userId: ann.id } })).toBe(0);
  });
});

describe('jobsConnection(view:)', () => {
  it('applies the view; explicit filter, search or orderBy win over its own', async () => {
    const sdk = t.sdk(ann.token);
    const { saveView } = await sdk.request(SaveViewDocument, {
      name: 'Applied',
      filter: { status: ['applied'] },
      orderBy: { field: 'company_name', direction: 'desc' },
    });
    const view = saveView.savedView!.id;
    expect(names(await sdk.request(JobsConnectionDocument, { view }))).toEqual(['Cobalt', 'Acme']);
    expect(
      names(await sdk.request(JobsConnectionDocument, { view, orderBy: { field: 'company_name', direction: 'asc' } })),
    ).toEqual(['Acme', 'Cobalt']);
    expect(
      names(await sdk.request(JobsConnectionDocument, { view, filter: { status: ['offer', 'interviewing'] } })),
    ).toEqual(['Delta', 'Beta']);
    expect(names(await sdk.request(JobsConnectionDocument, { view, search: 'acme' }))).toEqual(['Acme']);
    // Its cursors page the view's order.
    const first = await sdk.request(JobsConnectionDocument, { view, first: 1 });
    const next = await sdk.request(JobsConnectionDocument, {
      view,
      first: 1,
      after: first.jobsConnection.pageInfo.endCursor,
    });
    expect(names(next)).toEqual(['Acme']);
  });

  it('a page through a view is 3 statements with totalCount: the view, the page, the count', async () => {
    const { saveView } = await t.sdk(ann.token).request(SaveViewDocument, { name: 'All', filter: { archived: false } });
    t.sqlStatements.length = 0;
    const page = await t.sdk(ann.token).request(JobsConnectionDocument, { view: saveView.savedView!.id });
    expect(page.jobsConnection.totalCount).toBe(4);
    // The account check is left out (SPEC: statement counts exclude the per-request session check).
    expect(t.sqlStatements.length - 1).toBe(3);
  });

  it('another user’s view answers like a missing one (NOT_FOUND naming view), and shows none of its jobs', async () => {
    const { saveView } = await t
      .sdk(ann.token)
      .request(SaveViewDocument, { name: 'Mine', filter: { status: ['applied'] } });
    const asBob = await requestError(
      t.sdk(bob.token).request(JobsConnectionDocument, { view: saveView.savedView!.id }),
    );
    const missing = await requestError(t.sdk(bob.token).request(JobsConnectionDocument, { view: MISSING_ID }));
    expect(asBob.errors).toEqual(missing.errors);
    expect(missing.errors[0]).toMatchObject({
      message: 'Saved view not found',
      extensions: { code: 'NOT_FOUND', field: 'view' },
    });
  });
});

describe('deleteSavedView', () => {
  it('deletes the owner’s view; another user’s is NOT_FOUND and stays', async () => {
    const { saveView } = await t.sdk(ann.token).request(SaveViewDocument, { name: 'Mine' });
    const id = saveView.savedView!.id;
    const asBob = await t.sdk(bob.token).request(DeleteSavedViewDocument, { id });
    expect(asBob.deleteSavedView).toEqual({
      success: false,
      code: 'NOT_FOUND',
      field: 'id',
      message: 'Saved view not found',
      deletedId: null,
    });
    expect(await t.db.savedView.count({ where: { userId: ann.id } })).toBe(1);
    const deleted = await t.sdk(ann.token).request(DeleteSavedViewDocument, { id });
    expect(deleted.deleteSavedView).toMatchObject({ success: true, deletedId: id });
    expect(await t.db.savedView.count({ where: { userId: ann.id } })).toBe(0);
    const again = await t.sdk(ann.token).request(DeleteSavedViewDocument, { id });
    expect(again.deleteSavedView).toMatchObject({ success: false, code: 'NOT_FOUND' });
  });
});
