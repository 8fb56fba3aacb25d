-- Issue 5 (benchmark): customer search as you type on a million customers.
-- A typed word longer than the indexed prefixes ("example"*, "49151"*) or of
-- one letter ("s"*) made FTS5 merge the doclists of every term it starts,
-- up to 100 ms a keystroke. Prefixes of 1 to 8 characters are indexed now
-- (the index about doubles, ~120 → ~220 MB at a million customers).
-- Same columns, same rows (as 0007 writes them), same triggers.

DROP TABLE customers_fts;

CREATE VIRTUAL TABLE customers_fts USING fts5(
    search_text, phone_digits,
    content = 'customers', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6 7 8'
);

INSERT INTO customers_fts(rowid, search_text, phone_digits)
    SELECT rowid, search_text,
        coalesce(phone_digits, '') || CASE WHEN phone LIKE '+% %' AND phone_digits IS NOT NULL
            THEN ' ' || substr(phone_digits, instr(phone, ' ') - 1) ELSE '' END
    FROM customers;
