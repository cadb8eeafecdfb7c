/** A month as forms and links carry it: YYYY-MM. */
export const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
