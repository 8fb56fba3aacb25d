/** The words a return is made of (as Rust reads them) and how the counter reads them. */

export const REASONS: readonly { value: string; label: string }[] = [
  { value: "wrong_size", label: "Wrong size" },
  { value: "damaged", label: "Damaged" },
  { value: "not_as_described", label: "Not as described" },
  { value: "changed_mind", label: "Changed their mind" },
  { value: "other", label: "Other" },
];

export const DISPOSITIONS: readonly { value: string; label: string }[] = [
  { value: "restock", label: "Back to stock" },
  { value: "damaged", label: "Damaged (not for sale)" },
  { value: "return_to_vendor", label: "Return to vendor" },
];

const METHODS: Record<string, string> = {
  original: "Original payment",
  original_payment: "Original payment",
  cash: "Cash",
  card: "Card",
  store_credit: "Store credit",
  exchange: "Exchange credit",
};

/** A refund method (`original`, `cash`, …) or refunded tender as people read it. */
export function methodLabel(method: string): string {
  return METHODS[method] ?? method.replace(/_/g, " ");
}

const CHANNELS: Record<string, string> = { store: "In store", web: "Web shop", app: "App" };

export function channelLabel(channel: string): string {
  return CHANNELS[channel] ?? channel;
}
