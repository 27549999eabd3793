/** Valid command inputs for the tests, on records the Lombardy dataset does not hold. */

export const SOURCE = { document: 'api-test.txt', section: 'tests' } as const;

export const organisation = (organisationId: string, name = `Org ${organisationId}`) => ({
  organisationId,
  kind: 'company' as const,
  name,
  city: 'Milano',
  province: 'MI',
  country: 'IT',
});

export const network = (networkId: string) => ({
  networkId,
  kind: 'technology_cluster' as const,
  name: `Cluster ${networkId}`,
  acronym: networkId.toUpperCase(),
  headquarters: [{ city: 'Milano', province: 'MI' }],
  s3Ecosystems: ['manifattura_avanzata' as const],
  technologyAreas: ['robotica'],
  establishedOn: '2015',
});

export const funding = (projectId: string, networkId: string, lead: string) => ({
  projectId,
  title: `Project ${projectId}`,
  programme: 'Horizon 2020',
  funder: 'Commissione Europea',
  amount: { value: 250_000, currency: 'EUR' as const },
  startDate: '2019-01',
  endDate: '2022-12',
  lead: { kind: 'organisation' as const, id: lead },
  partners: [],
  networks: [networkId],
  s3Ecosystems: ['sostenibilita' as const],
  pnrr: [],
  fundedOn: '2018-11',
  dateQualifier: 'on' as const,
});
