/**
 * Error codes of the web's own checks (`validAt:not_a_date`) and page errors, in the reader's
 * language. Anything else is the API's own explanation and is shown as it is.
 */
import { m } from '$lib/paraglide/messages.js';

const REASONS: Readonly<Record<string, () => string>> = {
  not_a_date: m.error_not_a_date,
  not_a_partial_date: m.error_not_a_partial_date,
  out_of_range: m.error_out_of_range,
  not_a_time: m.error_not_a_time,
  in_the_future: m.error_in_the_future,
  required: m.error_required,
  after_to: m.error_after_to,
  not_a_slug: m.error_not_a_slug,
  not_a_number: m.error_not_a_number,
  wrong_credentials: m.error_wrong_credentials,
  throttled: m.error_throttled,
  api_unavailable: m.error_api_unavailable,
  not_found: m.error_not_found,
  forbidden: m.error_forbidden,
  sign_in_first: m.error_sign_in_first,
  already_registered: m.error_already_registered,
};

/** `field:reason` or `reason` → the reason in words; unknown codes are the API's text. */
export const errorText = (code: string | undefined): string | undefined => {
  if (code === undefined) return undefined;
  const reason = code.includes(':') ? code.slice(code.indexOf(':') + 1) : code;
  return REASONS[reason]?.() ?? reason;
};
