-- What the device needs to follow the hub: its credentials and what the hub
-- refused or flagged (the conflicts inbox).

CREATE TABLE hub_link (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    hub_url      TEXT NOT NULL,
    token        TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    store_id     TEXT NOT NULL,
    enrolled_at  TEXT NOT NULL,
    revoked_at   TEXT,
    last_success_at TEXT
) STRICT;

-- Rejections and conflicts the hub answered for pushed events, for a person
-- to read and act on.
CREATE TABLE conflicts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    message      TEXT NOT NULL,
    detail_json  TEXT NOT NULL,
    reported_at  TEXT NOT NULL,
    resolved_at  TEXT
) STRICT;
CREATE INDEX conflicts_open ON conflicts(resolved_at, id);
