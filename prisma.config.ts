// Prisma CLI configuration. Prisma 7 does not read .env by itself.
import './src/config/load-dotenv.ts';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
