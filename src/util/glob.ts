// A glob as a regular expression, for the simple globs plan locations use:
// `**` (any folders), `*` and `?` within one path segment. Braces and
// character classes are not read: `isSimpleGlob` says when this applies.

export function isSimpleGlob(glob: string): boolean {
  return !/[[\]{}!]/.test(glob);
}

/** Matches `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith('**/', i)) {
      re += '(?:[^/]+/)*';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (glob[i] === '*') re += '[^/]*';
    else if (glob[i] === '?') re += '[^/]';
    else re += glob[i]!.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
