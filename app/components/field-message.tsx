// A field's error line that does not make the form jump: once shown, its line stays reserved (empty) after
// the field becomes valid, so the controls below do not move under a finger on the way to them.
import { useState } from "react";

export function FieldMessage({ id, message }: { id: string; message: string | null }) {
  const [shown, setShown] = useState(false);
  // Adjusting state while rendering (React's pattern for state derived from a prop's history).
  if (message && !shown) setShown(true);
  if (message)
    return (
      <p id={id} className="field-error">
        {message}
      </p>
    );
  // The same line as a message, blank: a no-break space keeps its height whatever the font.
  return shown ? (
    <p className="field-error-slot" aria-hidden="true">
      {"\u00a0"}
    </p>
  ) : null;
}
