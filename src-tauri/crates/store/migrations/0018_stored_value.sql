-- Issue 6: store credit and gift cards (replica, from the hub: cards are
-- retailer-wide) and their ledger of movements. A balance is the sum of the
-- movements, never a stored number. Movements are the hub's (origin 'hub',
-- written by sync) and this device's own debits not yet confirmed (origin
-- 'local', id `{event_id}/t{n}`, carried by the sale's outbox event
-- event_id): the hub's movement of the same id takes the local row's place,
-- and a local row whose event the hub rejected no longer counts.
CREATE TABLE stored_value_cards (
    id           TEXT PRIMARY KEY,
    number       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    currency     TEXT NOT NULL,
    customer_id  TEXT,
    issued_at    TEXT NOT NULL,
    active       INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX stored_value_cards_by_number ON stored_value_cards(number);

CREATE TABLE stored_value_movements (
    id           TEXT PRIMARY KEY,
    card_id      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    occurred_at  TEXT NOT NULL,
    source_id    TEXT,
    store_id     TEXT,
    origin       TEXT NOT NULL CHECK (origin IN ('hub','local')),
    event_id     TEXT,
    CHECK ((origin = 'local') = (event_id IS NOT NULL))
) STRICT;
CREATE INDEX stored_value_movements_by_card ON stored_value_movements(card_id, occurred_at);
