import type { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { funding, network, organisation, SOURCE } from '../test/fixtures.ts';
import { allProcedures } from '../test/procedures.ts';
import { ADMIN, PASSWORD, STORE_KINDS, startTestApi, type TestApi } from '../test/support.ts';

describe.each(STORE_KINDS)(
  'every procedure through HTTP and the tRPC client (%s store)',
  (kind) => {
    let t: TestApi;
    const called = new Set<string>();
    /** Records that the test called `path`, and hands back the call's result. */
    const call = async <T>(path: string, run: () => Promise<T>): Promise<T> => {
      const result = await run();
      called.add(path);
      return result;
    };

    beforeAll(async () => {
      t = await startTestApi(kind, { seed: true });
      await t.caughtUp();
    });
    afterAll(() => t.close());

    it('signs in and tells who is signed in', async () => {
      const session = await call('auth.signIn', () =>
        t.anonymous.auth.signIn.mutate({ username: ADMIN.username, password: ADMIN.password }),
      );
      expect(session.user).toEqual({ username: 'admin', role: 'admin' });
      expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await call('auth.me', () => t.as.editor.auth.me.query())).toEqual({
        username: 'editor-1',
        role: 'editor',
      });
    });

    it('records organisations, networks, memberships and projects, each at the revision it saw', async () => {
      const { editor } = t.as;
      const orgA = 'api-test-org-a';
      const orgB = 'api-test-org-b';
      expect(
        await call('organisations.revision', () =>
          editor.organisations.revision.query({ organisationId: orgA }),
        ),
      ).toEqual({
        stream: `organisation-${orgA}`,
        revision: null,
      });
      const registered = await call('organisations.register', () =>
        editor.organisations.register.mutate({
          data: organisation(orgA),
          expectedRevision: null,
          source: SOURCE,
        }),
      );
      expect(registered).toMatchObject({ streamId: `organisation-${orgA}`, revision: 0 });
      expect(registered.events).toEqual([
        { id: expect.any(String), type: 'OrganisationRegistered' },
      ]);
      const renamed = await call('organisations.rename', () =>
        editor.organisations.rename.mutate({
          data: { organisationId: orgA, name: 'Org A Renamed', effectiveDate: '2020-06' },
          expectedRevision: 0,
          source: SOURCE,
          reason: 'the company changed its name',
        }),
      );
      expect(renamed.revision).toBe(1);
      await call('organisations.changeProfile', () =>
        editor.organisations.changeProfile.mutate({
          data: {
            organisationId: orgA,
            effectiveDate: '2021',
            changes: { city: 'Bergamo', province: 'BG' },
          },
          expectedRevision: 1,
          source: SOURCE,
        }),
      );
      await editor.organisations.register.mutate({
        data: organisation(orgB),
        expectedRevision: null,
        source: SOURCE,
      });

      const net = 'api-test-net';
      expect(
        (await call('networks.revision', () => editor.networks.revision.query({ networkId: net })))
          .revision,
      ).toBeNull();
      await call('networks.register', () =>
        editor.networks.register.mutate({
          data: network(net),
          expectedRevision: null,
          source: SOURCE,
        }),
      );
      await call('networks.changeProfile', () =>
        editor.networks.changeProfile.mutate({
          data: {
            networkId: net,
            effectiveDate: '2019',
            changes: { website: 'https://example.org' },
          },
          expectedRevision: 0,
          source: SOURCE,
        }),
      );
      await call('networks.recordRecognition', () =>
        editor.networks.recordRecognition.mutate({
          data: {
            networkId: net,
            authority: 'Regione Lombardia',
            phase: 'start_up',
            recognisedOn: '2015-06',
          },
          expectedRevision: 1,
          source: SOURCE,
        }),
      );
      await call('networks.recordAffiliation', () =>
        editor.networks.recordAffiliation.mutate({
          data: {
            networkId: net,
            internationalNetwork: 'Vanguard Initiative',
            effectiveDate: '2017',
            dateQualifier: 'by',
          },
          expectedRevision: 2,
          source: SOURCE,
        }),
      );
      const joined = await call('memberships.recordJoin', () =>
        editor.memberships.recordJoin.mutate({
          data: {
            networkId: net,
            organisationId: orgA,
            category: 'company',
            effectiveDate: '2016-01',
            dateQualifier: 'on',
          },
          expectedRevision: 3,
          source: SOURCE,
        }),
      );
      await call('memberships.changeCategory', () =>
        editor.memberships.changeCategory.mutate({
          data: {
            networkId: net,
            organisationId: orgA,
            to: 'research_organisation',
            effectiveDate: '2018',
          },
          expectedRevision: 4,
          source: SOURCE,
        }),
      );
      await call('memberships.reportCensus', () =>
        editor.memberships.reportCensus.mutate({
          data: {
            networkId: net,
            asOf: '2019-12',
            total: 1,
            companies: 0,
            researchOrganisations: 1,
            otherBodies: 0,
          },
          expectedRevision: 5,
          source: SOURCE,
        }),
      );
      await call('memberships.correctRecord', () =>
        editor.memberships.correctRecord.mutate({
          data: {
            networkId: net,
            correctsEventId: joined.events[0]?.id ?? '',
            correction: { field: 'effectiveDate', value: '2016-02' },
          },
          expectedRevision: 6,
          source: SOURCE,
          reason: 'the act of accession is dated February',
        }),
      );
      await call('memberships.recordLeave', () =>
        editor.memberships.recordLeave.mutate({
          data: {
            networkId: net,
            organisationId: orgA,
            effectiveDate: '2021-03',
            reason: 'withdrew',
          },
          expectedRevision: 7,
          source: SOURCE,
        }),
      );

      const project = 'api-test-project';
      expect(
        (
          await call('projects.revision', () =>
            editor.projects.revision.query({ projectId: project }),
          )
        ).revision,
      ).toBeNull();
      await call('projects.recordFunding', () =>
        editor.projects.recordFunding.mutate({
          data: funding(project, net, orgA),
          expectedRevision: null,
          source: SOURCE,
        }),
      );
      await call('projects.addPartner', () =>
        editor.projects.addPartner.mutate({
          data: {
            projectId: project,
            partner: { kind: 'organisation', id: orgB },
            role: 'dissemination',
            effectiveDate: '2020',
          },
          expectedRevision: 0,
          source: SOURCE,
        }),
      );
      await call('projects.complete', () =>
        editor.projects.complete.mutate({
          data: { projectId: project, completedOn: '2022-12' },
          expectedRevision: 1,
          source: SOURCE,
        }),
      );
      const proposed = await call('projects.recordProposal', () =>
        editor.projects.recordProposal.mutate({
          data: {
            projectId: 'api-test-proposal',
            title: 'A proposal',
            partners: [],
            networks: [net],
            s3Ecosystems: [],
            pnrr: [],
            proposedOn: '2024-02',
            dateQualifier: 'on',
          },
          expectedRevision: null,
          source: SOURCE,
        }),
      );

      // Read your writes: every query waits for the read models to include the last command.
      const minPosition = proposed.position;
      const { viewer } = t.as;
      const timeline = await call('networks.timeline', () =>
        viewer.networks.timeline.query({ networkId: net, minPosition }),
      );
      expect(timeline.map((entry) => entry.type)).toContain('MemberLeft');
      const networks = await call('networks.list', () =>
        viewer.networks.list.query({ minPosition }),
      );
      expect(networks.map((n) => n.id)).toContain(net);
      const profile = await call('networks.get', () =>
        viewer.networks.get.query({ networkId: net, minPosition }),
      );
      expect(profile.entry.recognitions.length).toBeGreaterThan(0);
      const missing = await viewer.networks.get
        .query({ networkId: 'no-such-network' })
        .catch((caught: unknown) => caught);
      expect((missing as TRPCClientError<never>).data).toMatchObject({ code: 'NOT_FOUND' });
      const catalog = await call('catalog.events', () => viewer.catalog.events.query());
      expect(catalog.events.map((entry) => entry.type)).toContain('MemberJoined');
      expect(catalog.stored).toContainEqual(
        expect.objectContaining({ type: 'NetworkRegistered', version: 2 }),
      );
      const found = await call('search.query', () =>
        viewer.search.query.query({ text: 'renamed', minPosition }),
      );
      expect(found).toContainEqual(expect.objectContaining({ kind: 'organisation', id: orgA }));
      const register = await call('memberships.register', () =>
        viewer.memberships.register.query({ networkId: net, minPosition }),
      );
      expect(register.intervals).toMatchObject([
        { organisationId: orgA, from: '2016-02', to: '2021-03' },
      ]);
      expect(register.corrections).toHaveLength(1);
      const org = await call('organisations.get', () =>
        viewer.organisations.get.query({ organisationId: orgA, minPosition }),
      );
      expect(org).toMatchObject({
        name: 'Org A Renamed',
        city: 'Bergamo',
        networks: [{ networkId: net }],
      });
      const projects = await call('projects.list', () =>
        viewer.projects.list.query({ networkId: net, minPosition }),
      );
      expect(projects.map((p) => [p.id, p.status])).toEqual([
        ['api-test-project', 'completed'],
        ['api-test-proposal', 'proposed'],
      ]);
      const report = await call('reports.ecosystem', () =>
        viewer.reports.ecosystem.query({ validAt: '2019-06-30', minPosition }),
      );
      expect(report.networks.find((n) => n.id === net)?.members.total).toBe(1);
      expect(report.networks.length).toBeGreaterThan(9);
      const diff = await call('reports.diff', () =>
        viewer.reports.diff.query({ from: '2015-12-31', to: '2022-01-01', minPosition }),
      );
      expect(diff.networks.find((n) => n.id === net)?.members).toMatchObject({
        joined: [],
        left: [],
      });
      const reportCsv = await call('reports.exportEcosystem', () =>
        viewer.reports.exportEcosystem.query({ validAt: '2019-06-30', format: 'csv' }),
      );
      expect(reportCsv).toMatchObject({ contentType: 'text/csv', hash: report.hash });
      expect(reportCsv.position).toBe(report.position);
      expect(reportCsv.body.split('\n')[0]).toMatch(/^valid_at,known_at,position,hash,network_id/);
      const diffCsv = await call('reports.exportDiff', () =>
        viewer.reports.exportDiff.query({ from: '2015-12-31', to: '2022-01-01', format: 'csv' }),
      );
      expect(diffCsv).toMatchObject({ contentType: 'text/csv', hash: diff.hash });

      const { auditor } = t.as;
      const trail = await call('audit.trail', () =>
        auditor.audit.trail.query({ record: { kind: 'organisation', id: orgA }, minPosition }),
      );
      expect(trail.map((entry) => entry.actor)).toContain('user:editor-1');
      expect(trail.find((entry) => entry.type === 'OrganisationRenamed')?.reason).toBe(
        'the company changed its name',
      );
      const diffJson = await viewer.reports.exportDiff.query({
        from: '2015-12-31',
        to: '2022-01-01',
        format: 'json',
      });
      expect(JSON.parse(diffJson.body).hash).toBe(diffJson.hash);
      const page = await call('audit.exportEvents', () =>
        auditor.audit.exportEvents.query({ limit: 5 }),
      );
      expect(page.events).toHaveLength(5);
      expect(page.events[0]).toMatchObject({
        format: 'ledger-event/1',
        position: expect.any(Number),
      });
      const next = await auditor.audit.exportEvents.query({ after: page.next ?? 0, limit: 5 });
      expect(next.events[0]?.position).toBeGreaterThan(page.events[4]?.position ?? 0);
      const digests = await call('audit.digests', () => auditor.audit.digests.query());
      expect(Object.keys(digests.digests)).toContain('membership-register');
      expect(digests.position).toBeGreaterThanOrEqual(minPosition);
      const verified = await call('audit.verify', () => auditor.audit.verify.query());
      expect(verified).toMatchObject({ ok: true, problemCount: 0 });
    });

    it('reports the ecosystem as known at an earlier instant', async () => {
      const before = new Date().toISOString();
      await t.as.editor.organisations.register.mutate({
        data: organisation('api-test-later'),
        expectedRevision: null,
        source: SOURCE,
      });
      const then = await t.as.viewer.reports.ecosystem.query({
        validAt: '2019-06-30',
        knownAt: before,
      });
      expect(then.knownAt).toBe(before);
    });

    it('administers users, read models and the own password', async () => {
      const { admin } = t.as;
      const created = await call('admin.users.create', () =>
        admin.admin.users.create.mutate({
          username: 'maria.rossi',
          role: 'viewer',
          password: PASSWORD,
        }),
      );
      expect(created).toMatchObject({ username: 'maria.rossi', role: 'viewer', disabled: false });
      expect(JSON.stringify(created)).not.toContain('scrypt');
      await call('admin.users.setRole', () =>
        admin.admin.users.setRole.mutate({ username: 'maria.rossi', role: 'editor' }),
      );
      await call('admin.users.resetPassword', () =>
        admin.admin.users.resetPassword.mutate({
          username: 'maria.rossi',
          password: 'another-long-password',
        }),
      );
      const maria = t.client(await t.signIn('maria.rossi', 'another-long-password'));
      expect(await maria.auth.me.query()).toEqual({ username: 'maria.rossi', role: 'editor' });
      await call('auth.changePassword', () =>
        maria.auth.changePassword.mutate({
          currentPassword: 'another-long-password',
          newPassword: 'a-third-long-password',
        }),
      );
      await expect(maria.auth.me.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
      const again = t.client(await t.signIn('maria.rossi', 'a-third-long-password'));
      await call('auth.signOut', () => again.auth.signOut.mutate());
      await expect(again.auth.me.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
      await call('admin.users.setDisabled', () =>
        admin.admin.users.setDisabled.mutate({ username: 'maria.rossi', disabled: true }),
      );
      await expect(t.signIn('maria.rossi', 'a-third-long-password')).rejects.toMatchObject({
        data: { code: 'UNAUTHORIZED' },
      });
      const users = await call('admin.users.list', () => admin.admin.users.list.query());
      expect(users.map((user) => [user.username, user.role, user.disabled])).toContainEqual([
        'maria.rossi',
        'editor',
        true,
      ]);

      const status = await call('admin.status', () => admin.admin.status.query());
      expect(status).toMatchObject({
        store: kind === 'esdb' ? 'eventstoredb' : 'embedded',
        projector: 'inline',
      });
      expect(status.projections.projections.map((p) => p.state)).not.toContain('missing');
      const rebuild = await call('admin.rebuild', () =>
        admin.admin.rebuild.mutate({ projections: ['network-timeline'] }),
      );
      expect(rebuild.requested).toEqual(['network-timeline']);
      await expect(
        admin.admin.rebuild.mutate({ projections: ['no-such-model'] }),
      ).rejects.toMatchObject({
        data: { code: 'BAD_REQUEST' },
        message: expect.stringMatching(/unknown projection "no-such-model"/),
      });
    });

    it('streams new events and the records they change', async () => {
      const head = (await t.events()).at(-1)?.position ?? 0;
      const first = call(
        'live.changes',
        () =>
          new Promise<unknown>((resolve, reject) => {
            const subscription = t.as.viewer.live.changes.subscribe(
              { after: head },
              {
                onData: (change) => {
                  subscription.unsubscribe();
                  resolve(change);
                },
                onError: reject,
              },
            );
          }),
      );
      const written = await t.as.editor.organisations.register.mutate({
        data: organisation('api-test-live'),
        expectedRevision: null,
        source: SOURCE,
      });
      expect(await first).toMatchObject({
        id: String(written.position),
        data: {
          position: written.position,
          type: 'OrganisationRegistered',
          actor: 'user:editor-1',
          records: [{ kind: 'organisation', id: 'api-test-live' }],
        },
      });
    });

    it("records a network's success story once, and reads it back with its citation", async () => {
      const { editor, viewer } = t.as;
      const net = 'api-test-stories';
      const registered = await editor.networks.register.mutate({
        data: network(net),
        expectedRevision: null,
        source: SOURCE,
      });
      const story = {
        networkId: net,
        storyId: 'regional-roadmap',
        title: 'Regional roadmap',
        summary: 'The cluster coordinated a roadmap the regional government approved.',
        reportedOn: '2020',
        dateQualifier: 'by' as const,
      };
      const recorded = await call('networks.recordSuccessStory', () =>
        editor.networks.recordSuccessStory.mutate({
          data: story,
          expectedRevision: registered.revision,
          source: SOURCE,
        }),
      );
      expect(recorded).toMatchObject({
        streamId: `network-${net}`,
        events: [{ id: expect.any(String), type: 'SuccessStoryRecorded' }],
      });
      const again = await editor.networks.recordSuccessStory
        .mutate({ data: story, expectedRevision: recorded.revision, source: SOURCE })
        .catch((caught: unknown) => caught);
      expect((again as TRPCClientError<never>).data).toMatchObject({
        code: 'CONFLICT',
        field: 'data.storyId',
      });
      const stories = await call('networks.successStories', () =>
        viewer.networks.successStories.query({ networkId: net, minPosition: recorded.position }),
      );
      expect(stories).toEqual([
        expect.objectContaining({
          storyId: 'regional-roadmap',
          title: 'Regional roadmap',
          reportedOn: '2020',
          dateQualifier: 'by',
          source: SOURCE,
          synthetic: false,
        }),
      ]);
    });

    it('has called every procedure of the router', () => {
      expect([...called].sort()).toEqual(allProcedures().map((procedure) => procedure.path));
    });

    it('never wrote a token or a password to the log', () => {
      const log = t.logs.join('');
      for (const secret of [
        ...Object.values(t.tokens),
        ADMIN.password,
        PASSWORD,
        'another-long-password',
        'a-third-long-password',
      ]) {
        expect(log).not.toContain(secret);
      }
    });
  },
);
