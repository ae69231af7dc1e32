// GraphQL for tags (SPEC Part 2, "Decisions: Tags"): the `tags` query and renameTag/deleteTag.
// Job.tags and the `tags` of the job inputs are in job.graphql.ts.
import { builder } from '../../graphql/builder.ts';
import { attempt, MutationPayload, type Outcome } from '../../graphql/payload.ts';
import { tagsByJobLoader } from './job.loaders.ts';
import type { TagView } from './job.tags.ts';
import { TAG_MAX } from './job.validation.ts';

const TagObject = builder.objectRef<TagView>('Tag').implement({
  description: 'One of your tags, with how many of your jobs carry it.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'As you first wrote it.' }),
    count: t.exposeInt('count', { description: 'Your jobs (archived ones included) that carry it.' }),
  }),
});

const TagPayload = builder.objectRef<Outcome<TagView>>('TagPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    tag: t.field({ type: TagObject, nullable: true, resolve: (outcome) => outcome.value }),
  }),
});

const DeleteTagPayload = builder.objectRef<Outcome<string>>('DeleteTagPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    deletedId: t.id({ nullable: true, description: 'The deleted tag’s name.', resolve: (outcome) => outcome.value }),
  }),
});

const TAG_ARG_HELP = `A tag's name, in any case; 1 to ${TAG_MAX} characters.`;

builder.queryField('tags', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: [TagObject],
    description: 'Your tags that at least one job carries, by name, with their counts.',
    resolve: (_root, _args, context) => context.services.jobs.tags.list(context.viewer.userId),
  }),
);

builder.mutationFields((t) => ({
  renameTag: t.withAuth({ authenticated: true }).field({
    type: TagPayload,
    description:
      'Renames a tag on all your jobs; when you already have `to` (in any case), merges into it. NOT_FOUND (field `from`) for a tag you do not use.',
    args: {
      from: t.arg.string({ required: true, description: TAG_ARG_HELP }),
      to: t.arg.string({ required: true, description: TAG_ARG_HELP }),
    },
    resolve: (_root, args, context) =>
      attempt('Tag renamed successfully', async () => {
        const tag = await context.services.jobs.tags.rename(context.viewer.userId, args.from, args.to);
        context.loaders.get(tagsByJobLoader).clearAll();
        return tag;
      }),
  }),
  deleteTag: t.withAuth({ authenticated: true }).field({
    type: DeleteTagPayload,
    description: 'Removes a tag from all your jobs. NOT_FOUND (field `name`) for a tag you do not use.',
    args: { name: t.arg.string({ required: true, description: TAG_ARG_HELP }) },
    resolve: (_root, args, context) =>
      attempt('Tag deleted successfully', async () => {
        const name = await context.services.jobs.tags.delete(context.viewer.userId, args.name);
        context.loaders.get(tagsByJobLoader).clearAll();
        return name;
      }),
  }),
}));
