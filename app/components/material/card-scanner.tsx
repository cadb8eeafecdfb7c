// Reads a love card's QR code with the phone's camera (ZXing's browser reader) and hands its number on. The
// library loads only when the cashier asks for the camera, so the till works, typed, without it or without
// permission to use the camera.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { cardNumberFrom } from "#app/modules/material/card-number";

type State = "idle" | "starting" | "scanning" | "denied" | "unreadable";

export function CardScanner({ onCard }: { onCard: (number: string) => void }) {
  const { t } = useTranslation("material");
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<State>("idle");
  const stopRef = useRef<(() => void) | null>(null);

  useEffect(() => () => stopRef.current?.(), []);

  async function start() {
    if (!video.current) return;
    setState("starting");
    try {
      const [{ BrowserQRCodeReader }, { ChecksumException, FormatException, NotFoundException }] =
        await Promise.all([import("@zxing/browser"), import("@zxing/library")]);
      const reader = new BrowserQRCodeReader();
      let over = false;
      // The callback's own `controls`: the first frame is decoded before `decodeFromConstraints` returns (a
      // card already held up to the camera), when the awaited controls do not exist yet.
      const controls = await reader.decodeFromConstraints(
        { video: { facingMode: "environment" } },
        video.current,
        (result, error, frameControls) => {
          if (!result) {
            // No code in this frame: ZXing tries the next one. Anything else has stopped the scan for good.
            const retried =
              !error ||
              error instanceof NotFoundException ||
              error instanceof ChecksumException ||
              error instanceof FormatException;
            if (!retried) {
              over = true;
              stopRef.current = null;
              setState("denied");
            }
            return;
          }
          const number = cardNumberFrom(result.getText());
          if (number) {
            over = true;
            frameControls.stop();
            stopRef.current = null;
            setState("idle");
            onCard(number);
          } else setState("unreadable");
        },
      );
      if (over) return;
      stopRef.current = () => controls.stop();
      setState((s) => (s === "starting" ? "scanning" : s));
    } catch {
      setState("denied");
    }
  }

  function stop() {
    stopRef.current?.();
    stopRef.current = null;
    setState("idle");
  }

  const live = state === "scanning" || state === "starting" || state === "unreadable";
  return (
    <div className="material-scanner stack">
      <video
        ref={video}
        className="material-scanner-video"
        hidden={!live}
        muted
        playsInline
        aria-label={t("till.cameraView")}
      />
      <p className="button-row">
        {live ? (
          <button type="button" className="secondary" onClick={stop}>
            {t("till.stopCamera")}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void start()}>
            {t("till.scan")}
          </button>
        )}
      </p>
      <p role="status" className="hint">
        {state === "scanning" ? t("till.scanning") : null}
        {state === "denied" ? t("till.cameraDenied") : null}
        {state === "unreadable" ? t("till.unreadable") : null}
      </p>
    </div>
  );
}
