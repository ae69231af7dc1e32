// docs/ARCHITECTURE.md: a feature owns its tables. The portability module owns none: an import
// hands each module its rows through that module's bulk path (importIn) and never writes a table
// or schedules a reminder itself, except the temporary copy it matches batches against.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PORTABILITY = fileURLToPath(new URL('../../src/modules/portability/', import.meta.url));

const sources = readdirSync(PORTABILITY)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(`${PORTABILITY}${name}`, 'utf8') }));

describe('the portability module', () => {
  it('writes no table of another module and calls no reminder hook', () => {
    const writes = sources.flatMap(({ name, text }) =>
      [
        ...text.matchAll(
          /INSERT\s+INTO\s+(?!import_existing_jobs)\w+|UPDATE\s+\w+\s+SET|DELETE\s+FROM|\btx\.\w+\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\(|\b(reschedule|rescheduleMany|rescheduleInterviewsOf)\(/g,
        ),
      ].map((match) => `${name}: ${match[0]}`),
    );
    expect(writes).toEqual([]);
  });

  it('hands the import to each owning module through its bulk path', () => {
    const service = sources.find(({ name }) => name === 'portability.service.ts')?.text ?? '';
    for (const call of [
      'this.jobs.importIn(',
      'this.writers.notes.importIn(',
      'this.writers.contacts.importIn(',
      'this.writers.contacts.importJobLinksIn(',
      'this.writers.interviews.importIn(',
      'this.writers.tasks.importIn(',
      'this.writers.tasks.importStandaloneIn(',
      'this.jobs.savedViews.importIn(',
      'this.writers.users.importSettingsIn(',
    ])
      expect(service, call).toContain(call);
  });
});
