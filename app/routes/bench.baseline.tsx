// The bare page that `npm run bench` measures every other page against: the same server, root loader,
// document shell and i18n as any page, but no loader or data of its own (tests/bench/run.ts).
import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { getT, isLocale } from "#app/modules/i18n/i18n";
import type { loader as rootLoader } from "#app/root";

export const meta: MetaFunction<unknown, { root: typeof rootLoader }> = ({ matches }) => {
  const locale = matches.find((m) => m.id === "root")?.data?.locale;
  const t = getT(isLocale(locale) ? locale : "zh-CN");
  return [{ title: t("bench:baseline.title") }, { name: "robots", content: "noindex" }];
};

export default function BenchBaseline() {
  const { t } = useTranslation("bench");
  return (
    <section aria-labelledby="baseline-title">
      <h1 id="baseline-title">{t("baseline.title")}</h1>
      <p>{t("baseline.body")}</p>
    </section>
  );
}
