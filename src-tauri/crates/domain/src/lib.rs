//! Shopfloor's pure rules: money, GTINs, ids, the clock (and the hybrid
//! logical clock that orders profile edits), cart totals, customer profile
//! values and how their edits merge, card tenders (and finding card numbers
//! in any text), pricing (promotions, tax, loyalty), staff roles and PINs,
//! the cash drawer and its Z report, the pickup counter's steps, returns and exchanges, and the problem type that crosses the
//! UI boundary.
//!
//! Invariant: no IO. Every rule here takes plain values and returns plain
//! values (time and randomness come in through [`Clock`] and [`IdSource`]),
//! so every rule is testable with a table of inputs.

pub mod card;
pub mod cart;
pub mod clock;
pub mod drawer;
pub mod enrolment;
pub mod gtin;
pub mod hlc;
pub mod ids;
pub mod merge;
pub mod money;
pub mod pickup;
pub mod pricing;
pub mod problem;
pub mod recommend;
pub mod returns;
pub mod profile;
pub mod search_text;
pub mod staff;

pub use card::{CardOutcome, CardRecord, find_card_numbers, luhn_valid};
pub use cart::{CartLine, CartTotals, price_cart};
pub use clock::{Clock, ManualClock, SystemClock};
pub use gtin::{Gtin, GtinError, GtinKind};
pub use hlc::{Hlc, Timestamp};
pub use ids::IdSource;
pub use money::{Currency, Money, MoneyError, Rounding};
pub use problem::{Problem, ProblemCode};
