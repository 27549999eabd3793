/**
 * The worked example of docs/extending.md, end to end: the event type it adds is in the catalog
 * the CLI prints, the projection it adds keeps it, and the API procedures it adds record and read
 * it. (The web page showing it is checked by apps/web/e2e/e-success-stories.e2e.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { network, SOURCE } from '../test/fixtures.ts';
import { startTestApi, type TestApi } from '../test/support.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the success story of docs/extending.md', () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi('embedded');
  });
  afterAll(() => t.close());

  it('is in the catalog `pnpm ledger catalog --format json` prints', () => {
    const printed = spawnSync(
      process.execPath,
      ['apps/cli/src/main.ts', 'catalog', '--format', 'json'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(printed.status, printed.stderr).toBe(0);
    const catalog = JSON.parse(printed.stdout) as {
      events: { type: string; stream: string; version: number; fields: { path: string }[] }[];
    };
    const entry = catalog.events.find((event) => event.type === 'SuccessStoryRecorded');
    expect(entry).toMatchObject({ stream: 'network', version: 1 });
    expect(entry?.fields.map((field) => field.path)).toEqual([
      'networkId',
      'storyId',
      'title',
      'summary',
      'reportedOn',
      'dateQualifier',
      'relatedProjects',
    ]);
  });

  it('is recorded through the API, kept by the projection and read back through the API', async () => {
    const { editor, viewer } = t.as;
    const registered = await editor.networks.register.mutate({
      data: network('guide-net'),
      expectedRevision: null,
      source: SOURCE,
    });
    const recorded = await editor.networks.recordSuccessStory.mutate({
      data: {
        networkId: 'guide-net',
        storyId: 'first-roadmap',
        title: 'First roadmap',
        summary: 'The cluster wrote the regional roadmap for its sector.',
        reportedOn: '2021-06',
        dateQualifier: 'on',
      },
      expectedRevision: registered.revision,
      source: SOURCE,
    });
    const stories = await viewer.networks.successStories.query({
      networkId: 'guide-net',
      minPosition: recorded.position,
    });
    expect(stories).toEqual([
      expect.objectContaining({ storyId: 'first-roadmap', title: 'First roadmap', source: SOURCE }),
    ]);
    const { store } = t.api.services.readSide;
    expect(
      store.all('SELECT network_id, story_id, reported_on, position FROM success_stories'),
    ).toEqual([
      {
        network_id: 'guide-net',
        story_id: 'first-roadmap',
        reported_on: '2021-06',
        position: recorded.position,
      },
    ]);
  });
});
