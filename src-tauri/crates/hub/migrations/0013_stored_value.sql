-- Issue 6: store credit and gift cards, retailer-wide (issued at one store
-- or centrally, spent at any). A card's balance is the sum of its ledger of
-- movements (issue, top-up, redeem at a sale, refund), never a number kept
-- on the card. A redemption made from a pushed sale's n-th tender has the id
-- `{event_id}/t{n}`, so it replaces the device's own overlay row and a
-- replayed event cannot debit twice. Erasing a customer unlinks their cards
-- (the money on them stays).
CREATE TABLE stored_value_cards (
    id           TEXT PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('gift_card','store_credit')),
    currency     TEXT NOT NULL,
    customer_id  TEXT,
    issued_at    TEXT NOT NULL,
    active       INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX stored_value_cards_by_customer ON stored_value_cards(customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE stored_value_movements (
    id           TEXT PRIMARY KEY,
    card_id      TEXT NOT NULL REFERENCES stored_value_cards(id),
    kind         TEXT NOT NULL CHECK (kind IN ('issue','top_up','redeem','refund')),
    amount_minor INTEGER NOT NULL,
    occurred_at  TEXT NOT NULL,
    source_id    TEXT,
    store_id     TEXT
) STRICT;
CREATE INDEX stored_value_movements_by_card ON stored_value_movements(card_id, occurred_at);
