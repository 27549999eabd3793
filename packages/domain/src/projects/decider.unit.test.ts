import { describe, expect, it } from 'vitest';
import { envelopes, fold } from '../shared/testSupport.ts';
import type { RecordProjectFunding, RecordProjectProposal } from './commands.ts';
import {
  decideAddProjectPartner,
  decideCompleteProject,
  decideProjectCommand,
  decideRecordProjectFunding,
  decideRecordProjectProposal,
  evolveProject,
  initialProjectState,
  type ProjectState,
} from './decider.ts';
import type { ProjectEvent } from './events.ts';

const now = '2024-06-01T10:00:00Z';

const description = {
  projectId: 'fanghi',
  title: 'Valorizzazione dei fanghi di depurazione',
  programme: 'Call Hub Ricerca e Innovazione',
  funder: 'Regione Lombardia',
  startDate: '2022-01',
  endDate: '2024-12',
  partners: [{ party: { kind: 'organisation' as const, id: 'a2a-ambiente' } }],
  networks: ['le2c'],
  s3Ecosystems: ['sostenibilita' as const],
  pnrr: [{ mission: 2, component: 1 }],
  dateQualifier: 'on' as const,
};
const funding: RecordProjectFunding['data'] = {
  ...description,
  fundedOn: '2021-11',
  amount: { value: 1_500_000, currency: 'EUR' },
};
const proposal: RecordProjectProposal['data'] = { ...description, proposedOn: '2021-06' };

const stateAfter = (events: readonly ProjectEvent[]): ProjectState =>
  fold(evolveProject, initialProjectState, envelopes(events));

const funded = stateAfter([{ type: 'ProjectFunded', data: funding }]);
const proposed = stateAfter([{ type: 'ProjectProposed', data: proposal }]);

describe('project deciders', () => {
  it('records funding of a new or proposed project, not twice', () => {
    expect(
      decideRecordProjectFunding(
        { type: 'RecordProjectFunding', now, data: funding },
        initialProjectState,
      ).ok,
    ).toBe(true);
    expect(
      decideRecordProjectFunding({ type: 'RecordProjectFunding', now, data: funding }, proposed).ok,
    ).toBe(true);
    const twice = decideRecordProjectFunding(
      { type: 'RecordProjectFunding', now, data: funding },
      funded,
    );
    expect(twice.ok ? null : twice.error).toMatchObject({
      code: 'already_registered',
      field: 'data.projectId',
    });
  });

  it('refuses funding dated before the proposal or in the future', () => {
    const early = decideRecordProjectFunding(
      { type: 'RecordProjectFunding', now, data: { ...funding, fundedOn: '2021-05' } },
      proposed,
    );
    expect(early.ok ? null : early.error).toMatchObject({
      code: 'out_of_order',
      field: 'data.fundedOn',
    });
    const future = decideRecordProjectFunding(
      { type: 'RecordProjectFunding', now, data: { ...funding, fundedOn: '2025' } },
      initialProjectState,
    );
    expect(future.ok ? null : future.error).toMatchObject({
      code: 'in_the_future',
      field: 'data.fundedOn',
    });
  });

  it('takes only an "on" proposal date as a floor for the funding', () => {
    const byProposal = stateAfter([
      { type: 'ProjectProposed', data: { ...proposal, dateQualifier: 'by' } },
    ]);
    expect(
      decideRecordProjectFunding(
        { type: 'RecordProjectFunding', now, data: { ...funding, fundedOn: '2021-05' } },
        byProposal,
      ).ok,
    ).toBe(true);
  });

  it('records an undated proposal, which sets no floor for the funding', () => {
    const { proposedOn: _date, dateQualifier: _qualifier, ...undated } = proposal;
    const decided = decideRecordProjectProposal(
      { type: 'RecordProjectProposal', now, data: undated },
      initialProjectState,
    );
    expect(decided).toEqual({ ok: true, value: [{ type: 'ProjectProposed', data: undated }] });
    const state = fold(
      evolveProject,
      initialProjectState,
      envelopes(decided.ok ? decided.value : []),
    );
    expect(
      decideRecordProjectFunding(
        { type: 'RecordProjectFunding', now, data: { ...funding, fundedOn: '2010' } },
        state,
      ).ok,
    ).toBe(true);
  });

  it('records a proposal only for a new project', () => {
    expect(
      decideRecordProjectProposal(
        { type: 'RecordProjectProposal', now, data: proposal },
        initialProjectState,
      ).ok,
    ).toBe(true);
    const again = decideRecordProjectProposal(
      { type: 'RecordProjectProposal', now, data: proposal },
      funded,
    );
    expect(again.ok ? null : again.error).toMatchObject({ code: 'already_registered' });
  });

  it('adds a partner once, only to a registered project', () => {
    const partner = {
      projectId: 'fanghi',
      partner: { kind: 'network' as const, id: 'le2c' },
      role: 'dissemination',
      effectiveDate: '2022-03',
    };
    expect(
      decideAddProjectPartner({ type: 'AddProjectPartner', now, data: partner }, funded).ok,
    ).toBe(true);
    const duplicate = decideAddProjectPartner(
      {
        type: 'AddProjectPartner',
        now,
        data: { ...partner, partner: { kind: 'organisation', id: 'a2a-ambiente' } },
      },
      funded,
    );
    expect(duplicate.ok ? null : duplicate.error).toMatchObject({
      code: 'no_change',
      field: 'data.partner',
    });
    const unknown = decideAddProjectPartner(
      { type: 'AddProjectPartner', now, data: partner },
      initialProjectState,
    );
    expect(unknown.ok ? null : unknown.error).toMatchObject({
      code: 'not_registered',
      field: 'data.projectId',
    });
  });

  it('completes a funded project once, not before it started', () => {
    const complete = { projectId: 'fanghi', completedOn: '2024-05' };
    const done = decideProjectCommand({ type: 'CompleteProject', now, data: complete }, funded);
    expect(done).toEqual({ ok: true, value: [{ type: 'ProjectCompleted', data: complete }] });
    const completed = fold(evolveProject, funded, envelopes(done.ok ? done.value : [], 2));
    const twice = decideCompleteProject(
      { type: 'CompleteProject', now, data: complete },
      completed,
    );
    expect(twice.ok ? null : twice.error).toMatchObject({ code: 'invalid_state' });
    const early = decideCompleteProject(
      { type: 'CompleteProject', now, data: { ...complete, completedOn: '2021' } },
      funded,
    );
    expect(early.ok ? null : early.error).toMatchObject({
      code: 'out_of_order',
      field: 'data.completedOn',
    });
    const unfunded = decideCompleteProject(
      { type: 'CompleteProject', now, data: complete },
      proposed,
    );
    expect(unfunded.ok ? null : unfunded.error).toMatchObject({
      code: 'invalid_state',
      field: 'data.projectId',
    });
  });
});
