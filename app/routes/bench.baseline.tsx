// The bare page that `npm run bench` measures every other page against: the same server, root loader,
// document shell and i18n as any page, but no loader or data of its own (tests/bench/run.ts).
import { useTranslation } from "react-i18next";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("bench:baseline.title", [{ name: "robots", content: "noindex" }]);

export default function BenchBaseline() {
  const { t } = useTranslation("bench");
  return (
    <section aria-labelledby="baseline-title">
      <h1 id="baseline-title">{t("baseline.title")}</h1>
      <p>{t("baseline.body")}</p>
    </section>
  );
}
