/** The root router: its type, `AppRouter`, is the front end's contract. */
import { adminRouter } from './router/admin.ts';
import { auditRouter } from './router/audit.ts';
import { authRouter } from './router/auth.ts';
import { catalogRouter } from './router/catalog.ts';
import { liveRouter } from './router/live.ts';
import { membershipsRouter } from './router/memberships.ts';
import { networksRouter } from './router/networks.ts';
import { organisationsRouter } from './router/organisations.ts';
import { projectsRouter } from './router/projects.ts';
import { reportsRouter } from './router/reports.ts';
import { searchRouter } from './router/search.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  networks: networksRouter,
  organisations: organisationsRouter,
  memberships: membershipsRouter,
  projects: projectsRouter,
  reports: reportsRouter,
  search: searchRouter,
  catalog: catalogRouter,
  audit: auditRouter,
  admin: adminRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
