// Navigation by role, in groups, and which entry is the page being shown. Each domain adds its entries here;
// the server still checks every page it links to.
import type { ParseKeys } from "i18next";
import type { Role } from "#db/schema/core";
import { can } from "#app/modules/auth/policy";

export interface NavUser {
  id: number;
  name: string;
  role: Role;
  volunteerTier: number | null;
  /** Messages not yet opened, shown beside the Messages entry. */
  unreadMessages?: number;
}

/** `main` entries stand in the bar; the others fold into a menu each, named by the group. */
export const navGroups = ["main", "mine", "work", "manage"] as const;
export type NavGroup = (typeof navGroups)[number];

export interface NavItem {
  to: string;
  label: ParseKeys<"common">;
  group: NavGroup;
  /** The path this entry stands for when it differs from where it leads (both ledgers, not only one). */
  section?: string;
  /** A count shown beside the label (unread messages). */
  count?: number;
}

export function navItems(user: NavUser | null): NavItem[] {
  const role = user?.role;
  const staff = role === "organizer" || role === "admin";
  const items: NavItem[] = [
    { to: "/", label: "nav.home", group: "main" },
    { to: "/courses", label: "nav.courses", group: "main" },
  ];
  if (role === "resident" || role === "volunteer")
    items.push({ to: "/announcements", label: "nav.announcements", group: "main" });
  if (user) items.push({ to: "/help", label: "nav.help", group: "main" });
  if (role === "resident") {
    items.push({ to: "/me", label: "nav.me", group: "mine" });
    items.push({ to: "/me/household", label: "nav.myHousehold", group: "mine" });
    items.push({ to: "/me/courses", label: "nav.myCourses", group: "mine" });
  }
  if (role === "volunteer") {
    items.push({ to: "/volunteer", label: "nav.volunteer", group: "mine" });
    items.push({ to: "/visits", label: "nav.visits", group: "mine" });
    items.push({ to: "/households", label: "nav.households", group: "mine" });
    items.push({ to: "/service", label: "nav.serviceHours", group: "mine" });
    items.push({ to: "/volunteer/profile", label: "nav.volunteerProfile", group: "mine" });
  }
  // Supervisors (tiers 1–3) see their team and confirm its hours; staff confirm and record activities.
  if (role === "volunteer" && user?.volunteerTier != null && user.volunteerTier <= 3) {
    items.push({ to: "/team", label: "nav.team", group: "work" });
    items.push({ to: "/service/review", label: "nav.serviceReview", group: "work" });
  }
  if (user) {
    items.push({ to: "/messages", label: "nav.messages", group: "mine", count: user.unreadMessages });
    items.push({ to: "/account", label: "nav.account", group: "mine" });
  }
  if (staff) {
    items.push({ to: "/admin", label: "nav.admin", group: "work" });
    items.push({ to: "/households", label: "nav.households", group: "work" });
    items.push({ to: "/visits", label: "nav.visits", group: "work" });
    items.push({ to: "/ledgers/extreme", label: "nav.ledgers", group: "work", section: "/ledgers" });
  }
  // Cadres (tiers 1–2) oversee the volunteers under them; staff the whole roster.
  if (staff || (role === "volunteer" && user?.volunteerTier != null && user.volunteerTier <= 2))
    items.push({ to: "/roster", label: "nav.roster", group: "work" });
  if (staff) {
    items.push({ to: "/admin/help/hotline", label: "nav.hotline", group: "work" });
    items.push({ to: "/till", label: "nav.till", group: "work" });
    items.push({ to: "/fund", label: "nav.fund", group: "work" });
    items.push({ to: "/love-card", label: "nav.loveCards", group: "work" });
    items.push({ to: "/programmes", label: "nav.programmes", group: "work" });
    items.push({ to: "/service/review", label: "nav.serviceReview", group: "work" });
    items.push({ to: "/service/activities", label: "nav.serviceActivities", group: "work" });
    items.push({ to: "/admin/people", label: "nav.people", group: "manage" });
    items.push({ to: "/admin/courses", label: "nav.adminCourses", group: "manage" });
    items.push({ to: "/admin/announcements", label: "nav.adminAnnouncements", group: "manage" });
  }
  const actor = user && { ...user, compoundId: null, supervisorId: null };
  if (can(actor, "mailbox.read")) items.push({ to: "/admin/mailbox", label: "nav.mailbox", group: "manage" });
  if (can(actor, "mailbox.read")) items.push({ to: "/admin/sms", label: "nav.sms", group: "manage" });
  if (can(actor, "outbox.manage")) items.push({ to: "/admin/outbox", label: "nav.outbox", group: "manage" });
  if (can(actor, "audit.read")) items.push({ to: "/admin/audit", label: "nav.audit", group: "manage" });
  if (can(actor, "settings.manage"))
    items.push({ to: "/admin/settings", label: "nav.settings", group: "manage" });
  return items;
}

export interface NavSection {
  group: Exclude<NavGroup, "main">;
  items: NavItem[];
}

/**
 * The bar and its menus: the `main` entries first, then a menu per group. A group of one entry has nothing
 * to fold, so its entry joins the bar.
 */
export function navSections(items: NavItem[]): { bar: NavItem[]; menus: NavSection[] } {
  const menus: NavSection[] = navGroups
    .filter((group): group is NavSection["group"] => group !== "main")
    .map((group) => ({ group, items: items.filter((item) => item.group === group) }));
  return {
    bar: [
      ...items.filter((item) => item.group === "main"),
      ...menus.flatMap((m) => (m.items.length === 1 ? m.items : [])),
    ],
    menus: menus.filter((m) => m.items.length > 1),
  };
}

/** The one entry for the page at `pathname`: the longest path it lies under (`/me/courses`, not `/me`). */
export function currentNavItem(items: NavItem[], pathname: string): NavItem | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  let best: NavItem | null = null;
  let bestLength = -1;
  for (const item of items) {
    const section = item.section ?? item.to;
    const covers = path === section || (section !== "/" && path.startsWith(`${section}/`));
    if (covers && section.length > bestLength) {
      best = item;
      bestLength = section.length;
    }
  }
  return best;
}
