// A read-only text field with a copy button. Without JavaScript the field alone works (select and copy);
// the button appears once the page is hydrated, and says whether copying worked.
import { useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";

const noSubscription = () => () => {};

export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const { t } = useTranslation("calendar");
  // False in the server's HTML and during hydration, true in the browser after it.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input
          id={id}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        {hydrated ? (
          <button
            type="button"
            className="secondary"
            onClick={() => void copy()}
            aria-describedby={`${id}-status`}
          >
            {t("created.copy")}
          </button>
        ) : null}
      </div>
      <p id={`${id}-status`} className="hint" role="status">
        {state === "copied" ? t("created.copied") : state === "failed" ? t("created.copyFailed") : ""}
      </p>
    </div>
  );
}
