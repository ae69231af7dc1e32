// The feed route in the OpenAPI document (GET /openapi.json), beside the REST auth routes: it is
// not a GraphQL field (SOFA does not build it), so its description is written here.
import type { OpenAPIV3 } from 'openapi-types';
import { FEED_REFRESH_SECONDS } from './calendar.ics.ts';
import { CALENDAR_PATH } from './calendar.service.ts';

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

export const CALENDAR_OPENAPI_PATHS: { tag: OpenAPIV3.TagObject; paths: OpenAPIV3.PathsObject } = {
  tag: {
    name: 'calendar',
    description:
      'The calendar feed: interviews, note reminders, task due dates and job deadlines in the calendar ' +
      'format of RFC 5545, for calendar apps to subscribe to. Its URL is answered by the GraphQL mutation that ' +
      'rotates the calendar feed (README, "Calendar feed").',
  },
  paths: {
    [`${CALENDAR_PATH}/{token}.ics`]: {
      get: {
        operationId: 'calendarFeedIcs',
        tags: ['calendar'],
        summary: 'The calendar feed of the URL’s token.',
        description:
          'No Authorization header: the secret token in the path is the credential (calendar apps cannot ' +
          'send one). Deleted items stay 30 days as STATUS:CANCELLED; SEQUENCE grows on every change. ' +
          `REFRESH-INTERVAL and X-PUBLISHED-TTL ask apps to fetch every ${FEED_REFRESH_SECONDS / 60} minutes; ` +
          'send the ETag back in If-None-Match to get a 304 when nothing changed.',
        security: [],
        parameters: [
          {
            name: 'token',
            in: 'path',
            required: true,
            description: 'The feed’s secret token, as in the URL the GraphQL API answered.',
            schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
          },
          {
            name: 'If-None-Match',
            in: 'header',
            required: false,
            description: 'The ETag of a copy the client holds.',
            schema: { type: 'string' },
          },
        ],
        responses: {
          200: {
            description: 'The feed.',
            headers: {
              ETag: { description: 'A hash of the body.', required: true, schema: { type: 'string' } },
            },
            content: { 'text/calendar': { schema: { type: 'string' } } },
          },
          304: {
            description: 'Not modified: the If-None-Match ETag is the current one.',
            headers: { ETag: { description: 'The current ETag.', required: true, schema: { type: 'string' } } },
          },
          404: {
            description: 'NOT_FOUND: no feed has this token (never made, rotated or deleted).',
            content: errorContent,
          },
          405: {
            description: 'METHOD_NOT_ALLOWED: only GET and HEAD.',
            headers: { Allow: { description: 'GET, HEAD', required: true, schema: { type: 'string' } } },
            content: errorContent,
          },
          429: {
            description:
              'TOO_MANY_REQUESTS: this feed was fetched too often, or this address tried too many unknown ' +
              'tokens, in the last minute (CALENDAR_RATE_LIMIT_PER_MINUTE).',
            headers: {
              'Retry-After': { description: 'Seconds to wait.', required: true, schema: { type: 'integer' } },
            },
            content: errorContent,
          },
          503: {
            description: 'SERVICE_UNAVAILABLE: PostgreSQL cannot be reached; try again after Retry-After.',
            headers: {
              'Retry-After': { description: 'Seconds to wait.', required: true, schema: { type: 'integer' } },
            },
            content: errorContent,
          },
        },
      },
    },
  },
};
