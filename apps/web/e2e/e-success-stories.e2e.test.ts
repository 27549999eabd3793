/**
 * The last step of docs/extending.md: a success story recorded through the API shows on its
 * network's page, with the source it was recorded from.
 */
import { apiAs, expect, signIn, test } from './fixtures.ts';

const TITLE = 'AFIL acceleratore di innovazione attraverso le Strategic Communities';

test('a success story recorded by an editor shows on its network, with its source', async ({
  page,
}) => {
  const editor = await apiAs('editor');
  const { revision } = await editor.networks.revision.query({ networkId: 'afil' });
  const recorded = await editor.networks.recordSuccessStory.mutate({
    data: {
      networkId: 'afil',
      storyId: 'strategic-communities',
      title: TITLE,
      summary: 'Tra i casi di successo nati nelle Strategic Communities: AI Regio.',
      reportedOn: '2022',
      dateQualifier: 'by',
      relatedProjects: ['ai-regio'],
    },
    expectedRevision: revision,
    source: { document: '003_b0113e97874011b2.txt', section: 'AFIL > SUCCESS STORIES' },
  });
  // Read your write: the page is opened once the read models include the story.
  await editor.networks.successStories.query({
    networkId: 'afil',
    minPosition: recorded.position,
  });

  await signIn(page, 'viewer', '/reti/afil');
  const stories = page.getByRole('region', { name: 'Storie di successo' });
  const story = stories
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: TITLE }) });
  await expect(story).toContainText('entro 2022');
  await expect(story).toContainText('AI Regio');
  await expect(story.getByRole('link', { name: 'ai-regio' })).toHaveAttribute(
    'href',
    '/progetti/ai-regio',
  );
  await expect(story.getByText('003_b0113e97874011b2.txt')).toBeHidden();
  await story.getByText('Fonte', { exact: true }).click();
  await expect(story.getByText('003_b0113e97874011b2.txt')).toBeVisible();
  await expect(story.getByText('AFIL > SUCCESS STORIES')).toBeVisible();
});
