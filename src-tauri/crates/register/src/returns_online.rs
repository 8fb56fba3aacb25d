//! Online, the hub answers how much of an order has come back already, in
//! every store; offline (or when the hub does not answer in time, or does
//! not know the order yet) the device trusts its replica and the return is
//! provisional.
//!
//! Invariant: the hub is asked with no database connection held, once,
//! with a short timeout; a return this device took and has not sent yet
//! counts too, so it is never offered back twice while in flight.

use std::collections::BTreeMap;
use std::time::Duration;

use shopfloor_domain::Problem;
use shopfloor_store::returns as ledger;
use shopfloor_store::{DeviceDb, sync_state};
use shopfloor_sync::client::HubClient;

use crate::Register;
use crate::problems::from_store;

/// How long a return waits for the hub before trusting the device.
pub const HUB_LOOKUP_TIMEOUT: Duration = Duration::from_secs(2);

/// Units already returned per order line, and where that came from.
pub struct Returned {
    /// `(order line, units)` from the hub and this device's own returns;
    /// `None` when the hub was not asked or did not answer.
    online: Option<Vec<(i64, i64)>>,
}

impl Returned {
    /// Whether the hub answered (the return is not provisional).
    pub fn asked_hub(&self) -> bool {
        self.online.is_some()
    }

    /// The hub's answer, or the device's replica when there is none.
    pub fn units_or_device(&self, db: &DeviceDb, order_id: &str) -> Result<Vec<(i64, i64)>, Problem> {
        match &self.online {
            Some(units) => Ok(units.clone()),
            None => db.read(|c| ledger::returned_units(c, order_id)).map_err(from_store),
        }
    }
}

/// One return's lines, by its id: `(order line, units)`.
type ReturnLines = (String, Vec<(i64, i64)>);

/// Units returned per order line over the returns of both lists, each
/// return counted once (a return the hub has and the device also holds).
pub fn units_by_line(hub: &[ReturnLines], device: &[ReturnLines]) -> Vec<(i64, i64)> {
    let mut by_id: BTreeMap<&str, &[(i64, i64)]> = BTreeMap::new();
    for (id, lines) in hub.iter().chain(device) {
        by_id.entry(id.as_str()).or_insert(lines.as_slice());
    }
    let mut units: BTreeMap<i64, i64> = BTreeMap::new();
    for lines in by_id.values() {
        for (line_no, quantity) in lines.iter() {
            *units.entry(*line_no).or_default() += quantity;
        }
    }
    units.into_iter().collect()
}

impl Register {
    /// What of `order_id` came back already, asked from the hub when it can be.
    pub(crate) async fn returned_now(&self, order_id: &str) -> Result<Returned, Problem> {
        let id = order_id.to_string();
        let (link, mine) = self
            .blocking(move |db| db.read(|c| Ok((sync_state::hub_link(c)?, ledger::of_order(c, &id)?))).map_err(from_store))
            .await?;
        let Some(link) = link.filter(|l| !l.revoked) else { return Ok(Returned { online: None }) };
        let answer = match HubClient::new(&link.hub_url, Some(link.token.clone())) {
            Ok(client) => client.order_lookup(&link.store_id, order_id, HUB_LOOKUP_TIMEOUT).await.ok(),
            Err(_) => None,
        };
        let Some(found) = answer else { return Ok(Returned { online: None }) };
        let hub: Vec<ReturnLines> = found
            .returns
            .iter()
            .map(|r| (r.id.clone(), r.lines.iter().filter_map(|l| Some((l.order_line_no?, l.quantity))).collect()))
            .collect();
        let device: Vec<ReturnLines> = mine
            .iter()
            .map(|r| (r.id.clone(), r.lines.iter().filter_map(|l| Some((l.order_line_no?, l.quantity))).collect()))
            .collect();
        Ok(Returned { online: Some(units_by_line(&hub, &device)) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ret(id: &str, lines: &[(i64, i64)]) -> ReturnLines {
        (id.to_string(), lines.to_vec())
    }

    #[test]
    fn each_return_counts_once_whether_the_hub_or_the_device_or_both_hold_it() {
        let hub = [ret("a", &[(1, 1)]), ret("b", &[(1, 1), (2, 3)])];
        let device = [ret("a", &[(1, 1)]), ret("c", &[(2, 1)])];
        assert_eq!(units_by_line(&hub, &device), vec![(1, 2), (2, 4)]);
        assert_eq!(units_by_line(&[], &device), vec![(1, 1), (2, 1)]);
        assert!(units_by_line(&[], &[]).is_empty());
    }
}
