import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import RecordLink from './RecordLink.svelte';
import Source from './Source.svelte';
import Synthetic from './Synthetic.svelte';

const LABEL = '<span class="badge synthetic"';

describe('the synthetic label', () => {
  it('shows on a fact the metadata flags, and on a generated id or citation', () => {
    expect(render(Synthetic, { props: { synthetic: true } }).body).toContain(LABEL);
    expect(render(Synthetic, { props: { id: 'synthetic-org-000001' } }).body).toContain(
      'dato sintetico',
    );
    expect(
      render(Synthetic, { props: { source: { document: 'synthetic:generate --seed c' } } }).body,
    ).toContain(LABEL);
  });

  it('is absent from a real record', () => {
    expect(render(Synthetic, { props: { id: 'le2c', synthetic: false } }).body).not.toContain(
      LABEL,
    );
  });

  it('follows a link to a generated record, not a real one', () => {
    const generated = render(RecordLink, {
      props: { href: '/reti/synthetic-net-0002', id: 'synthetic-net-0002', label: 'Synthetic' },
    }).body;
    expect(generated).toContain('href="/reti/synthetic-net-0002"');
    expect(generated).toContain(LABEL);
    const real = render(RecordLink, { props: { href: '/reti/le2c', id: 'le2c' } }).body;
    expect(real).toContain('>le2c</a>');
    expect(real).not.toContain(LABEL);
  });

  it('marks a citation to generated data inside the revealed source', () => {
    const body = render(Source, {
      props: { source: { document: 'synthetic:generate --seed c', section: 'riga 3' } },
    }).body;
    expect(body).toContain('<details class="source">');
    expect(body).toContain('riga 3');
    expect(body).toContain(LABEL);
    expect(render(Source, { props: { source: { document: 'delibera.pdf' } } }).body).not.toContain(
      LABEL,
    );
  });
});
