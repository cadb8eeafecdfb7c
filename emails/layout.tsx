// The one layout of every email: the community's name on top, the message, and a footer that says who sent it
// and, for mail the recipient may turn off, how to stop it. Inline styles, because mail clients drop <style>.
import type { ReactNode } from "react";
import type { EmailT } from "./template";

const colors = { ink: "#1f2933", muted: "#52606d", brand: "#b42318", line: "#e4e7eb" };

export function EmailLayout({
  t,
  lang,
  community,
  title,
  unsubscribeUrl,
  children,
}: {
  t: EmailT;
  lang: string;
  community: string;
  title: string;
  unsubscribeUrl?: string;
  children: ReactNode;
}) {
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style={{ margin: 0, padding: "24px 12px", background: "#f5f7fa", color: colors.ink }}>
        <div
          style={{
            maxWidth: 560,
            margin: "0 auto",
            background: "#ffffff",
            border: `1px solid ${colors.line}`,
            borderRadius: 8,
            padding: 24,
            fontFamily: "system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif",
            fontSize: 17,
            lineHeight: 1.6,
          }}
        >
          <p style={{ margin: "0 0 16px", color: colors.brand, fontWeight: 700 }}>{community}</p>
          <h1 style={{ fontSize: 22, margin: "0 0 16px" }}>{title}</h1>
          {children}
          <hr style={{ border: 0, borderTop: `1px solid ${colors.line}`, margin: "24px 0 12px" }} />
          <p style={{ fontSize: 14, color: colors.muted, margin: "0 0 4px" }}>
            {t("email:layout.footer", { community })}
          </p>
          <p style={{ fontSize: 14, color: colors.muted, margin: 0 }}>{t("email:layout.automatic")}</p>
          {unsubscribeUrl ? (
            <p style={{ fontSize: 14, margin: "8px 0 0" }}>
              <a href={unsubscribeUrl} style={{ color: colors.muted }}>
                {t("email:layout.unsubscribe")}
              </a>
            </p>
          ) : null}
        </div>
      </body>
    </html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <p style={{ margin: "0 0 16px" }}>{children}</p>;
}

/** A link that looks like a button, with the address written out below for clients that hide links. */
export function ButtonLink({ href, label }: { href: string; label: string }) {
  return (
    <>
      <p style={{ margin: "0 0 8px" }}>
        <a
          href={href}
          style={{
            display: "inline-block",
            background: colors.brand,
            color: "#ffffff",
            padding: "12px 20px",
            borderRadius: 6,
            textDecoration: "none",
            fontWeight: 600,
          }}
        >
          {label}
        </a>
      </p>
      <p style={{ margin: "0 0 16px", fontSize: 14, color: colors.muted, wordBreak: "break-all" }}>{href}</p>
    </>
  );
}
