// The examples of one README section, for the tests that run them as written: each ```graphql
// block in order, with the ```json block after it (what it answers), when there is one.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export interface ReadmeExample {
  graphql: string;
  answer?: Record<string, unknown>;
}

/** The examples of the README section `## <heading>`, up to the next `## `. */
export function readmeExamples(heading: string): ReadmeExample[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  const examples: ReadmeExample[] = [];
  for (const [, language, body] of section.matchAll(/```(graphql|json)\n([\s\S]*?)```/g)) {
    if (language === 'graphql') examples.push({ graphql: body! });
    else examples.at(-1)!.answer = JSON.parse(body!) as Record<string, unknown>;
  }
  return examples;
}
