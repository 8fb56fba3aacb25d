//! Staff: roles and what each may do, PINs (format, hash, check) and the
//! lockout after wrong PINs, and who may approve what.
//!
//! Invariant: a role's rights are this one table ([`allows`]); a PIN is only
//! ever kept as an Argon2id hash; an approval is never given by the person
//! asking for it, and only by a manager.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::{Problem, ProblemCode};

/// What a staff member is at this store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Associate,
    Cashier,
    Pickup,
    Manager,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Associate, Role::Cashier, Role::Pickup, Role::Manager];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Associate => "associate",
            Role::Cashier => "cashier",
            Role::Pickup => "pickup",
            Role::Manager => "manager",
        }
    }

    pub fn parse(word: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == word)
    }

    /// How a person reads it: "a cashier".
    pub fn with_article(self) -> &'static str {
        match self {
            Role::Associate => "an associate",
            Role::Cashier => "a cashier",
            Role::Pickup => "pickup-counter staff",
            Role::Manager => "a manager",
        }
    }
}

/// Something a command does that a role may or may not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Scan and search products, build and change the cart, attach a customer.
    BuildCart,
    /// Take tenders and complete a sale.
    TakePayment,
    /// Park a cart and resume a parked one.
    ParkCart,
    /// Find customers and see their name and loyalty card.
    FindCustomer,
    /// See a customer's contact, notes, history, online cart, wishlist, suggestions.
    SeeCustomerDetails,
    /// Edit a customer's profile and add notes.
    EditCustomer,
    /// Enrol a new customer.
    EnrolCustomer,
    /// Stock in other stores, endless-aisle orders, cart hand-off.
    SellElsewhere,
    /// Open, move cash in or out of, and close the drawer.
    OperateDrawer,
    /// The Z report of a register's day.
    ReadZReport,
    /// The pickup counter's queue and its steps.
    HandlePickups,
    /// Take returns and exchanges back (refunds within the return policy).
    TakeReturns,
    /// Read the conflicts inbox (a refused sale concerns whoever made it).
    ReadConflicts,
    /// Approve what policy wants approved (price override, void…).
    Approve,
}

impl Action {
    /// What the action is, for "… may not <this>".
    pub fn describe(self) -> &'static str {
        match self {
            Action::BuildCart => "build a sale",
            Action::TakePayment => "take payment",
            Action::ParkCart => "park or resume carts",
            Action::FindCustomer => "look up customers",
            Action::SeeCustomerDetails => "see a customer's details and history",
            Action::EditCustomer => "edit a customer's profile",
            Action::EnrolCustomer => "enrol customers",
            Action::SellElsewhere => "order from other stores or hand carts to a phone",
            Action::OperateDrawer => "operate the cash drawer",
            Action::ReadZReport => "read the Z report",
            Action::HandlePickups => "handle pickup orders",
            Action::TakeReturns => "take returns",
            Action::ReadConflicts => "read the conflicts inbox",
            Action::Approve => "approve",
        }
    }
}

/// The rights table: which role may do which action.
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        _ if action == ReadConflicts => true,
        Role::Manager => true,
        Role::Associate => matches!(
            action,
            BuildCart | ParkCart | FindCustomer | SeeCustomerDetails | EditCustomer | EnrolCustomer | SellElsewhere
        ),
        Role::Cashier => matches!(
            action,
            BuildCart | TakePayment | ParkCart | FindCustomer | EnrolCustomer | OperateDrawer | TakeReturns
        ),
        Role::Pickup => matches!(action, HandlePickups | FindCustomer | TakeReturns),
    }
}

/// A staff member as the rules need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRef {
    pub id: String,
    pub name: String,
    pub role: Role,
}

/// Refuses `action` unless `who`'s role allows it.
pub fn require(who: &StaffRef, action: Action) -> Result<(), Problem> {
    if allows(who.role, action) {
        return Ok(());
    }
    Err(Problem::new(
        ProblemCode::NotAllowed,
        format!("{} is signed in as {}, who may not {}. Ask a colleague whose role may.", who.name, who.role.with_article(), action.describe()),
    ))
}

/// Refuses an approver who is the person asking, or not a manager.
pub fn check_approver(asking: &StaffRef, approver: &StaffRef) -> Result<(), Problem> {
    if asking.id == approver.id {
        return Err(Problem::new(
            ProblemCode::NotAllowed,
            "Nobody can approve their own request: another manager must enter their PIN.",
        ));
    }
    if approver.role != Role::Manager {
        return Err(Problem::new(
            ProblemCode::NotAllowed,
            format!("{} is {}; only a manager can approve this.", approver.name, approver.role.with_article()),
        ));
    }
    Ok(())
}

/// Shortest and longest PIN, in digits.
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=8;

/// Refuses a PIN that is not 4 to 8 digits.
pub fn check_pin_format(pin: &str) -> Result<(), Problem> {
    if PIN_DIGITS.contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    Err(Problem::new(ProblemCode::InvalidInput, "A PIN is 4 to 8 digits."))
}

/// Argon2id with 8 MiB and 2 passes: about 20 ms in a release build; the
/// tiny PIN space is guarded by the lockout, the hash keeps the PIN itself
/// out of every database.
fn hasher() -> Argon2<'static> {
    let params = Params::new(8 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string of `pin` under `salt` (16 random bytes from the caller).
pub fn hash_pin(pin: &str, salt: &[u8; 16]) -> Result<String, Problem> {
    check_pin_format(pin)?;
    let salt = SaltString::encode_b64(salt).map_err(|e| Problem::new(ProblemCode::Internal, format!("PIN salt: {e}")))?;
    hasher()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Problem::new(ProblemCode::Internal, format!("the PIN could not be hashed: {e}")))
}

