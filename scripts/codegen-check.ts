// Fails when the committed schema/schema.graphql or src/sdk/generated/ differs from what
// `npm run codegen` would write now. Generates in memory (no temp files, no git), formats the
// output with prettier as the codegen hook does, and compares file by file, so it also reports
// generated files that are missing or left over. Used by `npm run codegen:check` and the tests.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { format, resolveConfig } from 'prettier';
import { printedSchema, SCHEMA_FILE } from './print-schema.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SDK_GENERATED_DIR = path.join(ROOT, 'src/sdk/generated');

interface GeneratedFile {
  filename: string;
  content: string;
}

/** What `npm run codegen` writes, by absolute path, formatted. */
export async function expectedCodegenFiles(): Promise<Map<string, string>> {
  const { config } = await loadCodegenConfig({ configFilePath: path.join(ROOT, 'codegen.yml') });
  // The SDK is generated from the schema the code defines now, not from the committed file, so a
  // stale schema cannot hide a stale SDK.
  const outputs = (await generate(
    { ...config, schema: printedSchema(), cwd: ROOT, silent: true, hooks: {} },
    false,
  )) as GeneratedFile[];
  const files = new Map<string, string>([[SCHEMA_FILE, printedSchema()]]);
  for (const { filename, content } of outputs) {
    const file = path.resolve(ROOT, filename);
    files.set(file, await format(content, { ...(await resolveConfig(file)), filepath: file }));
  }
  return files;
}

/** Paths (relative to the project) that are stale, missing or should not be there; empty when up to date. */
export async function staleCodegenFiles(): Promise<string[]> {
  const expected = await expectedCodegenFiles();
  const stale: string[] = [];
  for (const [file, content] of expected) {
    const committed = await readFile(file, 'utf8').catch(() => undefined);
    if (committed !== content) stale.push(path.relative(ROOT, file));
  }
  const present = await readdir(SDK_GENERATED_DIR, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of present) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !expected.has(file)) stale.push(path.relative(ROOT, file));
  }
  return stale.sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const stale = await staleCodegenFiles();
  if (stale.length > 0) {
    console.error(`Stale generated files (run \`npm run codegen\` and commit them):\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log('schema/schema.graphql and src/sdk/generated/ are up to date.');
}
