//! A customer's profile on the register: the editable fields and notes as
//! this device shows them (the replica with its own pending edits over it),
//! and what an edit from the profile screen asks for.

use shopfloor_domain::staff::Action;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use shopfloor_domain::profile::ProfileField;
use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_store::DeviceDb;
use shopfloor_store::customer_edits::{self, EditableFields, FieldChange, NoteRow};
use specta::Type;

use crate::{Register, current_store, from_store};

/// What the profile screen changes; a field left out (`null`) stays as it
/// is. Empty text removes an email or phone; sizes and preferences are
/// replaced as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default, deny_unknown_fields)]
pub struct CustomerEdit {
    pub email: Option<String>,
    /// With its country code, e.g. `+49 151 2345 6789`.
    pub phone: Option<String>,
    pub consent_email: Option<bool>,
    pub consent_sms: Option<bool>,
    pub sizes: Option<BTreeMap<String, String>>,
    pub preferences: Option<BTreeMap<String, String>>,
}

impl CustomerEdit {
    /// The fields it changes, as the store journals them.
    pub fn changes(&self) -> Vec<FieldChange> {
        let text = |t: &Option<String>| t.as_ref().map(|t| Value::String(t.clone()));
        let map = |m: &Option<BTreeMap<String, String>>| {
            m.as_ref().map(|m| Value::Object(m.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect()))
        };
        [
            (ProfileField::Email, text(&self.email)),
            (ProfileField::Phone, text(&self.phone)),
            (ProfileField::ConsentEmail, self.consent_email.map(Value::Bool)),
            (ProfileField::ConsentSms, self.consent_sms.map(Value::Bool)),
            (ProfileField::Sizes, map(&self.sizes)),
            (ProfileField::Preferences, map(&self.preferences)),
        ]
        .into_iter()
        .filter_map(|(field, value)| value.map(|value| FieldChange { field, value }))
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct NoteView {
    pub id: String,
    pub text: String,
    pub author: String,
    /// RFC 3339, UTC.
    pub written_at: String,
    /// Written on this device and not yet confirmed by the hub.
    pub pending: bool,
}

impl From<NoteRow> for NoteView {
    fn from(n: NoteRow) -> Self {
        NoteView {
            id: n.id,
            text: n.text,
            author: n.author,
            written_at: n.written_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            pending: n.pending,
        }
    }
}

/// The editable part of a customer's profile and the notes, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CustomerDetailsView {
    pub customer_id: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent_email: bool,
    pub consent_sms: bool,
    pub sizes: BTreeMap<String, String>,
    pub preferences: BTreeMap<String, String>,
    /// Fields showing an edit of this device the hub has not confirmed yet
    /// (`email`, `phone`, `consent_email`, `consent_sms`, `sizes`, `preferences`).
    pub pending_fields: Vec<String>,
    pub notes: Vec<NoteView>,
}

impl CustomerDetailsView {
    pub fn new(fields: EditableFields, notes: Vec<NoteRow>) -> Self {
        CustomerDetailsView {
            customer_id: fields.customer_id,
            email: fields.email,
            phone: fields.phone,
            consent_email: fields.consent_email,
            consent_sms: fields.consent_sms,
            sizes: fields.sizes,
            preferences: fields.preferences,
            pending_fields: fields.pending.iter().map(|f| f.as_str().to_string()).collect(),
            notes: notes.into_iter().map(NoteView::from).collect(),
        }
    }
}

impl Register {
    /// A customer's editable profile and notes as this device shows them:
    /// the hub's, with this device's edits not yet confirmed laid over.
    pub async fn customer_details(&self, customer_id: String) -> Result<CustomerDetailsView, Problem> {
        self.session.require(Action::SeeCustomerDetails)?;
        self.blocking(move |db| details_view(db, &customer_id)).await
    }

    /// Edits a customer's profile (contact, consents, sizes, preferences):
    /// checked, journalled with its event for the hub, shown at once.
    pub async fn edit_customer(&self, customer_id: String, edit: CustomerEdit) -> Result<CustomerDetailsView, Problem> {
        self.session.require(Action::EditCustomer)?;
        let (event_id, at) = (self.ids.next().to_string(), self.clock.now());
        let this = self.clone();
        self.blocking(move |db| {
            let changes = edit.changes();
            if changes.is_empty() {
                return Err(Problem::new(ProblemCode::InvalidInput, "Nothing was changed; change a field, then save."));
            }
            let journalled = db
                .write(|tx| customer_edits::record_edit(tx, &customer_id, &changes, &event_id, at))
                .map_err(customer_problem)?;
            if journalled {
                this.wake_sync();
            }
            details_view(db, &customer_id)
        })
        .await
    }

    /// Adds a note to a customer's profile (notes are never edited or
    /// deleted); it shows at once, marked pending until the hub has it.
    pub async fn add_customer_note(&self, customer_id: String, text: String) -> Result<CustomerDetailsView, Problem> {
        let who = self.session.require(Action::EditCustomer)?;
        let (note_id, event_id, at) = (self.ids.next().to_string(), self.ids.next().to_string(), self.clock.now());
        let this = self.clone();
        self.blocking(move |db| {
            let store = current_store(db)?;
            // Who wrote it: the signed-in staff member, at which store.
            let author = format!("{}, {}", who.name, store.code);
            let note = customer_edits::NewNote { id: &note_id, customer_id: &customer_id, text: &text, author: &author };
            db.write(|tx| customer_edits::add_note(tx, &note, &event_id, at)).map_err(customer_problem)?;
            this.wake_sync();
            details_view(db, &customer_id)
        })
        .await
    }

}

pub(crate) fn details_view(db: &DeviceDb, customer_id: &str) -> Result<CustomerDetailsView, Problem> {
    let (fields, notes) = db
        .read(|c| Ok((customer_edits::profile_fields(c, customer_id)?, customer_edits::notes(c, customer_id)?)))
        .map_err(from_store)?;
    let fields = fields.ok_or_else(customer_not_here)?;
    Ok(CustomerDetailsView::new(fields, notes))
}

fn customer_not_here() -> Problem {
    Problem::new(
        ProblemCode::NotFound,
        "That customer is not on this device (they may have been erased). Search for them again.",
    )
}

fn customer_problem(e: shopfloor_store::StoreError) -> Problem {
    match e {
        shopfloor_store::StoreError::NotFound(_) => customer_not_here(),
        other => from_store(other),
    }
}

