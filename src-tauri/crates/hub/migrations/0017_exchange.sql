-- Issue 8: exchanges. A register sale may be paid in part with the value of
-- items returned in the same transaction (tender kind 'exchange'); SQLite
-- cannot widen a CHECK, so `register_sale_tenders` is rebuilt.
CREATE TABLE register_sale_tenders_new (
    sale_id        TEXT NOT NULL REFERENCES register_sales(sale_id),
    tender_no      INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('cash','card','store_credit','loyalty','exchange')),
    amount_minor   INTEGER NOT NULL,
    PRIMARY KEY (sale_id, tender_no)
) STRICT, WITHOUT ROWID;
INSERT INTO register_sale_tenders_new SELECT sale_id, tender_no, kind, amount_minor FROM register_sale_tenders;
DROP TABLE register_sale_tenders;
ALTER TABLE register_sale_tenders_new RENAME TO register_sale_tenders;
