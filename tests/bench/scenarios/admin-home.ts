// admin.home: the admin's home, the cockpit over every compound (issue 19; figures kept, decision 038).
import { page } from "../types";

export default page("admin.home", "/admin", { as: "admin@example.org" });
