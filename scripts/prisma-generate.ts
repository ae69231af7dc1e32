// `prisma generate` without the native schema engine, which cannot be downloaded on every machine.
// Generating needs no engine at all; the CLI only insists that the file exists, so any file will do.
// Never set this variable for `prisma migrate`: with it, migrate reports success and applies nothing
// (use `npm run db:migrate`, which runs the WebAssembly engine).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [prismaCli, 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url),
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);
