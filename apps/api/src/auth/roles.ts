/**
 * Roles and what each may do. Editing and auditing are separate duties: an auditor reads the
 * audit trail and exports but records no facts, an editor records facts but reads no audit
 * trail; both read what a viewer reads, and an admin may do everything.
 */
export const ROLES = ['viewer', 'editor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const GRANTS: Readonly<Record<Role, readonly Role[]>> = {
  viewer: ['viewer'],
  editor: ['viewer', 'editor'],
  auditor: ['viewer', 'auditor'],
  admin: ROLES,
};

/** Whether a user holding `held` may call a procedure that requires `required`. */
export const grants = (held: Role, required: Role): boolean => GRANTS[held].includes(required);

export const isRole = (value: string): value is Role =>
  (ROLES as readonly string[]).includes(value);
