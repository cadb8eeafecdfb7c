import { getDatabase } from "#db/client.server";

export async function loader() {
  const database = await getDatabase().ping();
  return Response.json(
    { ok: database, database: database ? "up" : "down" },
    { status: database ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
