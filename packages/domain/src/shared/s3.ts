import { z } from 'zod';

/** Lombardy S3 2021-27 innovation ecosystems ("ecosistemi dell'innovazione"), as listed in the seed reports. */
export const S3_ECOSYSTEMS = [
  'manifattura_avanzata',
  'connettivita_informazione',
  'nutrizione',
  'salute_life_science',
  'smart_mobility_architecture',
  'sostenibilita',
  'sviluppo_sociale',
  'cultura_conoscenza',
] as const;

export const S3Ecosystem = z
  .enum(S3_ECOSYSTEMS)
  .describe("A Lombardy S3 2021-27 innovation ecosystem (ecosistema dell'innovazione).");
export type S3Ecosystem = z.infer<typeof S3Ecosystem>;

export const S3_ECOSYSTEM_LABELS: Readonly<Record<S3Ecosystem, string>> = {
  manifattura_avanzata: 'Ecosistema della Manifattura Avanzata',
  connettivita_informazione: "Ecosistema della Connettività e dell'Informazione",
  nutrizione: 'Ecosistema della Nutrizione',
  salute_life_science: 'Ecosistema della Salute e Life Science',
  smart_mobility_architecture: 'Ecosistema della Smart Mobility e Architecture',
  sostenibilita: 'Ecosistema della Sostenibilità',
  sviluppo_sociale: 'Ecosistema dello Sviluppo Sociale',
  cultura_conoscenza: 'Ecosistema della Cultura e Conoscenza',
};

const normalise = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^ecosistema\s+(?:della|dello|delle|del|dell')\s*/, '')
    .replace(/['’]/g, ' ')
    .replace(/\b(?:e|della|dello|dell|delle|del)\b/g, ' ')
    .replace(/[^a-z]+/g, '_')
    .replace(/^_|_$/g, '');

// The seeds name ecosystems loosely ("Manifatturiero Avanzato", "Connettività e Informazione").
const ALIASES: Readonly<Record<string, S3Ecosystem>> = {
  manifatturiero_avanzato: 'manifattura_avanzata',
  ...Object.fromEntries(S3_ECOSYSTEMS.map((code) => [code, code])),
  ...Object.fromEntries(S3_ECOSYSTEMS.map((code) => [normalise(S3_ECOSYSTEM_LABELS[code]), code])),
};

/** Resolves a code or an Italian label ("Ecosistema della Nutrizione", "Sostenibilità") to its code. */
export const s3EcosystemFromLabel = (text: string): S3Ecosystem | null =>
  ALIASES[normalise(text)] ?? null;
