import type { Role } from '@ledger/api';
import type { Api } from '$lib/server/api.ts';

declare global {
  namespace App {
    interface Error {
      /** A message key (`not_found`, `forbidden`...) or the API's own words. */
      message: string;
    }
    interface Locals {
      /** The API as the signed-in user (or anonymous: only sign-in answers). */
      api: Api;
      user: { readonly username: string; readonly role: Role } | null;
    }
  }
}
