import { type DomainError, domainError } from './errors.ts';
import { dayOf, isBefore, isInFuture, type PartialDate } from './partialDate.ts';

/** Refuses a date after `now` or, when the network's founding date is known, before it. */
export const checkFactDate = (
  field: string,
  date: PartialDate,
  now: string,
  establishedOn?: PartialDate,
): DomainError | null => {
  if (isInFuture(date, now)) {
    return domainError(
      'in_the_future',
      field,
      `must not be in the future (${date} is after ${dayOf(now)})`,
    );
  }
  if (establishedOn !== undefined && isBefore(date, establishedOn)) {
    return domainError(
      'before_establishment',
      field,
      `must not be before the network was established (${date} is before ${establishedOn})`,
    );
  }
  return null;
};
