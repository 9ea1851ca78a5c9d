/**
 * IAM wildcard matching (`*` any run, `?` one character), shared by actions, resources and
 * StringLike/ArnLike conditions. Compiled patterns are cached: a scan of thousands of buckets
 * matches the same few dozen patterns over and over.
 */
const compiled = new Map<string, RegExp>();
const MAX_CACHED = 10_000;

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let regex = compiled.get(key);
  if (!regex) {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    regex = new RegExp(`^${escaped}$`, ignoreCase ? 'is' : 's');
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(key, regex);
  }
  return regex.test(value);
}
