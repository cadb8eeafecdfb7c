// The vocabulary of material help (物质帮扶): the ledger's accounts and movement kinds, the duties an account may
// hold beside its role, donors, payment methods and grant states. Shared by schema, server, pages and tests.

/**
 * The fund's own accounts. Entries are signed: positive is a debit. Assets (cash, bank, stock) carry a
 * positive balance; income carries a negative one; expenses a positive one; each love card is a liability
 * (what the fund owes the household in goods), so its balance is zero or negative and the card holds −balance.
 */
export const fundAccounts = [
  "cash",
  "bank",
  "stock",
  "donations_cash",
  "donations_goods",
  "operating_income",
  "card_credits",
  "relief_grants",
  "goods_given",
  "goods_sold",
  "stock_adjustments",
] as const;
export type FundAccount = (typeof fundAccounts)[number];
export const accountKinds = [...fundAccounts, "card"] as const;
export type AccountKind = (typeof accountKinds)[number];

export const assetAccounts = ["cash", "bank", "stock"] as const satisfies readonly FundAccount[];
export const incomeAccounts = [
  "donations_cash",
  "donations_goods",
  "operating_income",
] as const satisfies readonly FundAccount[];
export const expenseAccounts = [
  "card_credits",
  "relief_grants",
  "goods_given",
  "goods_sold",
  "stock_adjustments",
] as const satisfies readonly FundAccount[];

export const movementKinds = [
  "donation_cash",
  "donation_goods",
  "operating_income",
  "card_credit",
  "card_sale",
  "public_sale",
  "grant",
  "stock_purchase",
  "stocktake",
  "card_reissue",
  "reversal",
] as const;
export type MovementKind = (typeof movementKinds)[number];

/** Duties (职责) an account holds beside its role, per compound or for the whole community. */
export const duties = ["cashier", "treasurer", "approver"] as const;
export type Duty = (typeof duties)[number];

export const donorKinds = ["person", "company", "anonymous"] as const;
export type DonorKind = (typeof donorKinds)[number];

/** How a grant is paid out, or a purchase paid for. */
export const paymentMethods = ["cash", "transfer", "card"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export const grantReasons = ["disaster", "illness", "death", "other"] as const;
export type GrantReason = (typeof grantReasons)[number];

export const grantStatuses = ["proposed", "approved", "rejected", "paid"] as const;
export type GrantStatus = (typeof grantStatuses)[number];

export const cardStatuses = ["active", "blocked"] as const;
export type CardStatus = (typeof cardStatuses)[number];

export const goodsCategories = ["grain_oil", "food", "daily", "clothing", "school", "other"] as const;
export type GoodsCategory = (typeof goodsCategories)[number];

export const goodsSources = ["donated", "bought"] as const;
export type GoodsSource = (typeof goodsSources)[number];

/** Numbered series of printed documents: donation receipts (捐赠收据) and payment vouchers (付款凭证). */
export const documentSeries = { donation: "JZ", grant: "FK", sale: "XS", stock: "KC", other: "PZ" } as const;
export type DocumentSeries = keyof typeof documentSeries;
