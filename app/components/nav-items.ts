// Navigation by role. Each domain adds its entries here; the server still checks every page it links to.
import type { ParseKeys } from "i18next";
import type { Role } from "#db/schema/core";
import { can } from "#app/modules/auth/policy";

export interface NavUser {
  id: number;
  name: string;
  role: Role;
  volunteerTier: number | null;
}

export interface NavItem {
  to: string;
  label: ParseKeys<"common">;
}

export function navItems(user: NavUser | null): NavItem[] {
  const items: NavItem[] = [
    { to: "/", label: "nav.home" },
    { to: "/courses", label: "nav.courses" },
  ];
  if (user?.role === "resident" || user?.role === "volunteer")
    items.push({ to: "/announcements", label: "nav.announcements" });
  if (user?.role === "resident") {
    items.push({ to: "/me", label: "nav.me" });
    items.push({ to: "/me/household", label: "nav.myHousehold" });
    items.push({ to: "/me/courses", label: "nav.myCourses" });
  }
  if (user?.role === "volunteer") {
    items.push({ to: "/volunteer", label: "nav.volunteer" });
    items.push({ to: "/visits", label: "nav.visits" });
    items.push({ to: "/households", label: "nav.households" });
  }
  // Cadres (tiers 1–2) oversee the volunteers under them; staff the whole roster.
  if (
    user?.role === "organizer" ||
    user?.role === "admin" ||
    (user?.role === "volunteer" && user.volunteerTier !== null && user.volunteerTier <= 2)
  )
    items.push({ to: "/roster", label: "nav.roster" });
  if (user?.role === "organizer" || user?.role === "admin") {
    items.push({ to: "/admin", label: "nav.admin" });
    items.push({ to: "/households", label: "nav.households" });
    items.push({ to: "/visits", label: "nav.visits" });
    items.push({ to: "/ledgers/extreme", label: "nav.ledgers" });
    items.push({ to: "/admin/people", label: "nav.people" });
    items.push({ to: "/admin/courses", label: "nav.adminCourses" });
    items.push({ to: "/admin/announcements", label: "nav.adminAnnouncements" });
  }
  if (user) items.push({ to: "/help", label: "nav.help" });
  if (user?.role === "organizer" || user?.role === "admin")
    items.push({ to: "/admin/help/hotline", label: "nav.hotline" });
  if (user) items.push({ to: "/account", label: "nav.account" });
  const actor = user && { ...user, compoundId: null, supervisorId: null };
  if (can(actor, "mailbox.read")) items.push({ to: "/admin/mailbox", label: "nav.mailbox" });
  if (can(actor, "outbox.manage")) items.push({ to: "/admin/outbox", label: "nav.outbox" });
  return items;
}
