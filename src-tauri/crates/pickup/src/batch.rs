//! A pick list for several orders at once: what is still to fetch, grouped
//! by product across the chosen orders, so one walk of the shop floor picks
//! them all.
//!
//! Invariant: only units still to account for (ordered minus picked,
//! unavailable and substituted in each order's draft) are listed.

use shopfloor_domain::staff::Action;
use shopfloor_domain::{Problem, ProblemCode};

use crate::views::{BatchLineView, BatchOrderUnits};
use crate::{PickupCounter, open};

impl PickupCounter {
    /// The products to fetch for the chosen orders, by product name.
    pub async fn batch_pick_list(&self, pickup_ids: Vec<String>) -> Result<Vec<BatchLineView>, Problem> {
        self.session.require(Action::HandlePickups)?;
        if pickup_ids.is_empty() {
            return Err(Problem::new(ProblemCode::InvalidInput, "Choose at least one order to pick."));
        }
        self.blocking(move |db| {
            db.read(|c| {
                let mut out: Vec<BatchLineView> = Vec::new();
                for id in &pickup_ids {
                    let l = match open(c, id)? {
                        Ok(l) => l,
                        Err(p) => return Ok(Err(p)),
                    };
                    if l.picked.is_some() || l.stage.is_final() {
                        continue;
                    }
                    for o in &l.lines {
                        let d = l.draft(o.line_no);
                        let left = o.quantity - d.picked - d.unavailable - d.substitute_quantity;
                        if left <= 0 {
                            continue;
                        }
                        let units = i32::try_from(left).unwrap_or(i32::MAX);
                        let order = BatchOrderUnits {
                            pickup_id: l.summary.pickup_id.clone(),
                            order_number: l.summary.order_number.clone(),
                            line_no: i32::try_from(o.line_no).unwrap_or(i32::MAX),
                            units,
                        };
                        match out.iter_mut().find(|b| b.product_id == o.product_id) {
                            Some(b) => {
                                b.units = b.units.saturating_add(units);
                                b.orders.push(order);
                            }
                            None => out.push(BatchLineView {
                                product_id: o.product_id.clone(),
                                product_name: o.product_name.clone(),
                                units,
                                orders: vec![order],
                            }),
                        }
                    }
                }
                out.sort_by(|a, b| a.product_name.cmp(&b.product_name).then(a.product_id.cmp(&b.product_id)));
                Ok(Ok(out))
            })
            .map_err(Problem::from)?
        })
        .await
    }
}
