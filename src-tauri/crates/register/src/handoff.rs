//! Handing the store cart to the customer's phone: the cart goes to the hub
//! as the customer's web cart, and the screen shows a hand-off QR (signed
//! by this device, valid 30 minutes) that the customer scans to finish the
//! purchase online; the associate is credited when they do.
//!
//! Invariant: the code is signed before anything is written, and the
//! hand-off event and the emptied register cart commit together, so a
//! failure leaves the cart as it was and a success cannot hand it over twice.

use shopfloor_domain::staff::Action;
use chrono::Duration;
use serde::Serialize;
use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_scan::QrContent;
use shopfloor_store::journal::{self, CartHandoff, HandoffLine};
use shopfloor_store::{device, draft_cart};
use specta::Type;

use crate::codes::device_signer;
use crate::scan_outcome::QrCodeView;
use crate::views::{CartView, clamp_i32};
use crate::{Register, cart_view, current_store, from_store};

/// How long a hand-off code can be scanned.
pub const HANDOFF_VALID_FOR: Duration = Duration::minutes(30);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HandoffView {
    /// The web cart the customer will find.
    pub cart_id: String,
    pub customer_name: String,
    pub units: i32,
    /// RFC 3339; the code is refused after this.
    pub expires_at: String,
    pub qr: QrCodeView,
    /// The register's cart afterwards: empty.
    pub cart: CartView,
}

impl Register {
    /// Hands the cart to the attached customer's phone (see the module header).
    pub async fn hand_off_cart(&self) -> Result<HandoffView, Problem> {
        let who = self.session.require(Action::SellElsewhere)?;
        let (ids, now, wake) = (self.ids.clone(), self.clock.now(), self.wake.clone());
        let view = self
            .blocking(move |db| {
                let store = current_store(db)?;
                let (lines, customer, device) = db
                    .read(|c| Ok((draft_cart::lines(c, &store.id)?, draft_cart::customer(c)?, device::current(c)?)))
                    .map_err(from_store)?;
                let customer = customer.ok_or_else(|| {
                    Problem::new(ProblemCode::InvalidInput, "Attach the customer first (scan their loyalty card or find them): the cart goes to their account.")
                })?;
                if lines.is_empty() {
                    return Err(Problem::new(ProblemCode::InvalidInput, "The cart is empty: there is nothing to hand over."));
                }
                if db.read(draft_cart::exchange).map_err(from_store)?.is_some() {
                    return Err(Problem::new(
                        ProblemCode::InvalidInput,
                        "An exchange is in progress: it is settled here. Complete or cancel the exchange before sending the cart.",
                    ));
                }
                if let Some(l) = lines.iter().find(|l| l.label.is_some()) {
                    return Err(Problem::new(
                        ProblemCode::InvalidInput,
                        format!("{} was weighed or price-labelled here, so it cannot go to an online cart; sell it here or take it off first.", l.name),
                    ));
                }
                // The signed-in associate is credited (the device, if their id is not a UUID).
                let associate = uuid::Uuid::parse_str(&who.id)
                    .ok()
                    .or_else(|| device.and_then(|d| uuid::Uuid::parse_str(&d.device_id).ok()))
                    .unwrap_or_default();
                let cart_id = ids.next();
                let expires_at = now + HANDOFF_VALID_FOR;
                let text = device_signer(db)?
                    .issue(&QrContent::CartHandoff { cart_id, associate_id: associate }, now, Some(expires_at))
                    .map_err(|e| Problem::new(ProblemCode::Internal, format!("the code could not be signed: {e}")))?;
                let qr = QrCodeView::drawn(text)?;
                let handoff = CartHandoff {
                    cart_id: cart_id.to_string(),
                    store_id: store.id.clone(),
                    customer_id: customer.customer_id.clone(),
                    associate_id: associate.to_string(),
                    handed_off_at: now,
                    lines: lines.iter().map(|l| HandoffLine { product_id: l.product_id.clone(), quantity: l.quantity }).collect(),
                };
                let event_id = ids.next().to_string();
                db.write(|tx| {
                    journal::record_handoff(tx, &handoff, &event_id)?;
                    draft_cart::clear(tx)
                })
                .map_err(from_store)?;
                Ok(HandoffView {
                    cart_id: handoff.cart_id,
                    customer_name: customer.name,
                    units: clamp_i32(lines.iter().map(|l| l.quantity).sum()),
                    expires_at: expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    qr,
                    cart: cart_view(db, &store.id, None, now)?,
                })
            })
            .await?;
        if let Some(wake) = wake {
            wake.notify_one();
        }
        Ok(view)
    }
}
