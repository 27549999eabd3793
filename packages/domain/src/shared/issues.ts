import type { z } from 'zod';

/** One reason a value was refused: `field` is a dotted path from the root (`data.effectiveDate`). */
export interface ValidationIssue {
  readonly field: string;
  readonly reason: string;
}

type PathKey = PropertyKey;

const joinPath = (prefix: string, path: readonly PathKey[]): string =>
  [prefix, ...path.map(String)].filter((part) => part !== '').join('.') || '(root)';

const valueAt = (root: unknown, path: readonly PathKey[]): unknown => {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
};

// Our schemas phrase their own reasons in lowercase ("must be ..."); zod's defaults start in capitals.
const isOwnReason = (message: string): boolean => /^[a-z]/.test(message);

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: 'an integer',
  number: 'a number',
  string: 'a text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

const quote = (value: unknown): string => JSON.stringify(value);

const sizeReason = (issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string => {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const bound = small ? 'at least' : 'at most';
  switch (issue.origin) {
    case 'string':
      return small && limit === 1 ? 'must not be empty' : `must have ${bound} ${limit} characters`;
    case 'array':
    case 'set':
      return small && limit === 1
        ? 'must have at least one item'
        : `must have ${bound} ${limit} items`;
    default:
      if (issue.inclusive === false) return `must be ${small ? 'greater' : 'less'} than ${limit}`;
      return `must be ${bound} ${limit}`;
  }
};

const REQUIRED_CODES: ReadonlySet<string> = new Set([
  'invalid_type',
  'invalid_value',
  'invalid_union',
  'invalid_format',
]);

const reasonOf = (issue: z.core.$ZodIssue, input: unknown, path: readonly PathKey[]): string => {
  if (REQUIRED_CODES.has(issue.code) && valueAt(input, path) === undefined) return 'is required';
  switch (issue.code) {
    case 'invalid_type':
      if (isOwnReason(issue.message)) return issue.message;
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      if (isOwnReason(issue.message)) return issue.message;
      return issue.values.length === 1
        ? `must be ${quote(issue.values[0])}`
        : `must be one of ${issue.values.map(quote).join(', ')}`;
    case 'invalid_union':
      if ('options' in issue && issue.options !== undefined && issue.options.length > 0) {
        return `must be one of ${issue.options.map(quote).join(', ')}`;
      }
      return isOwnReason(issue.message) ? issue.message : 'does not match any accepted shape';
    case 'too_small':
    case 'too_big':
      return isOwnReason(issue.message) ? issue.message : sizeReason(issue);
    case 'invalid_format':
      return isOwnReason(issue.message) ? issue.message : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return isOwnReason(issue.message) ? issue.message : 'is not valid';
  }
};

/** Turns zod issues into plain-English issues whose fields are dotted paths under `prefix`. */
export const toValidationIssues = (
  error: z.ZodError,
  input: unknown,
  prefix = '',
): ValidationIssue[] =>
  error.issues.flatMap((issue): ValidationIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: joinPath(prefix, [...issue.path, key]),
        reason: 'is not a known field',
      }));
    }
    return [{ field: joinPath(prefix, issue.path), reason: reasonOf(issue, input, issue.path) }];
  });
