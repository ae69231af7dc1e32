// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The plumbing: it offers small registration interfaces and knows no feature. */
const PLUMBING = ['graphql', 'http', 'metrics', 'infra', 'config', 'lib'];
const PLUMBING_MESSAGE =
  'Plumbing (src/graphql, http, metrics, infra, config, lib) imports nothing from src/modules: define a small ' +
  'interface here and let the module register through it (docs/ARCHITECTURE.md).';
const COMPOSITION_ROOT_MESSAGE =
  'Only the composition root (src/app.ts, src/services.ts, src/schema.ts) knows every module: nothing below it ' +
  'imports it (docs/ARCHITECTURE.md).';

/** Regular expressions over the import string, for `no-restricted-imports`. */
const MODULES_IMPORT = String.raw`(^|/)modules/`;
const COMPOSITION_ROOT_IMPORT = String.raw`^(\.\./)+(app|services|schema|server|main)\.[cm]?[jt]s$`;

const PLUMBING_RESTRICTIONS = [
  { regex: MODULES_IMPORT, message: PLUMBING_MESSAGE },
  { regex: COMPOSITION_ROOT_IMPORT, message: COMPOSITION_ROOT_MESSAGE },
];

const MODULE_RESTRICTIONS = [
  {
    // From src/modules/<a>/x.ts: `../<b>/anything-but-index.ts`, or any path through `modules/<b>/`.
    regex: String.raw`^\.\./(?!\.\.)[^/]+/(?!index\.ts$)|(^|/)modules/[^/]+/(?!index\.ts$)`,
    message: "A module imports another module only through that module's index.ts (docs/ARCHITECTURE.md).",
  },
  { regex: COMPOSITION_ROOT_IMPORT, message: COMPOSITION_ROOT_MESSAGE },
];

export default tseslint.config(
  // src/sdk/generated/ is written by `npm run codegen` (graphql-codegen), not by hand.
  { ignores: ['node_modules/', 'dist/', 'src/generated/', 'src/sdk/generated/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // yoga and envelop hand hooks a payload of functions that are meant to be destructured.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // The layout (docs/ARCHITECTURE.md): plumbing imports no feature module and not the composition
  // root; a module reaches another module only through its index.ts. One files block per layer, so
  // that each file gets exactly one set of restricted imports (a later block would replace it).
  {
    files: [`src/{${PLUMBING.join(',')}}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: PLUMBING_RESTRICTIONS }],
      'no-restricted-syntax': [
        'error',
        {
          selector: String.raw`ImportExpression[source.value=/(^|\x2F)modules\x2F/]`,
          message: PLUMBING_MESSAGE,
        },
      ],
    },
  },
  {
    files: ['src/modules/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: MODULE_RESTRICTIONS }] },
  },
  {
    // Tests read loosely typed GraphQL responses.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
