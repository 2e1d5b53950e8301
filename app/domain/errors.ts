/**
 * The one error shape of the product (DESIGN.md "Errors for machines"): an HTTP status, a stable
 * machine-readable code, an English message for logs and machines, and details that say what and where.
 * People see the code rendered through i18next (`errors:<code>`) in their interface language.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unexpected_field'
  | 'csrf_rejected'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'version_conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_encoding'
  | 'invalid_unicode'
  | 'control_character'
  | 'unbalanced_bidi_control'
  | 'segment_too_long'
  | 'placeholder_mismatch'
  | 'invalid_credentials'
  | 'password_too_short'
  | 'password_too_long'
  | 'invalid_email'
  | 'email_taken'
  | 'setup_done'
  | 'busy'
  | 'unsupported_encoding'
  | 'empty_source'
  | 'not_a_docx'
  | 'unreadable_docx'
  | 'invalid_srx'
  | 'source_changed_meanwhile'
  | 'slug_invalid'
  | 'suggest_instead'
  | 'self_approval_forbidden'
  | 'comment_required'
  | 'nothing_to_approve'
  | 'invitation_invalid'
  | 'password_too_common'
  | 'too_many_attempts'
  | 'role_required'
  | 'last_coordinator'
  | 'doctype_not_allowed'
  | 'malformed_xml'
  | 'nesting_too_deep'
  | 'not_xliff'
  | 'unsupported_xliff'
  | 'invalid_xliff'
  | 'wrong_document'
  | 'source_language_mismatch'
  | 'target_language_mismatch'
  | 'unknown_unit_ids'
  | 'duplicate_unit_id'
  | 'not_tmx'
  | 'invalid_tmx'
  | 'nothing_to_import'
  | 'import_expired'
  | 'not_ready_to_publish';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: Record<string, unknown> };
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value &&
    typeof (value as ErrorBody).error?.code === 'string';
}
