import { fail, redirect } from '@sveltejs/kit';
import type { CATEGORIES } from '$lib/labels.ts';
import { read } from '$lib/server/api.ts';
import {
  checkPartialDates,
  citationOf,
  expectedRevisionOf,
  type FormState,
  requireFields,
  runCommand,
  valuesOf,
} from '$lib/server/commands.ts';
import { rememberWrite } from '$lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

// The router types each command's data as the union of every command's: the shapes are named here.
type Category = (typeof CATEGORIES)[number];
type Qualifier = 'on' | 'by';
type Correction =
  | { field: 'effectiveDate'; value: string; dateQualifier?: Qualifier }
  | { field: 'category'; value: Category }
  | { field: 'retracted' };

const KINDS = ['adesione', 'uscita', 'categoria', 'correzione'] as const;
type Kind = (typeof KINDS)[number];

export const load = (async ({ locals, url }) => {
  const asked = url.searchParams.get('tipo');
  const kind: Kind = KINDS.find((candidate) => candidate === asked) ?? 'adesione';
  const networkId = url.searchParams.get('rete') ?? '';
  const organisationId = url.searchParams.get('organizzazione') ?? '';
  const networks = await read(url, () => locals.api.networks.list.query());
  const known = networks.some((network) => network.id === networkId);
  const [revision, register] = known
    ? await read(url, () =>
        Promise.all([
          locals.api.networks.revision.query({ networkId }),
          locals.api.memberships.register.query({ networkId }),
        ]),
      )
    : [null, null];
  return {
    kind,
    networkId: known ? networkId : '',
    organisationId,
    networks: networks.map((network) => ({ id: network.id, name: network.name })),
    revision: revision?.revision ?? null,
    register,
    done:
      url.searchParams.get('esito') === 'ok'
        ? { position: url.searchParams.get('posizione') ?? '' }
        : null,
  };
}) satisfies PageServerLoad;

/** The fields each kind of fact needs, beyond the network and the source. */
const REQUIRED: Readonly<Record<Kind, readonly string[]>> = {
  adesione: ['organisationId', 'category', 'effectiveDate', 'dateQualifier'],
  uscita: ['organisationId', 'effectiveDate', 'leaveReason'],
  categoria: ['organisationId', 'category', 'effectiveDate'],
  correzione: ['correctsEventId', 'correctionField', 'reason'],
};

const DATES: Readonly<Record<Kind, readonly string[]>> = {
  adesione: ['effectiveDate'],
  uscita: ['effectiveDate'],
  categoria: ['effectiveDate'],
  correzione: ['correctionDate'],
};

/** The web's own checks: every refusal it can tell in the reader's language before asking the API. */
const check = (kind: Kind, values: Record<string, string>) => {
  const errors: Record<string, string> = {
    ...requireFields(values, ['networkId', 'sourceDocument', ...REQUIRED[kind]]),
    ...checkPartialDates(values, DATES[kind]),
  };
  if (kind === 'correzione') {
    if (values.correctionField === 'effectiveDate' && !values.correctionDate)
      errors.correctionDate = 'required';
    if (values.correctionField === 'category' && !values.correctionCategory)
      errors.correctionCategory = 'required';
  }
  return errors;
};

const correctionOf = (values: Record<string, string>): Correction => {
  switch (values.correctionField) {
    case 'category':
      return { field: 'category', value: (values.correctionCategory ?? '') as Category };
    case 'retracted':
      return { field: 'retracted' };
    default:
      return {
        field: 'effectiveDate',
        value: values.correctionDate ?? '',
        ...(values.correctionQualifier
          ? { dateQualifier: values.correctionQualifier as Qualifier }
          : {}),
      };
  }
};

const record =
  (kind: Kind) =>
  async ({ request, locals, cookies, url }: Parameters<Actions[string]>[0]) => {
    const values = valuesOf(await request.formData());
    const errors = check(kind, values);
    if (Object.keys(errors).length > 0) return fail(400, { values, errors } satisfies FormState);
    const networkId = values.networkId ?? '';
    const organisationId = values.organisationId ?? '';
    // The join, leave and category change all state who, where and when.
    const member = { networkId, organisationId, effectiveDate: values.effectiveDate ?? '' };
    const envelope = { expectedRevision: expectedRevisionOf(values), ...citationOf(values) };
    const api = locals.api.memberships;
    const outcome = await runCommand(
      values,
      () => {
        switch (kind) {
          case 'adesione':
            return api.recordJoin.mutate({
              data: {
                ...member,
                category: values.category as Category,
                dateQualifier: values.dateQualifier as Qualifier,
              },
              ...envelope,
            });
          case 'uscita':
            return api.recordLeave.mutate({
              data: { ...member, reason: values.leaveReason ?? '' },
              ...envelope,
            });
          case 'categoria':
            return api.changeCategory.mutate({
              data: { ...member, to: values.category as Category },
              ...envelope,
            });
          case 'correzione':
            return api.correctRecord.mutate({
              data: {
                networkId,
                ...(organisationId === '' ? {} : { organisationId }),
                correctsEventId: values.correctsEventId ?? '',
                correction: correctionOf(values),
              },
              ...envelope,
            });
          default:
            return kind satisfies never;
        }
      },
      {
        'data.reason': 'leaveReason',
        'data.to': 'category',
        'data.correction':
          values.correctionField === 'category' ? 'correctionCategory' : 'correctionDate',
        'data.correction.value':
          values.correctionField === 'category' ? 'correctionCategory' : 'correctionDate',
        'data.correction.dateQualifier': 'correctionQualifier',
      },
    );
    if (!outcome.ok) return outcome.failure;
    rememberWrite(cookies, url, outcome.position);
    const next = new URLSearchParams({
      tipo: kind,
      rete: networkId,
      ...(organisationId === '' ? {} : { organizzazione: organisationId }),
      esito: 'ok',
      posizione: String(outcome.position),
    });
    redirect(303, `/modifica/adesione?${next}`);
  };

export const actions = {
  adesione: record('adesione'),
  uscita: record('uscita'),
  categoria: record('categoria'),
  correzione: record('correzione'),
} satisfies Actions;
