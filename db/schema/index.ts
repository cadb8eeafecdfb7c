// Each domain keeps its tables in its own file; this re-export is what drizzle and the client see.
export * from "./core";
export * from "./email";
export * from "./households";
export * from "./auth";
export * from "./roster";
export * from "./courses";
export * from "./help";
export * from "./announcements";
export * from "./calendar";
export * from "./visits";
export * from "./messages";
export * from "./material";
export * from "./service";
export * from "./programmes";
export * from "./cockpit";
