// reports.monthly: the committee's monthly report of every compound (issue 19; budget ≤ 2 s at full scale).
import { page } from "../types";

export default page("reports.monthly", "/reports/monthly", { as: "admin@example.org" });
