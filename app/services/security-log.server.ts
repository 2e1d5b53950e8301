import { securityLog } from '../../db/schema';
import { getDb } from './database.server';

export type SecurityEventKind = 'csrf_rejected' | 'login_refused' | 'permission_refused';

/** Appends a refusal to `security_log`; never lets a logging failure turn a 403 into a 500. */
export function logSecurityEvent(event: { kind: SecurityEventKind; request: { method: string; url: string }; userId?: number | null; details?: Record<string, unknown> }) {
  try {
    const url = new URL(event.request.url);
    getDb().insert(securityLog).values({
      kind: event.kind,
      userId: event.userId ?? null,
      method: event.request.method,
      path: url.pathname,
      details: JSON.stringify(event.details ?? {}),
    }).run();
  } catch (error) {
    console.error('security_log write failed', error);
  }
}
