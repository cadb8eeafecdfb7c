// Links that put one event into somebody's own calendar: Google Calendar's "add event" page. Pure, so a page can
// build the link where it shows the event.

export interface LinkableEvent {
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
}

/** Google's template link takes UTC instants as `YYYYMMDDTHHMMSSZ`; it shows them in the viewer's own zone. */
function googleInstant(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export function googleCalendarUrl(event: LinkableEvent): string {
  const params = new URLSearchParams({
    action: "TEMPLATE",
    text: event.summary,
    dates: `${googleInstant(event.start)}/${googleInstant(event.end)}`,
  });
  if (event.description) params.set("details", event.description);
  if (event.location) params.set("location", event.location);
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}
