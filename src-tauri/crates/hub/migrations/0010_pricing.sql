-- Issue 6: what stores and the web shop price with.

-- A store's tax policy as the JSON of `shopfloor_protocol::TaxPolicy`
-- (`{}`: prices include tax at 0 %); sent with the store record.
ALTER TABLE stores ADD COLUMN tax_policy_json TEXT NOT NULL DEFAULT '{}';

-- The retailer's loyalty programme as the JSON of
-- `shopfloor_protocol::LoyaltyProgramme` (`{}`: earns and redeems nothing);
-- sent with the retailer record.
ALTER TABLE retailer ADD COLUMN loyalty_json TEXT NOT NULL DEFAULT '{}';

-- The web shop reads the promotions live for it (those of no store).
CREATE INDEX promotions_by_store ON promotions(store_id, id);
