// The users feature's public face: other modules and the composition root import only this file.
// Importing it registers the User type, `me`, Settings and `updateSettings` on the schema builder.
import './settings.graphql.ts';

export { UserObject } from './user.graphql.ts';
export { UserService } from './user.service.ts';
export { canonicalTimeZone, UTC } from './settings.validation.ts';
export type { SettingsView } from './settings.views.ts';
export type { SettingsChange } from './settings.validation.ts';
