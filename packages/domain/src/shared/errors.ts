/**
 * Why a decider refused a command. Every error names the offending field (a dotted path from the
 * command root, e.g. `data.effectiveDate`) and says why in plain English.
 */
export type DomainErrorCode =
  /** The network, organisation, project or success story already exists. */
  | 'already_registered'
  /** The command targets a network, organisation or project that was never registered. */
  | 'not_registered'
  /** The organisation is already an active member of the network. */
  | 'already_member'
  /** The organisation is not an active member of the network. */
  | 'not_member'
  /** The date falls before the network was established. */
  | 'before_establishment'
  /** The date falls after the command's `now`. */
  | 'in_the_future'
  /** The date falls before a fact it must follow (e.g. a leave before its join). */
  | 'out_of_order'
  /** The command would record nothing new (same name, same category, already a partner...). */
  | 'no_change'
  /** A correction names an event that is not a correctable fact of this stream. */
  | 'unknown_fact'
  /** A correction does not fit the kind of fact it names. */
  | 'correction_mismatch'
  /** The fact cannot happen in the aggregate's current lifecycle stage. */
  | 'invalid_state';

export interface DomainError {
  readonly code: DomainErrorCode;
  /** Dotted path from the command root, e.g. `data.effectiveDate`. */
  readonly field: string;
  /** Plain-English reason, e.g. `must not be before the network was established (2014)`. */
  readonly reason: string;
  /** `field` and `reason` together, ready to show. */
  readonly message: string;
}

export const domainError = (code: DomainErrorCode, field: string, reason: string): DomainError => ({
  code,
  field,
  reason,
  message: `${field} ${reason}`,
});
