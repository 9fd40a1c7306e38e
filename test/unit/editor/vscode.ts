// Imported first by a unit test of the editor layer: from then on, the
// services' `require('vscode')` loads the stand-in in fakeVscode.ts (tests run
// as CommonJS under tsx, so resolving the name is the one place to hook).
import Module from 'node:module';

const fakePath = require.resolve('./fakeVscode');
const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = loader._resolveFilename.bind(Module);
loader._resolveFilename = (request: string, ...rest: unknown[]): string => (request === 'vscode' ? fakePath : resolve(request, ...rest));

export * from './fakeVscode';
