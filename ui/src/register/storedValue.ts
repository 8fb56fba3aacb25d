import type { StoredValueView } from "../bindings";

/** What a scanned store-credit or gift card holds, as one sentence for the message area. */
export function storedValueText(card: StoredValueView): string {
  const what = card.kind === "store_credit" ? "Store credit card" : "Gift card";
  const whose = card.customer_name ? ` (${card.customer_name})` : "";
  if (!card.active) {
    return `${what} ${card.number}${whose} is blocked and cannot pay; it holds ${card.balance.display}.`;
  }
  return `${what} ${card.number}${whose} holds ${card.balance.display}.`;
}
