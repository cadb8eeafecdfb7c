// organizer.home: where an organizer lands after signing in (issue 19 makes it the cockpit).
import { page } from "../types";

export default page("organizer.home", "/admin", { as: "organizer@example.org" });
