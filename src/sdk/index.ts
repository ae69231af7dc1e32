// The typed client SDK of the API: `createClient` plus one typed document per operation of
// schema/operations/*.graphql (`RegisterDocument`, `JobsDocument`, …) with its `…Variables` and
// result types. src/sdk/generated/ is written by `npm run codegen`; do not edit it.
//
//   const api = createClient({ endpoint: 'https://api.example.com/graphql' });
//   await api.request(LoginDocument, { email, password });
//   const { verifyOtp } = await api.request(VerifyOtpDocument, { email, code, module: 'login' });
//   api.setToken(verifyOtp.accessToken);
//   const { jobs } = await api.request(JobsDocument, { status: 'applied' });
export * from './client.ts';
export * from './generated/graphql.ts';

import type { ResendOtpMutationVariables } from './generated/graphql.ts';
/** What a one-time code is for: a fixed-set scalar in the schema, this union here. */
export type OtpModule = ResendOtpMutationVariables['module'];
