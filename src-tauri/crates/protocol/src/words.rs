//! The closed sets of words on the wire: kinds, statuses, channels, the
//! names of snapshot sections and of replica entities. Each is written in
//! `snake_case` exactly as the device's and the hub's databases store it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Declares a wire enum whose serialized word, `as_str` and `parse` are one
/// list, so the three can never disagree.
macro_rules! wire_words {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word as stored and as sent.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The value a stored word names, if any.
            pub fn parse(word: &str) -> Option<$name> {
                match word {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_words! {
    /// The kind of a stock ledger row: `count` is an absolute quantity, every
    /// other kind a signed delta (a sale is negative).
    StockMovementKind {
        Count = "count",
        Receipt = "receipt",
        Sale = "sale",
        Return = "return",
        Reservation = "reservation",
        Release = "release",
        Adjustment = "adjustment",
        Transfer = "transfer",
    }
}

wire_words! {
    /// The online channel a cart lives in.
    CartChannel { Web = "web", App = "app" }
}

wire_words! {
    CartStatus { Active = "active", Converted = "converted", Abandoned = "abandoned" }
}

wire_words! {
    /// Where an order was placed.
    OrderChannel { Web = "web", App = "app", Store = "store" }
}

wire_words! {
    /// How an order reaches its customer.
    Fulfilment { CarryOut = "carry_out", Ship = "ship", Pickup = "pickup" }
}

wire_words! {
    /// Store orders are `completed` or `returned`; shipped orders `shipped`,
    /// `delivered`, `returned` or `cancelled`; pickup orders carry their
    /// pickup's status.
    OrderStatus {
        Completed = "completed",
        Returned = "returned",
        Shipped = "shipped",
        Delivered = "delivered",
        Cancelled = "cancelled",
        New = "new",
        Picking = "picking",
        Ready = "ready",
        PickedUp = "picked_up",
        Expired = "expired",
    }
}

wire_words! {
    PickupStatus {
        New = "new",
        Picking = "picking",
        Ready = "ready",
        PickedUp = "picked_up",
        Cancelled = "cancelled",
        Expired = "expired",
    }
}

wire_words! {
    /// How a sale was paid. A card tender records the terminal's reference
    /// only, never a card number; an exchange tender is the value of the
    /// items returned in the same transaction (its reference: the return).
    TenderKind { Cash = "cash", Card = "card", StoreCredit = "store_credit", Loyalty = "loyalty", Exchange = "exchange" }
}

wire_words! {
    /// What a stored-value card is: a gift card (sold or given away) or
    /// store credit (issued instead of a refund).
    StoredValueKind { GiftCard = "gift_card", StoreCredit = "store_credit" }
}

wire_words! {
    /// A row of a stored-value card's ledger: `issue`, `top_up` and
    /// `refund` credit the card (a positive amount), `redeem` debits it (a
    /// negative amount, a sale paid with the card).
    StoredValueMovementKind { Issue = "issue", TopUp = "top_up", Redeem = "redeem", Refund = "refund" }
}

wire_words! {
    /// What a staff member is at their store.
    StaffRole { Associate = "associate", Cashier = "cashier", Pickup = "pickup", Manager = "manager" }
}

wire_words! {
    /// Cash put into a register's drawer, or taken out of it.
    DrawerCashKind { In = "in", Out = "out" }
}

wire_words! {
    /// A kind of replica row, as named by a `delete` change.
    Entity {
        Retailer = "retailer",
        Store = "store",
        Product = "product",
        Price = "price",
        StockMovement = "stock_movement",
        Customer = "customer",
        LoyaltyAccount = "loyalty_account",
        OnlineCart = "online_cart",
        Order = "order",
        Pickup = "pickup",
        Promotion = "promotion",
        QrKey = "qr_key",
        WishlistItem = "wishlist_item",
        CustomerNote = "customer_note",
        Staff = "staff",
        ParkedCart = "parked_cart",
        StoredValueCard = "stored_value_card",
        StoredValueMovement = "stored_value_movement",
        OrderReturn = "order_return",
        StoreConflict = "store_conflict",
    }
}

wire_words! {
    /// A section of a store scope's snapshot, in the order a device applies
    /// them (every section only refers to sections before it).
    Section {
        Retailer = "retailer",
        Stores = "stores",
        Products = "products",
        Prices = "prices",
        StockMovements = "stock_movements",
        Customers = "customers",
        LoyaltyAccounts = "loyalty_accounts",
        OnlineCarts = "online_carts",
        Orders = "orders",
        Pickups = "pickups",
        Promotions = "promotions",
        QrKeys = "qr_keys",
        WishlistItems = "wishlist_items",
        CustomerNotes = "customer_notes",
        Staff = "staff",
        ParkedCarts = "parked_carts",
        StoredValueCards = "stored_value_cards",
        StoredValueMovements = "stored_value_movements",
        OrderReturns = "order_returns",
        StoreConflicts = "store_conflicts",
    }
}

wire_words! {
    /// How the person collecting a pickup proved it is theirs: the signed
    /// pickup QR, the order's number and code, or an ID document checked.
    PickupVerificationMethod { PickupQr = "pickup_qr", OrderCode = "order_code", IdChecked = "id_checked" }
}

wire_words! {
    /// Why units of a pickup line could not be picked.
    ShortPickReason { Missing = "missing", Damaged = "damaged" }
}

wire_words! {
    /// Why an item came back.
    ReturnReason {
        Damaged = "damaged",
        WrongSize = "wrong_size",
        NotAsDescribed = "not_as_described",
        ChangedMind = "changed_mind",
        RefusedAtPickup = "refused_at_pickup",
        Other = "other",
    }
}

wire_words! {
    /// Where a returned item goes: back on this store's shelf, written off
    /// as damaged, or set aside to go back to the vendor (the last two
    /// leave on-hand as it was).
    ReturnDisposition { Restock = "restock", Damaged = "damaged", ReturnToVendor = "return_to_vendor" }
}

wire_words! {
    /// How money goes back: to the order's original payment (a web
    /// payment, refunded by the hub), cash at the counter, card through
    /// the terminal, or store credit; `exchange` is the part of a return
    /// that pays for the new sale of an exchange (its reference: the sale),
    /// no money leaves.
    RefundMethod { OriginalPayment = "original_payment", Cash = "cash", Card = "card", StoreCredit = "store_credit", Exchange = "exchange" }
}

wire_words! {
    /// Why the hub refunds: units not picked, refused at the counter, a
    /// pickup expired or cancelled, or a return.
    RefundReason {
        PickupUnavailable = "pickup_unavailable",
        PickupRefused = "pickup_refused",
        PickupExpired = "pickup_expired",
        OrderCancelled = "order_cancelled",
        Returned = "returned",
    }
}
