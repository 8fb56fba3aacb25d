//! Enrolling a new customer at the counter, offline too: the customer and
//! their loyalty account exist on this device at once (searchable, their
//! profile opens), their card's QR is drawn for them to add to their phone,
//! and the hub makes them everywhere when the device syncs.
//!
//! Invariant: the details are checked by the same rules the hub applies
//! (`shopfloor_domain::enrolment`), so an enrolment this device accepts is
//! one the hub accepts; nothing is written when a check fails.

use shopfloor_domain::staff::Action;
use serde::{Deserialize, Serialize};
use shopfloor_domain::enrolment::{self, Typed};
use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_scan::QrContent;
use shopfloor_store::enrolment::{self as journal, Enrolment};
use specta::Type;

use crate::codes::device_signer;
use crate::scan_outcome::{CustomerCardView, LoyaltyView, QrCodeView};
use crate::{Register, current_store, from_store};

/// What the associate typed; an empty email or phone is none given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct NewCustomerInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// With its country code, e.g. `+49 151 2345 6789`.
    pub phone: String,
    pub consent_email: bool,
    pub consent_sms: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct EnrolledView {
    pub customer: CustomerCardView,
    /// Their loyalty card's QR, signed by this device; `None` when this
    /// device cannot sign (see `qr_problem`): the card works once synced.
    pub qr: Option<QrCodeView>,
    pub qr_problem: Option<String>,
}

impl Register {
    pub async fn enrol_customer(&self, input: NewCustomerInput) -> Result<EnrolledView, Problem> {
        self.session.require(Action::EnrolCustomer)?;
        let (ids, now, wake) = (self.ids.clone(), self.clock.now(), self.wake.clone());
        let view = self
            .blocking(move |db| {
                let store = current_store(db)?;
                let typed = Typed {
                    first_name: &input.first_name,
                    last_name: &input.last_name,
                    email: &input.email,
                    phone: &input.phone,
                    consent_email: input.consent_email,
                    consent_sms: input.consent_sms,
                };
                let new = enrolment::check(&typed).map_err(|why| Problem::new(ProblemCode::InvalidInput, why))?;
                let (customer_id, account_id) = (ids.next(), ids.next());
                let e = Enrolment {
                    customer_id: customer_id.to_string(),
                    store_id: store.id.clone(),
                    first_name: new.first_name,
                    last_name: new.last_name,
                    email: new.email,
                    phone: new.phone.as_ref().map(|p| p.display.clone()),
                    phone_digits: new.phone.map(|p| p.digits),
                    consent_email: new.consent_email,
                    consent_sms: new.consent_sms,
                    enrolled_at: now,
                    loyalty_account_id: account_id.to_string(),
                    loyalty_number: enrolment::loyalty_number(account_id),
                };
                let event_id = ids.next().to_string();
                db.write(|tx| journal::record(tx, &e, &event_id)).map_err(from_store)?;
                let signed = device_signer(db).and_then(|signer| {
                    signer
                        .issue(&QrContent::LoyaltyCard { account_id }, now, None)
                        .map_err(|err| Problem::new(ProblemCode::Internal, format!("the code could not be signed: {err}")))
                });
                let (qr, qr_problem) = match signed.and_then(QrCodeView::drawn) {
                    Ok(qr) => (Some(qr), None),
                    Err(p) => (None, Some(p.message)),
                };
                Ok(EnrolledView {
                    customer: CustomerCardView {
                        customer_id: e.customer_id,
                        name: format!("{} {}", e.first_name, e.last_name),
                        email: e.email,
                        phone: e.phone,
                        loyalty: Some(LoyaltyView {
                            account_id: e.loyalty_account_id,
                            number: e.loyalty_number,
                            tier: journal::FIRST_TIER.into(),
                            points: 0,
                        }),
                    },
                    qr,
                    qr_problem,
                })
            })
            .await?;
        if let Some(wake) = wake {
            wake.notify_one();
        }
        Ok(view)
    }
}