/// Whether `pin` is the one hashed in `phc`; a damaged hash matches nothing.
pub fn pin_matches(pin: &str, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else { return false };
    hasher().verify_password(pin.as_bytes(), &hash).is_ok()
}

/// Wrong PINs in a row that lock a staff member out.
pub const LOCKOUT_FAILURES: usize = 5;
/// How long the lockout lasts, from the last wrong PIN.
pub const LOCKOUT_FOR: Duration = Duration::minutes(15);

/// Until when a staff member is locked out, given the times of their wrong
/// PINs since their last successful sign-in (oldest first): the fifth wrong
/// PIN in a row locks them for [`LOCKOUT_FOR`] from that last wrong PIN.
pub fn locked_until(failures_since_success: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if failures_since_success.len() < LOCKOUT_FAILURES {
        return None;
    }
    let last = *failures_since_success.iter().max()?;
    let until = last + LOCKOUT_FOR;
    (now < until).then_some(until)
}

/// Wrong PINs left before the lockout.
pub fn tries_left(failures_since_success: usize) -> usize {
    LOCKOUT_FAILURES.saturating_sub(failures_since_success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn staff(id: &str, role: Role) -> StaffRef {
        StaffRef { id: id.into(), name: format!("Staff {id}"), role }
    }

    #[test]
    fn rights_table() {
        use Action::*;
        let table: &[(Role, Action, bool)] = &[
            (Role::Cashier, TakePayment, true),
            (Role::Cashier, SeeCustomerDetails, false),
            (Role::Cashier, ReadZReport, false),
            (Role::Cashier, Approve, false),
            (Role::Cashier, OperateDrawer, true),
            (Role::Associate, TakePayment, false),
            (Role::Associate, SeeCustomerDetails, true),
            (Role::Associate, EditCustomer, true),
            (Role::Associate, OperateDrawer, false),
            (Role::Pickup, HandlePickups, true),
            (Role::Pickup, BuildCart, false),
            (Role::Pickup, SeeCustomerDetails, false),
            (Role::Manager, ReadZReport, true),
            (Role::Manager, Approve, true),
            (Role::Manager, HandlePickups, true),
            (Role::Pickup, ReadConflicts, true),
            (Role::Pickup, TakeReturns, true),
            (Role::Cashier, TakeReturns, true),
            (Role::Manager, TakeReturns, true),
            (Role::Associate, TakeReturns, false),
        ];
        for (role, action, want) in table {
            assert_eq!(allows(*role, *action), *want, "{role:?} {action:?}");
        }
    }

    #[test]
    fn a_refusal_names_the_role_and_the_action() {
        let p = require(&staff("c", Role::Cashier), Action::ReadZReport).unwrap_err();
        assert_eq!(p.code, ProblemCode::NotAllowed);
        assert!(p.message.contains("a cashier") && p.message.contains("Z report"), "{}", p.message);
    }

    #[test]
    fn approvers() {
        let cashier = staff("c", Role::Cashier);
        let manager = staff("m", Role::Manager);
        let other_manager = staff("m2", Role::Manager);
        assert!(check_approver(&cashier, &manager).is_ok());
        assert!(check_approver(&manager, &other_manager).is_ok());
        let own = check_approver(&manager, &manager).unwrap_err();
        assert!(own.message.contains("own"), "self-approval refused: {}", own.message);
        let by_cashier = check_approver(&manager, &staff("c2", Role::Cashier)).unwrap_err();
        assert!(by_cashier.message.contains("only a manager"));
        assert_eq!(check_approver(&cashier, &cashier).unwrap_err().code, ProblemCode::NotAllowed);
    }

    #[test]
    fn pin_formats() {
        for (pin, ok) in [("1234", true), ("12345678", true), ("123", false), ("123456789", false), ("12a4", false), ("", false), ("１２３４", false)] {
            assert_eq!(check_pin_format(pin).is_ok(), ok, "{pin:?}");
        }
    }

    #[test]
    fn a_hash_matches_its_pin_only() {
        let phc = hash_pin("4321", &[7; 16]).unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(!phc.contains("4321"));
        assert!(pin_matches("4321", &phc));
        assert!(!pin_matches("4322", &phc));
        assert!(!pin_matches("4321", "not a hash"));
        assert_ne!(phc, hash_pin("4321", &[8; 16]).unwrap(), "the salt changes the hash");
    }

    #[test]
    fn lockout_after_five_wrong_pins() {
        let t = |m: i64| Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap() + Duration::minutes(m);
        let four = [t(0), t(1), t(2), t(3)];
        assert_eq!(locked_until(&four, t(4)), None);
        assert_eq!(tries_left(4), 1);
        let five = [t(0), t(1), t(2), t(3), t(4)];
        assert_eq!(locked_until(&five, t(4)), Some(t(19)));
        assert_eq!(locked_until(&five, t(18)), Some(t(19)));
        assert_eq!(locked_until(&five, t(19)), None, "the lock ends 15 minutes after the last wrong PIN");
        assert_eq!(tries_left(7), 0);
    }
}
