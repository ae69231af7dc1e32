// The portability feature's public face: other modules and the composition root import only this
// file. Importing it registers importJobs and the ImportReport types on the schema builder.
import './portability.graphql.ts';

export { PortabilityService, type ImportOptions, type ImportReport } from './portability.service.ts';
export {
  EXPORT_CSV_PATH,
  EXPORT_JSON_PATH,
  IMPORT_PATH,
  PORTABILITY_PATHS,
  usePortabilityRoutes,
  type PortabilityRouteOptions,
} from './portability.rest.ts';
export { CSV_COLUMNS, EXPORT_VERSION, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from './portability.format.ts';
export { PORTABILITY_OPENAPI } from './portability.openapi.ts';
export { transfersFor } from './portability.slots.ts';
