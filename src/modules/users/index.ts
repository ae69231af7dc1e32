// The users feature's public face: other modules and the composition root import only this file.
// Importing it registers the User type and `me` on the schema builder.
export { UserObject } from './user.graphql.ts';
export { UserService } from './user.service.ts';
