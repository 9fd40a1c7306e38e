// Flat config: typescript-eslint's recommended rules, plus the rules that keep
// the architecture honest: src/plan is pure and never sees the editor API, and
// in src/editor the services and views sit below the user flows in commands/,
// and the services below the views.
// eslint-plugin-regexp's recommended rules hold every pattern in src to linear
// time: plans are untrusted text, and one backtracking pattern over a long line
// froze the extension host for a minute.
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

/**
 * The fence of one room of src/plan: never the editor API or editor code, and
 * none of the rooms named in `above` (type-only imports allowed).
 * @param {string} files
 * @param {string[]} above
 */
function planRoom(files, above) {
  const pure = [{ group: ['**/editor/**'], message: 'src/plan must not depend on editor code.' }];
  const layers = above.map((room) => ({ group: [`../${room}/*`, `../../${room}/*`], allowTypeImports: true, message: `This room of src/plan sits below ${room}/: it must not import it.` }));
  return [
    {
      files: [files],
      rules: {
        'no-restricted-imports': 'off',
        '@typescript-eslint/no-restricted-imports': [
          'error',
          {
            paths: [{ name: 'vscode', message: 'src/plan is pure: it must not import the editor API.' }],
            patterns: [...pure, ...layers],
          },
        ],
      },
    },
  ];
}

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
  // src/plan's rooms in layers: formats, then read, rules, write, and present
  // on top; the timeline reads beside the rules. A room imports only the rooms
  // below it (types excepted: a reader may name the edit type it hands out).
  ...planRoom('src/plan/*.ts', []),
  ...planRoom('src/plan/formats/**/*.ts', ['read', 'rules', 'write', 'present', 'timeline']),
  ...planRoom('src/plan/read/**/*.ts', ['rules', 'write', 'present', 'timeline']),
  ...planRoom('src/plan/rules/**/*.ts', ['write', 'present', 'timeline']),
  ...planRoom('src/plan/timeline/**/*.ts', ['rules', 'write', 'present']),
  ...planRoom('src/plan/write/**/*.ts', ['present', 'timeline']),
  ...planRoom('src/plan/present/**/*.ts', []),
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
      // The services reach the editor through ../common/*.apis.ts, the seam unit tests stub.
      'no-restricted-properties': [
        'error',
        { object: 'vscode', property: 'window', message: 'Services call the editor through src/editor/common/window.apis.ts.' },
        { object: 'vscode', property: 'workspace', message: 'Services call the editor through src/editor/common/workspace.apis.ts.' },
      ],
    },
  },
);
