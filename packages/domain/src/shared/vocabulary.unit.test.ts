import { describe, expect, it } from 'vitest';
import { PnrrRef, pnrrLabels } from './pnrr.ts';
import { S3_ECOSYSTEM_LABELS, S3_ECOSYSTEMS, s3EcosystemFromLabel } from './s3.ts';
import { parseStreamId } from './streams.ts';

describe('S3 ecosystems', () => {
  it('resolves every Italian label and code, and the seeds\u2019 loose wording', () => {
    for (const code of S3_ECOSYSTEMS) {
      expect(s3EcosystemFromLabel(S3_ECOSYSTEM_LABELS[code])).toBe(code);
      expect(s3EcosystemFromLabel(code)).toBe(code);
    }
    expect(s3EcosystemFromLabel('Manifatturiero Avanzato')).toBe('manifattura_avanzata');
    expect(s3EcosystemFromLabel('Connettività e Informazione')).toBe('connettivita_informazione');
    expect(s3EcosystemFromLabel('Cultura e conoscenza')).toBe('cultura_conoscenza');
    expect(s3EcosystemFromLabel('Sostenibilità')).toBe('sostenibilita');
    expect(s3EcosystemFromLabel('Mobilità Sostenibile')).toBeNull();
  });
});

describe('PNRR references', () => {
  it('accepts the components a mission has and labels them', () => {
    expect(pnrrLabels(PnrrRef.parse({ mission: 1, component: 2 }))).toEqual({
      mission: 'Digitalizzazione, innovazione, competitività, cultura e turismo',
      component: 'Digitalizzazione, innovazione e competitività nel sistema produttivo',
    });
    expect(pnrrLabels({ mission: 6, component: 1 }).component).toBe(
      "Reti di prossimità, strutture e telemedicina per l'assistenza sanitaria territoriale",
    );
  });

  it('refuses a component the mission does not have, or a mission out of range', () => {
    expect(PnrrRef.safeParse({ mission: 4, component: 3 }).error?.issues[0]?.message).toBe(
      'must be between 1 and 2: mission 4 has 2 components',
    );
    expect(PnrrRef.safeParse({ mission: 7, component: 1 }).error?.issues[0]?.message).toBe(
      'must be a PNRR mission number, 1 to 6',
    );
  });
});

describe('stream names', () => {
  it('splits a stream name into category and id', () => {
    expect(parseStreamId('network-afil')).toEqual({ category: 'network', id: 'afil' });
    expect(parseStreamId('organisation-a2a-ambiente')).toEqual({
      category: 'organisation',
      id: 'a2a-ambiente',
    });
    expect(parseStreamId('project-Fanghi')).toBeNull();
    expect(parseStreamId('$all')).toBeNull();
  });
});
