import { z } from 'zod';

interface MissionInfo {
  readonly label: string;
  readonly components: readonly string[];
}

/**
 * PNRR missions and their components, with the Italian labels the seed reports use (component
 * `n` is `components[n - 1]`). Missions and components the seeds never cite carry the plan's own labels.
 */
export const PNRR_MISSIONS: Readonly<Record<1 | 2 | 3 | 4 | 5 | 6, MissionInfo>> = {
  1: {
    label: 'Digitalizzazione, innovazione, competitività, cultura e turismo',
    components: [
      'Digitalizzazione, innovazione e sicurezza nella PA',
      'Digitalizzazione, innovazione e competitività nel sistema produttivo',
      'Turismo e cultura 4.0',
    ],
  },
  2: {
    label: 'Rivoluzione verde e transizione ecologica',
    components: [
      'Economia circolare e agricoltura sostenibile',
      'Energia rinnovabile, idrogeno, rete e mobilità sostenibile',
      'Efficienza energetica e riqualificazione degli edifici',
      'Tutela del territorio e della risorsa idrica',
    ],
  },
  3: {
    label: 'Infrastrutture per una mobilità sostenibile',
    components: ['Investimenti sulla rete ferroviaria', 'Intermodalità e logistica integrata'],
  },
  4: {
    label: 'Istruzione e ricerca',
    components: [
      "Potenziamento dell'offerta dei servizi di istruzione: dagli asili nido alle università",
      "Dalla ricerca all'impresa",
    ],
  },
  5: {
    label: 'Inclusione e coesione',
    components: [
      'Politiche per il lavoro',
      'Infrastrutture sociali, famiglie, comunità e terzo settore',
      'Interventi speciali per la coesione territoriale',
    ],
  },
  6: {
    label: 'Salute',
    components: [
      "Reti di prossimità, strutture e telemedicina per l'assistenza sanitaria territoriale",
      'Innovazione, ricerca e digitalizzazione del Servizio Sanitario Nazionale',
    ],
  },
};

export type PnrrMission = keyof typeof PNRR_MISSIONS;

export const PnrrRef = z
  .strictObject({
    mission: z
      .int({ error: 'must be a PNRR mission number, 1 to 6' })
      .min(1, { error: 'must be a PNRR mission number, 1 to 6' })
      .max(6, { error: 'must be a PNRR mission number, 1 to 6' })
      .describe('PNRR mission number (Missione 1 to 6).'),
    component: z
      .int({ error: 'must be a component number (1 or more)' })
      .min(1, { error: 'must be a component number (1 or more)' })
      .describe('Component number within the mission (Componente 1, 2, ...).'),
  })
  .superRefine((ref, ctx) => {
    // zod runs object refinements even when a field failed: an invalid mission is already reported.
    if (!Object.hasOwn(PNRR_MISSIONS, ref.mission) || !Number.isInteger(ref.component)) return;
    const count = PNRR_MISSIONS[ref.mission as PnrrMission].components.length;
    if (ref.component > count) {
      ctx.addIssue({
        code: 'custom',
        path: ['component'],
        message: `must be between 1 and ${count}: mission ${ref.mission} has ${count} components`,
      });
    }
  })
  .describe('A PNRR (Piano Nazionale di Ripresa e Resilienza) mission component, e.g. M1C2.');
export type PnrrRef = z.infer<typeof PnrrRef>;

/** Italian labels of a PNRR reference, e.g. M1C2 → mission and component labels. */
export const pnrrLabels = (
  ref: PnrrRef,
): { readonly mission: string; readonly component: string } => {
  const mission = PNRR_MISSIONS[ref.mission as PnrrMission];
  return { mission: mission.label, component: mission.components[ref.component - 1] ?? '' };
};
