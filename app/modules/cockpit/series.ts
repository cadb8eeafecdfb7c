// The cockpit's twelve-month series, in the order the page shows them: the kept rows, the count and the page
// read one list.
export const trendSeries = [
  "withHelper",
  "visitsDone",
  "helpAsked",
  "helpResolved",
  "coursesCompleted",
  "goalsMet",
  "creditsIssuedFen",
  "creditsSpentFen",
  "volunteerMinutes",
] as const;
export type TrendSeries = (typeof trendSeries)[number];
