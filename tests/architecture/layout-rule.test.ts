// The layout rule of docs/ARCHITECTURE.md, proven on the project's own ESLint config: a planted
// import that breaks it fails `npm run lint` with the rule's message, and a legit one passes.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAYOUT_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;

beforeAll(() => {
  // The project's config, with only the layout rules run and without type information: a planted
  // file is not on disk, so the TypeScript project service cannot open it (and they need none).
  eslint = new ESLint({
    cwd: ROOT,
    ruleFilter: ({ ruleId }) => LAYOUT_RULES.has(ruleId),
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: false } } },
  });
});

/** The layout errors ESLint reports for `code` as if it were the file at `filePath`. */
async function layoutErrors(filePath: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  // A parse or config problem would hide the rule: fail loudly instead.
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  return messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

describe('plumbing imports no module', () => {
  it('rejects an import from src/modules in src/http', async () => {
    const errors = await layoutErrors(
      'src/http/planted.ts',
      "import { AUTH_ROUTES } from '../modules/auth/index.ts';\nexport const routes = AUTH_ROUTES;\n",
    );
    expect(errors).toEqual([
      { ruleId: 'no-restricted-imports', message: expect.stringContaining('imports nothing from src/modules') },
    ]);
  });

  it('rejects a type-only import and a re-export from a module, in every plumbing folder', async () => {
    for (const folder of ['graphql', 'http', 'metrics', 'infra', 'config', 'lib']) {
      const errors = await layoutErrors(
        `src/${folder}/planted.ts`,
        "import type { OtpModule } from '../modules/auth/otp.rules.ts';\n" +
          "export { JobService } from '../modules/jobs/index.ts';\n" +
          'export type Planted = OtpModule;\n',
      );
      expect(errors.map((error) => error.ruleId)).toEqual(['no-restricted-imports', 'no-restricted-imports']);
    }
  });

  it('rejects a lazy import() of a module', async () => {
    const errors = await layoutErrors(
      'src/graphql/planted.ts',
      "export const load = () => import('../modules/jobs/index.ts');\n",
    );
    expect(errors).toEqual([
      { ruleId: 'no-restricted-syntax', message: expect.stringContaining('imports nothing from src/modules') },
    ]);
  });

  it('rejects an import of the composition root (services.ts, app.ts, schema.ts)', async () => {
    for (const root of ['services', 'app', 'schema']) {
      const errors = await layoutErrors(
        'src/metrics/planted.ts',
        `import type * as Root from '../${root}.ts';\nexport type Planted = typeof Root;\n`,
      );
      expect(errors).toEqual([
        { ruleId: 'no-restricted-imports', message: expect.stringContaining('Only the composition root') },
      ]);
    }
  });

  it('accepts imports of other plumbing and of generated code', async () => {
    const errors = await layoutErrors(
      'src/http/planted.ts',
      "import { AppError } from '../lib/errors.ts';\n" +
        "import type { Metrics } from '../metrics/metrics.ts';\n" +
        "import { Prisma } from '../generated/prisma/client.ts';\n" +
        'export const planted = [AppError, Prisma] as const;\nexport type Planted = Metrics;\n',
    );
    expect(errors).toEqual([]);
  });
});

describe('a module reaches another module only through its index.ts', () => {
  it("rejects an import of another module's file", async () => {
    const errors = await layoutErrors(
      'src/modules/notes/planted.ts',
      "import { jobJson } from '../jobs/job.views.ts';\nexport const planted = jobJson;\n",
    );
    expect(errors).toEqual([
      { ruleId: 'no-restricted-imports', message: expect.stringContaining("only through that module's index.ts") },
    ]);
  });

  it('rejects the same file reached through src/modules, and a module importing the composition root', async () => {
    const errors = await layoutErrors(
      'src/modules/auth/planted.ts',
      "import { UserObject } from '../../modules/users/user.graphql.ts';\n" +
        "import type { Services } from '../../services.ts';\n" +
        'export const planted = UserObject;\nexport type Planted = Services;\n',
    );
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringContaining("only through that module's index.ts"),
      expect.stringContaining('Only the composition root'),
    ]);
  });

  it("accepts another module's index.ts, its own files and the plumbing", async () => {
    const errors = await layoutErrors(
      'src/modules/notes/planted.ts',
      "import { JobObject } from '../jobs/index.ts';\n" +
        "import { NOTE_JSON } from './note.views.ts';\n" +
        "import { builder } from '../../graphql/builder.ts';\n" +
        "import { AppError } from '../../lib/errors.ts';\n" +
        'export const planted = [JobObject, NOTE_JSON, builder, AppError] as const;\n',
    );
    expect(errors).toEqual([]);
  });
});

describe('the composition root', () => {
  it('may import every module, through its index.ts', async () => {
    const errors = await layoutErrors(
      'src/services.ts',
      "import { JobService } from './modules/jobs/index.ts';\nexport const planted = JobService;\n",
    );
    expect(errors).toEqual([]);
  });
});
