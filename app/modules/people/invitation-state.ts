/** Where an account without a password stands: a live link, a lapsed one, one withdrawn, or none ever sent. */
export type InvitationState = "pending" | "expired" | "withdrawn" | "none";
