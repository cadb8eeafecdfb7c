// The audit log: who did what to which record, from where. Callers pass the transaction of the change,
// so the entry and the change commit together. Never pass a password, token or code in `details`.
import { schema, type Queryable } from "#db/client.server";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export async function audit(q: Queryable, entry: AuditEntry): Promise<void> {
  await q.insert(schema.auditLog).values(auditRow(entry));
}

/** The audit log's row for an entry (the read log writes many at once). */
export function auditRow(entry: AuditEntry, at?: Date): typeof schema.auditLog.$inferInsert {
  return {
    ...(at ? { at } : {}),
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined ? null : String(entry.targetId),
    ip: entry.ip ?? null,
    details: entry.details ?? null,
  };
}

/** The client's address: server.ts puts the peer (or, with TRUST_PROXY=1, the proxy-reported) address here. */
export function requestIp(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || null;
}
