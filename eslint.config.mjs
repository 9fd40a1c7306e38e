// Flat config: typescript-eslint's recommended rules, plus the rules that keep
// the architecture honest: src/plan is pure and never sees the editor API, and
// in src/editor the services and views sit below the user flows in commands/,
// and the services below the views.
// eslint-plugin-regexp's recommended rules hold every pattern in src to linear
// time: plans are untrusted text, and one backtracking pattern over a long line
// froze the extension host for a minute.
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', '.demo/**', 'test/e2e/artifacts/**', '**/*.vsix'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ...regexp.configs['flat/recommended'],
    rules: {
      ...regexp.configs['flat/recommended'].rules,
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    files: ['src/plan/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/plan is pure: it must not import the editor API.' }],
          patterns: [{ group: ['**/editor/**'], message: 'src/plan must not depend on editor code.' }],
        },
      ],
    },
  },
  {
    files: ['src/editor/**/*.ts'],
    ignores: ['src/editor/commands/**', 'src/editor/extension.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/commands/*', './commands', '../commands'], message: 'Services and views never import the user flows in src/editor/commands.' }],
        },
      ],
    },
  },
  {
    // The services hold the state the views render; index.ts, the bag every command is handed, names them all.
    files: ['src/editor/services/**/*.ts'],
    ignores: ['src/editor/services/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/commands/*', './commands', '../commands'], message: 'Services and views never import the user flows in src/editor/commands.' },
            { group: ['**/views/*', '../views'], message: 'Services sit below the views: a view reads a service, never the other way round.' },
          ],
        },
      ],
    },
  },
);
