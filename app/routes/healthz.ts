import { sql } from 'drizzle-orm';
import { getDb } from '~/services/database.server';

/** 200 `{"ok":true}` when the database answers (DESIGN.md "HTTP"); 503 otherwise. */
export function loader() {
  try {
    getDb().get(sql`SELECT 1`);
    return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    console.error('healthz: database did not answer', error);
    return Response.json({ ok: false, error: { code: 'database_unavailable', message: 'the database did not answer', details: {} } }, { status: 503 });
  }
}
