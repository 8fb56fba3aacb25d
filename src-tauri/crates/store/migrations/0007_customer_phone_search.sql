-- Issue 5: customers are found by phone as people say the number: in the
-- international form ("+49 151 2345…", "0049 151…") or the national one
-- ("0151 2345…"). The index's phone column now holds both the international
-- digits and the national digits (the international ones without the
-- country code, which is the first group of the displayed "+CC …" number).

DROP TRIGGER customers_fts_insert;
DROP TRIGGER customers_fts_delete;
DROP TRIGGER customers_fts_update;

CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_fts(rowid, search_text, phone_digits) VALUES (new.rowid, new.search_text,
        coalesce(new.phone_digits, '') || CASE WHEN new.phone LIKE '+% %' AND new.phone_digits IS NOT NULL
            THEN ' ' || substr(new.phone_digits, instr(new.phone, ' ') - 1) ELSE '' END);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_fts(customers_fts, rowid, search_text, phone_digits) VALUES ('delete', old.rowid, old.search_text,
        coalesce(old.phone_digits, '') || CASE WHEN old.phone LIKE '+% %' AND old.phone_digits IS NOT NULL
            THEN ' ' || substr(old.phone_digits, instr(old.phone, ' ') - 1) ELSE '' END);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE ON customers BEGIN
    INSERT INTO customers_fts(customers_fts, rowid, search_text, phone_digits) VALUES ('delete', old.rowid, old.search_text,
        coalesce(old.phone_digits, '') || CASE WHEN old.phone LIKE '+% %' AND old.phone_digits IS NOT NULL
            THEN ' ' || substr(old.phone_digits, instr(old.phone, ' ') - 1) ELSE '' END);
    INSERT INTO customers_fts(rowid, search_text, phone_digits) VALUES (new.rowid, new.search_text,
        coalesce(new.phone_digits, '') || CASE WHEN new.phone LIKE '+% %' AND new.phone_digits IS NOT NULL
            THEN ' ' || substr(new.phone_digits, instr(new.phone, ' ') - 1) ELSE '' END);
END;

-- Re-index the customers already there the same way.
INSERT INTO customers_fts(customers_fts) VALUES ('delete-all');
INSERT INTO customers_fts(rowid, search_text, phone_digits)
    SELECT rowid, search_text,
        coalesce(phone_digits, '') || CASE WHEN phone LIKE '+% %' AND phone_digits IS NOT NULL
            THEN ' ' || substr(phone_digits, instr(phone, ' ') - 1) ELSE '' END
    FROM customers;
