//! The wire types of Shopfloor's sync API, version 1 (`/v1`): enrolment,
//! snapshot bootstrap, the change feed, event push (with the cash drawer's
//! events), the Z reports, store credit and gift cards, the web channel and
//! the error body. The app's sync engine and the hub both use these types and
//! nothing else serializes what crosses between them.
//!
//! Invariant: changing a serialized shape is a new API version. A field
//! added, renamed, removed or retyped here changes what the other side reads,
//! so it goes under a new path prefix (`/v2`), never silently into `/v1`.
//!
//! Conventions of every type:
//! - money is integer minor units (`*_minor: i64`) with an ISO 4217 currency
//!   code string beside it (or implied by the record it belongs to);
//! - ids are UUID strings (lower-case, hyphenated); ledger rows made from
//!   an event are the exception: a stock movement `{event_id}/{line_no}`, a
//!   stored-value debit `{event_id}/t{tender_no}`;
//! - times are RFC 3339 in UTC (`2026-03-02T08:00:00.123Z`);
//! - request bodies refuse unknown fields (`deny_unknown_fields`), so a
//!   typo or a newer client's field is an error, not silently dropped;
//! - closed sets of words (statuses, kinds) are enums in `snake_case`.

mod admin;
mod drawer;
mod enrol;
mod error;
mod events;
mod feed;
mod pickup;
mod pricing;
mod queries;
mod records;
mod returns;
mod scan_rules;
mod snapshot;
mod stock;
mod stored_value;
mod web;
mod words;

#[cfg(test)]
mod tests;

pub use admin::{EraseResponse, Health, QrKeyRetired, QrKeyRotated, RevokeResponse, StaffSaved, StaffUpsert};
pub use drawer::{
    DrawerCashMoved, DrawerClosed, DrawerOpened, RegisterZReport, StoreZReports, TenderTotals, ZReportQuery, ZSession,
};
pub use enrol::{EnrolRequest, EnrolResponse};
pub use error::{ApiError, ErrorCode};
pub use events::{
    AisleFulfilment, ApprovalGranted, CartHandedOff, CartParked, ParkedCartResumed, ParkedLine, Conflict, CustomerEdited, CustomerEnrolled,
    CustomerNoteAdded, EndlessAisleOrdered, Event, EventKind,
    EventOutcome, EventPayload, EventResult, FieldEdit, PushBatch, PushResponse, SaleCompleted, SaleLine, SaleLoyalty, ShipTo,
    StockCounted, Tender,
};
pub use feed::{Change, ChangeOp, ChangePage};
pub use pickup::{HandedLine, PickSubstitute, PickedLine, PickupHandedOver, PickupLine, PickupPickingStarted, PickupReady, PickupVerification};
pub use returns::{
    CategoryWindow, ConflictList, NoReceiptRule, OrderLookup, OrderReturn, PickupPolicy, PickupSweep, Refund, RefundPart, ReturnLine,
    ReturnPolicy, StoreConflict, WebOrderCancel, WebOrderDetail,
};
pub use pricing::{LoyaltyProgramme, TaxPolicy};
pub use queries::{ChangesQuery, ConflictsQuery, OrderLookupQuery, SnapshotPageQuery};
pub use records::{
    CartLine, Customer, CustomerNote, FieldClock, LoyaltyAccount, OnlineCart, Order, OrderLine, ParkedCart, ParkedCartLine,
    Pickup, Price, Product, Promotion, QrKey, Record, Retailer, StaffMember, StockMovement, Store, StoredValueCard,
    StoredValueMovement, WishlistItem,
};
pub use scan_rules::{LabelMeasure, LabelRule, LabelRules, ScanRules, SkuRules};
pub use snapshot::{SectionInfo, SnapshotManifest, SnapshotPage, StockLevel};
pub use stock::{StockByStore, StoreStock};
pub use stored_value::{StoredValueBalance, StoredValueIssue, StoredValueIssued};
pub use web::{
    WebCartLine, WebCartRequest, WebCartResponse, WebCartUpdate, WebCustomerEdit, WebCustomerResponse, WebFulfilment,
    WebHandoffOpen, WebHandoffOpened, WebHandoffRequest, WebNoteRequest, WebNoteResponse, WebOrderRequest,
    WebAppliedPromotion, WebOrderPricing, WebOrderResponse, WebQrResponse, WebWishlist, WebWishlistResponse,
};
pub use words::{
    CartChannel, CartStatus, DrawerCashKind, Entity, Fulfilment, OrderChannel, OrderStatus, PickupStatus,
    PickupVerificationMethod, RefundMethod, RefundReason, ReturnDisposition, ReturnReason, Section, ShortPickReason,
    StaffRole, StockMovementKind, StoredValueKind, StoredValueMovementKind, TenderKind,
};

/// The path prefix of this version of the API.
pub const API_PREFIX: &str = "/v1";

/// Default and largest number of rows in one snapshot page.
pub const SNAPSHOT_PAGE_DEFAULT: u32 = 5_000;
pub const SNAPSHOT_PAGE_MAX: u32 = 10_000;

/// Default and largest number of changes in one change-feed page.
pub const CHANGES_PAGE_DEFAULT: u32 = 1_000;
pub const CHANGES_PAGE_MAX: u32 = 10_000;

/// The longest label a parked cart may have, in characters.
pub const PARKED_LABEL_MAX: usize = 60;

/// The most lines one parked cart may have.
pub const PARKED_LINES_MAX: usize = 200;

/// Largest number of events in one push batch.
pub const PUSH_BATCH_MAX: usize = 1_000;
