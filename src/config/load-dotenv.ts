// Reads .env into process.env when the file exists; variables already set win.
// Imported first by entry points, before any module reads process.env.
import { config } from 'dotenv';

config({ quiet: true });
