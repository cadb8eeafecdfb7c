import { describe, expect, it } from "vitest";
import { currentNavItem, navItems, navSections, type NavUser } from "./nav-items";

const user = (role: NavUser["role"], volunteerTier: number | null = null): NavUser => ({
  id: 1,
  name: "测试",
  role,
  volunteerTier,
});

describe("navigation", () => {
  it("marks only the closest entry as the current page", () => {
    const items = navItems(user("resident"));
    expect(currentNavItem(items, "/me/household")?.to).toBe("/me/household");
    expect(currentNavItem(items, "/me/courses")?.to).toBe("/me/courses");
    expect(currentNavItem(items, "/me")?.to).toBe("/me");
    expect(currentNavItem(items, "/courses/12")?.to).toBe("/courses");
  });

  it("marks the home entry on the home page only", () => {
    const items = navItems(null);
    expect(currentNavItem(items, "/")?.to).toBe("/");
    expect(currentNavItem(items, "/login")).toBeNull();
  });

  it("marks a staff page under its own entry, not the workbench's", () => {
    const items = navItems(user("admin"));
    expect(currentNavItem(items, "/admin")?.to).toBe("/admin");
    expect(currentNavItem(items, "/admin/people/3")?.to).toBe("/admin/people");
    expect(currentNavItem(items, "/admin/courses/new")?.to).toBe("/admin/courses");
    expect(currentNavItem(items, "/ledgers/hardship/print")?.label).toBe("nav.ledgers");
  });

  it("keeps every entry of a role reachable from the bar or a menu", () => {
    for (const role of ["resident", "volunteer", "organizer", "admin"] as const) {
      const items = navItems(user(role, role === "volunteer" ? 2 : null));
      const { bar, menus } = navSections(items);
      expect([...bar, ...menus.flatMap((m) => m.items)].map((i) => i.to).sort()).toEqual(
        items.map((i) => i.to).sort(),
      );
    }
  });

  it("folds the staff's work into menus and leaves the everyday pages in the bar", () => {
    const { bar, menus } = navSections(navItems(user("admin")));
    expect(bar.map((i) => i.to)).toEqual(["/", "/courses", "/help"]);
    expect(menus.map((m) => m.group)).toEqual(["mine", "work", "manage"]);
  });

  it("gives everyone signed in their messages with the unread count, and the audit log to staff", () => {
    for (const role of ["resident", "volunteer", "organizer", "admin"] as const) {
      const items = navItems({ ...user(role), unreadMessages: 3 });
      expect(items.find((i) => i.to === "/messages")?.count).toBe(3);
      expect(items.some((i) => i.to === "/admin/audit")).toBe(role === "organizer" || role === "admin");
    }
    expect(navItems(null).some((i) => i.to === "/messages")).toBe(false);
  });

  it("shows a cadre the roster and a grass-roots volunteer not", () => {
    expect(navItems(user("volunteer", 2)).some((i) => i.to === "/roster")).toBe(true);
    expect(navItems(user("volunteer", 4)).some((i) => i.to === "/roster")).toBe(false);
  });
});
