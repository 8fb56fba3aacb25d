//! Who is signed in at this device: PIN sign-in against the store's staff
//! (from the hub), the lockout after wrong PINs, the role check every use
//! case starts with, and a manager's PIN approving what policy wants
//! approved.
//!
//! Invariant: [`Session::require`] is the only way to an acting
//! [`StaffRef`]; a wrong PIN is recorded before the answer is given, so a
//! lockout survives a restart; an approver is checked by PIN, role and
//! "not the asker" before any approval exists.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shopfloor_domain::staff::{self as rules, Action, Role, StaffRef};
use shopfloor_domain::{Clock, Problem, ProblemCode};
use shopfloor_store::staff::{self as table, StaffRecord};
use shopfloor_store::{DeviceDb, device};
use specta::Type;

/// A staff member as the sign-in screen and the header show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StaffView {
    pub id: String,
    pub name: String,
    pub role: Role,
}

impl From<&StaffRef> for StaffView {
    fn from(s: &StaffRef) -> StaffView {
        StaffView { id: s.id.clone(), name: s.name.clone(), role: s.role }
    }
}

/// A manager's approval as typed at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct ApprovalInput {
    pub manager_id: String,
    pub pin: String,
}

/// Who is signed in at this device; clones share it.
#[derive(Clone)]
pub struct Session {
    db: Arc<DeviceDb>,
    clock: Arc<dyn Clock>,
    signed_in: Arc<Mutex<Option<StaffRef>>>,
}

impl Session {
    pub fn new(db: Arc<DeviceDb>, clock: Arc<dyn Clock>) -> Session {
        Session { db, clock, signed_in: Arc::new(Mutex::new(None)) }
    }

    /// The active staff of this device's store, by name.
    pub fn staff(&self) -> Result<Vec<StaffView>, Problem> {
        let store_id = self.store_id()?;
        let rows = self.db.read(|c| table::of_store(c, &store_id))?;
        Ok(rows.iter().filter_map(staff_ref).map(|s| StaffView::from(&s)).collect())
    }

    /// Signs `staff_id` in with `pin`, or says why not (wrong PIN with the
    /// tries left, locked out until when).
    pub fn sign_in(&self, staff_id: &str, pin: &str) -> Result<StaffView, Problem> {
        let who = self.check_pin(staff_id, pin)?;
        *self.lock() = Some(who.clone());
        Ok(StaffView::from(&who))
    }

    pub fn sign_out(&self) {
        *self.lock() = None;
    }

    pub fn current(&self) -> Option<StaffView> {
        self.lock().as_ref().map(StaffView::from)
    }

    /// The signed-in staff member, if their role may do `action`.
    pub fn require(&self, action: Action) -> Result<StaffRef, Problem> {
        let who = self.signed_in()?;
        rules::require(&who, action)?;
        Ok(who)
    }

    /// The signed-in staff member, whatever their role.
    pub fn signed_in(&self) -> Result<StaffRef, Problem> {
        self.lock().clone().ok_or_else(|| {
            Problem::new(ProblemCode::SignInRequired, "Nobody is signed in at this register. Choose your name and enter your PIN.")
        })
    }

    /// Checks a manager's approval of what `asking` asked: the approver's
    /// PIN (wrong PINs count towards their lockout), their role, and that
    /// they are not the asker. Returns the approver.
    pub fn approver(&self, asking: &StaffRef, input: &ApprovalInput) -> Result<StaffRef, Problem> {
        if input.manager_id == asking.id {
            return Err(rules::check_approver(asking, asking).unwrap_err());
        }
        let approver = self.check_pin(&input.manager_id, &input.pin)?;
        rules::check_approver(asking, &approver)?;
        Ok(approver)
    }

    fn check_pin(&self, staff_id: &str, pin: &str) -> Result<StaffRef, Problem> {
        let store_id = self.store_id()?;
        let now = self.clock.now();
        let (record, failures) = self.db.read(|c| Ok((table::by_id(c, staff_id)?, table::failures_since_success(c, staff_id)?)))?;
        let record = record.filter(|r| r.active && r.store_id == store_id).ok_or_else(|| {
            Problem::new(ProblemCode::NotFound, "That staff member cannot sign in at this store. Choose your name from the list.")
        })?;
        let who = staff_ref(&record).ok_or_else(|| {
            Problem::new(ProblemCode::Internal, format!("{} has a role this version does not know; ask IT to check the staff list.", record.name))
        })?;
        if let Some(until) = rules::locked_until(&failures, now) {
            return Err(locked(&who, until));
        }
        rules::check_pin_format(pin).map_err(|_| wrong_pin(&who, failures.len(), false))?;
        let ok = rules::pin_matches(pin, &record.pin_hash);
        self.db.write(|tx| table::record_attempt(tx, staff_id, now, ok))?;
        if ok {
            return Ok(who);
        }
        let failed = failures.len() + 1;
        match rules::locked_until(&[failures.as_slice(), &[now]].concat(), now) {
            Some(until) => Err(locked(&who, until)),
            None => Err(wrong_pin(&who, failed, true)),
        }
    }

    fn store_id(&self) -> Result<String, Problem> {
        let current = self.db.read(|c| device::current(c))?;
        current.map(|d| d.store.id).ok_or_else(|| {
            Problem::new(ProblemCode::NotSetUp, "This device has no store data yet; staff can sign in once it is set up.")
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<StaffRef>> {
        self.signed_in.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn staff_ref(r: &StaffRecord) -> Option<StaffRef> {
    Some(StaffRef { id: r.id.clone(), name: r.name.clone(), role: Role::parse(&r.role)? })
}

fn wrong_pin(who: &StaffRef, failures: usize, counted: bool) -> Problem {
    let left = rules::tries_left(failures);
    let counted = if counted { "" } else { " A PIN is 4 to 8 digits." };
    Problem::new(
        ProblemCode::WrongPin,
        format!("That is not {}'s PIN.{counted} {left} more wrong PIN{} and they are locked out for 15 minutes.", who.name, if left == 1 { "" } else { "s" }),
    )
}

fn locked(who: &StaffRef, until: DateTime<Utc>) -> Problem {
    Problem::new(
        ProblemCode::LockedOut,
        format!(
            "{} is locked out after {} wrong PINs, until {} UTC. A manager can help meanwhile.",
            who.name,
            rules::LOCKOUT_FAILURES,
            until.format("%H:%M")
        ),
    )
}
