// Fetches a calendar feed through the feed route's own function and prints the body, for the calendar tests
// to parse under other server time zones: `TZ=… DATABASE_URL=… tsx tests/support/feed-ics.ts TOKEN NOW`.
import { feedResponse } from "#app/modules/calendar/feed.server";
import { getDatabase } from "#db/client.server";

const [token = "", now = ""] = process.argv.slice(2);
const response = await feedResponse(
  new Request(`http://localhost/calendar/${token}.ics`),
  `${token}.ics`,
  new Date(now),
);
process.stdout.write(`${response.status}\n${await response.text()}`);
getDatabase().close();
