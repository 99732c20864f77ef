// A small gitignore-flavoured glob matcher for `--ignore`, so we need no extra dependency.
//   `*` any run of characters except `/`, `?` one such character, `**` any number of path segments.
//   A pattern without `/` matches a file or folder name at any depth (like .gitignore);
//   a pattern with `/` is anchored at the project root. A match on a folder covers everything under it.

function globToRegExpSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` → zero or more segments; trailing `**` → anything.
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if ('\\^$.|+()[]{}'.includes(c)) {
      out += '\\' + c;
    } else {
      out += c;
    }
  }
  return out;
}

export type PathMatcher = (relPath: string) => boolean;

/** Compile globs into one predicate over POSIX paths relative to the project root. */
export function compileIgnore(globs: string[]): PathMatcher {
  const regexes = globs
    .map((g) => g.trim().replace(/\\/g, '/'))
    .filter((g) => g.length > 0)
    .map((g) => {
      let pattern = g.replace(/^\.\//, '').replace(/\/+$/, '');
      const anchored = pattern.includes('/');
      pattern = pattern.replace(/^\//, '');
      const body = globToRegExpSource(pattern);
      // Matches the path itself or any folder prefix of it.
      return new RegExp(anchored ? `^${body}(?:/.*)?$` : `(?:^|/)${body}(?:/.*)?$`);
    });
  if (regexes.length === 0) return () => false;
  return (relPath) => regexes.some((re) => re.test(relPath));
}
