/**
 * Running an editor's command from a form: the citation every command carries, the web's own
 * checks (in the reader's language), and the API's refusals turned into field errors, a conflict
 * or a refusal by role.
 */
import { fail } from '@sveltejs/kit';
import { refusalOf } from './refusal.ts';

export interface FormState {
  /** What the editor typed, to put back in the form. */
  readonly values: Record<string, string>;
  /** Field name → `reason` code or the API's own words. */
  readonly errors: Record<string, string>;
  /** The record moved on since the form was opened: its revision now. */
  readonly conflict?: { readonly currentRevision: number | null };
  /** Shown above the form: a refusal that names no field. */
  readonly message?: string;
}

/** Every text field of the form, trimmed. */
export const valuesOf = (form: FormData): Record<string, string> =>
  Object.fromEntries(
    [...form.entries()]
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([key, value]) => [key, value.trim()]),
  );

/** `required` for each named field left empty. */
export const requireFields = (
  values: Readonly<Record<string, string>>,
  names: readonly string[],
): Record<string, string> =>
  Object.fromEntries(
    names.filter((name) => (values[name] ?? '') === '').map((name) => [name, 'required']),
  );

const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** `not_a_partial_date` for each named field that is filled and is not a year, month or day. */
export const checkPartialDates = (
  values: Readonly<Record<string, string>>,
  names: readonly string[],
): Record<string, string> =>
  Object.fromEntries(
    names
      .filter((name) => (values[name] ?? '') !== '' && !PARTIAL_DATE.test(values[name] ?? ''))
      .map((name) => [name, 'not_a_partial_date']),
  );

/** The citation and the reason, as every command takes them. */
export const citationOf = (values: Readonly<Record<string, string>>) => ({
  source: {
    document: values.sourceDocument ?? '',
    ...(values.sourceSection ? { section: values.sourceSection } : {}),
    ...(values.sourceUrl ? { url: values.sourceUrl } : {}),
  },
  ...(values.reason ? { reason: values.reason } : {}),
});

/** The revision the editor decided on: the one offered on retry after a conflict, else the form's. */
export const expectedRevisionOf = (values: Readonly<Record<string, string>>): number | null => {
  const raw = values.retryRevision || values.expectedRevision || '';
  return /^\d+$/.test(raw) ? Number(raw) : null;
};

const SOURCE_FIELDS: Readonly<Record<string, string>> = {
  'source.document': 'sourceDocument',
  'source.section': 'sourceSection',
  'source.url': 'sourceUrl',
  reason: 'reason',
};

/**
 * The form field an API field path belongs to: `data.effectiveDate` → `effectiveDate`, with the
 * form's own names where they differ (`data.reason` of a leave is `leaveReason`).
 */
export const formFieldOf = (
  apiField: string,
  renamed: Readonly<Record<string, string>> = {},
): string | undefined =>
  renamed[apiField] ??
  SOURCE_FIELDS[apiField] ??
  (apiField.startsWith('data.') ? apiField.slice('data.'.length).split('.')[0] : undefined);

/**
 * Runs the command; on refusal, the form comes back with the reason: beside its field, as a
 * conflict, or above the form.
 */
export const runCommand = async (
  values: Record<string, string>,
  run: () => Promise<{ readonly position: number }>,
  renamed: Readonly<Record<string, string>> = {},
) => {
  try {
    const outcome = await run();
    return { ok: true as const, position: outcome.position };
  } catch (caught) {
    const refusal = refusalOf(caught);
    if (refusal === null) {
      return {
        ok: false as const,
        failure: fail(503, { values, errors: {}, message: 'api_unavailable' } satisfies FormState),
      };
    }
    if (refusal.code === 'CONFLICT' && refusal.currentRevision !== undefined) {
      return {
        ok: false as const,
        failure: fail(409, {
          values,
          errors: {},
          conflict: { currentRevision: refusal.currentRevision },
        } satisfies FormState),
      };
    }
    if (refusal.code === 'FORBIDDEN' || refusal.code === 'UNAUTHORIZED') {
      return {
        ok: false as const,
        failure: fail(refusal.httpStatus, {
          values,
          errors: {},
          message: 'forbidden',
        } satisfies FormState),
      };
    }
    const errors: Record<string, string> = {};
    const unplaced: string[] = [];
    const issues =
      refusal.issues.length > 0
        ? refusal.issues
        : [{ field: refusal.field ?? '', reason: refusal.message }];
    for (const issue of issues) {
      const field = formFieldOf(issue.field, renamed);
      if (field === undefined) unplaced.push(`${issue.field} ${issue.reason}`.trim());
      else errors[field] ??= refusal.code === 'CONFLICT' ? 'already_registered' : issue.reason;
    }
    return {
      ok: false as const,
      failure: fail(refusal.httpStatus, {
        values,
        errors,
        ...(unplaced.length > 0 ? { message: unplaced.join('; ') } : {}),
      } satisfies FormState),
    };
  }
};
