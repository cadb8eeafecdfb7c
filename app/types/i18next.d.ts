import "i18next";
import type { resources } from "#app/modules/i18n/resources";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: (typeof resources)["zh-CN"];
    returnNull: false;
  }
}
