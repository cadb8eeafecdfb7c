// visits.filtered: an organizer's past visits narrowed to the last month and one state (the filter form's
// volunteer and compound choices are read on every load): the list with its filters, at full scale.
import { page } from "../types";

function lastMonth(): string {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return `/visits?tab=past&status=done&from=${day(-30)}&to=${day(0)}`;
}

export default page("visits.filtered", async () => lastMonth(), { as: "organizer@example.org" });
