//! The commands the UI calls. Each one is a line: unpack, call, return.

use shopfloor_domain::Problem;
use shopfloor_pickup::{
    BatchLineView, HandOverDoneView, HandOverInput, PickupDetailView, PickupView, QueueFilterInput, ShortPickInput, VerificationInput,
};
use shopfloor_register::{
    AisleOrderView, ApprovalInput, CardPaymentInput, CartView, DiscountInput, PaymentView, ReceiptView, ClosedDrawerView, ConflictView, CustomerCardView, CustomerDetailsView, CustomerEdit, DrawerCashKind,
    DrawerView, EnrolledView, HandoffView, OnlineCartAdded, NewCustomerInput, OrderElsewhereInput, ProductHit, ProfileView, QrCodeView,
    ParkedCartView, ParkedDoneView, RecommendationView, RegisterView, ResumedView, NoReceiptInput, ExchangeInput, ReturnDoneView, ReturnInput, ReturnOrderView, ScanOutcome, StaffView, StockByStoreView,
    StoredValueView, SyncView, ZReportView,
};
use tauri::State;

use crate::Shell;

#[tauri::command]
#[specta::specta]
pub async fn register_state(shell: State<'_, Shell>) -> Result<RegisterView, Problem> {
    shell.register()?.state().await
}

#[tauri::command]
#[specta::specta]
pub async fn scan(shell: State<'_, Shell>, text: String) -> Result<ScanOutcome, Problem> {
    shell.register()?.scan(text).await
}

#[tauri::command]
#[specta::specta]
pub async fn loyalty_card_qr(shell: State<'_, Shell>, account_id: String) -> Result<QrCodeView, Problem> {
    shell.register()?.loyalty_card_qr(account_id).await
}

/// A store-credit or gift card and what it holds now.
#[tauri::command]
#[specta::specta]
pub async fn stored_value_card(shell: State<'_, Shell>, card_id: String) -> Result<StoredValueView, Problem> {
    shell.register()?.stored_value_card(card_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn search_customers(shell: State<'_, Shell>, query: String, limit: u32) -> Result<Vec<CustomerCardView>, Problem> {
    shell.register()?.search_customers(query, limit).await
}

#[tauri::command]
#[specta::specta]
pub async fn customer_profile(shell: State<'_, Shell>, customer_id: String) -> Result<ProfileView, Problem> {
    shell.register()?.customer_profile(customer_id).await
}

/// Enrols a new customer with a loyalty card (offline too) and draws the card's QR.
#[tauri::command]
#[specta::specta]
pub async fn enrol_customer(shell: State<'_, Shell>, input: NewCustomerInput) -> Result<EnrolledView, Problem> {
    shell.register()?.enrol_customer(input).await
}

/// Changes a customer's contact, consents, sizes or preferences (offline too).
#[tauri::command]
#[specta::specta]
pub async fn edit_customer(shell: State<'_, Shell>, customer_id: String, edit: CustomerEdit) -> Result<CustomerDetailsView, Problem> {
    shell.register()?.edit_customer(customer_id, edit).await
}

/// Adds a note to a customer's profile (offline too; notes are never changed).
#[tauri::command]
#[specta::specta]
pub async fn add_customer_note(shell: State<'_, Shell>, customer_id: String, text: String) -> Result<CustomerDetailsView, Problem> {
    shell.register()?.add_customer_note(customer_id, text).await
}

#[tauri::command]
#[specta::specta]
pub async fn customer_suggestions(shell: State<'_, Shell>, customer_id: String) -> Result<Vec<RecommendationView>, Problem> {
    shell.register()?.customer_suggestions(customer_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn attach_customer(shell: State<'_, Shell>, customer_id: String) -> Result<CartView, Problem> {
    shell.register()?.attach_customer(customer_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn detach_customer(shell: State<'_, Shell>) -> Result<CartView, Problem> {
    shell.register()?.detach_customer().await
}

/// `line_nos` empty: every line of the online cart.
#[tauri::command]
#[specta::specta]
pub async fn add_online_cart(shell: State<'_, Shell>, cart_id: String, line_nos: Vec<i32>) -> Result<OnlineCartAdded, Problem> {
    shell.register()?.add_online_cart(cart_id, line_nos.into_iter().map(i64::from).collect()).await
}

/// Sends the cart to the attached customer's phone: their web cart, and the code to open it.
#[tauri::command]
#[specta::specta]
pub async fn hand_off_cart(shell: State<'_, Shell>) -> Result<HandoffView, Problem> {
    shell.register()?.hand_off_cart().await
}

/// Parks the cart being built under an optional label and empties it for the next customer.
#[tauri::command]
#[specta::specta]
pub async fn park_cart(shell: State<'_, Shell>, label: Option<String>) -> Result<ParkedDoneView, Problem> {
    shell.register()?.park_cart(label).await
}

/// This store's parked carts, newest first.
#[tauri::command]
#[specta::specta]
pub async fn parked_carts(shell: State<'_, Shell>) -> Result<Vec<ParkedCartView>, Problem> {
    shell.register()?.parked_carts().await
}

/// Takes a parked cart back into the (empty) cart being built, at today's prices.
#[tauri::command]
#[specta::specta]
pub async fn resume_parked_cart(shell: State<'_, Shell>, id: String) -> Result<ResumedView, Problem> {
    shell.register()?.resume_parked_cart(id).await
}

/// Cash handed over: covers what is due (the rest is change) or part of it.
#[tauri::command]
#[specta::specta]
pub async fn pay_cash(shell: State<'_, Shell>, given_minor: i64) -> Result<PaymentView, Problem> {
    shell.register()?.pay_cash(given_minor).await
}

/// The card terminal's answer, as the cashier records it (never a card number).
#[tauri::command]
#[specta::specta]
pub async fn pay_card(shell: State<'_, Shell>, input: CardPaymentInput) -> Result<PaymentView, Problem> {
    shell.register()?.pay_card(input).await
}

/// Pays from a store-credit or gift card (its id, as its QR names it).
#[tauri::command]
#[specta::specta]
pub async fn pay_store_credit(shell: State<'_, Shell>, card_id: String, amount_minor: i64) -> Result<PaymentView, Problem> {
    shell.register()?.pay_store_credit(card_id, amount_minor).await
}

#[tauri::command]
#[specta::specta]
pub async fn redeem_points(shell: State<'_, Shell>, points: i64) -> Result<PaymentView, Problem> {
    shell.register()?.redeem_points(points).await
}

#[tauri::command]
#[specta::specta]
pub async fn override_price(
    shell: State<'_, Shell>,
    line_id: String,
    unit_price_minor: Option<i64>,
    approval: Option<ApprovalInput>,
) -> Result<CartView, Problem> {
    shell.register()?.override_price(line_id, unit_price_minor, approval).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_line_discount(
    shell: State<'_, Shell>,
    line_id: String,
    discount: Option<DiscountInput>,
    approval: Option<ApprovalInput>,
) -> Result<CartView, Problem> {
    shell.register()?.set_line_discount(line_id, discount, approval).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_order_discount(shell: State<'_, Shell>, discount: Option<DiscountInput>, approval: Option<ApprovalInput>) -> Result<CartView, Problem> {
    shell.register()?.set_order_discount(discount, approval).await
}

#[tauri::command]
#[specta::specta]
pub async fn receipt(shell: State<'_, Shell>, sale_id: String) -> Result<ReceiptView, Problem> {
    shell.register()?.receipt(sale_id).await
}

/// Writes the receipt's PDF beside the device database; returns its path.
#[tauri::command]
#[specta::specta]
pub async fn save_receipt_pdf(shell: State<'_, Shell>, sale_id: String) -> Result<String, Problem> {
    shell.register()?.save_receipt_pdf(sale_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn search_products(shell: State<'_, Shell>, query: String, limit: u32) -> Result<Vec<ProductHit>, Problem> {
    shell.register()?.search_products(query, limit).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_product(shell: State<'_, Shell>, product_id: String) -> Result<CartView, Problem> {
    shell.register()?.add_product(product_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_line_quantity(shell: State<'_, Shell>, line_id: String, quantity: i32) -> Result<CartView, Problem> {
    shell.register()?.set_line_quantity(line_id, quantity.into()).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_line(shell: State<'_, Shell>, line_id: String) -> Result<CartView, Problem> {
    shell.register()?.remove_line(line_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn clear_cart(shell: State<'_, Shell>, approval: Option<ApprovalInput>) -> Result<CartView, Problem> {
    shell.register()?.clear_cart(approval).await
}

/// The staff who can sign in at this device (before anyone is signed in).
#[tauri::command]
#[specta::specta]
pub async fn staff_list(shell: State<'_, Shell>) -> Result<Vec<StaffView>, Problem> {
    shell.register()?.staff().await
}

#[tauri::command]
#[specta::specta]
pub async fn sign_in(shell: State<'_, Shell>, staff_id: String, pin: String) -> Result<StaffView, Problem> {
    shell.register()?.sign_in(staff_id, pin).await
}

#[tauri::command]
#[specta::specta]
pub fn sign_out(shell: State<'_, Shell>) -> Result<(), Problem> {
    shell.register().map(|r| r.sign_out())
}

/// Who is signed in, if anyone.
#[tauri::command]
#[specta::specta]
pub fn signed_in(shell: State<'_, Shell>) -> Result<Option<StaffView>, Problem> {
    shell.register().map(|r| r.signed_in())
}

#[tauri::command]
#[specta::specta]
pub async fn stock_by_store(shell: State<'_, Shell>, product_id: String) -> Result<StockByStoreView, Problem> {
    shell.register()?.stock_by_store(product_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn order_elsewhere(shell: State<'_, Shell>, order: OrderElsewhereInput) -> Result<AisleOrderView, Problem> {
    shell.register()?.order_elsewhere(order).await
}

#[tauri::command]
#[specta::specta]
pub async fn customer_aisle_orders(shell: State<'_, Shell>, customer_id: String) -> Result<Vec<AisleOrderView>, Problem> {
    shell.register()?.customer_aisle_orders(customer_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn drawer_state(shell: State<'_, Shell>) -> Result<DrawerView, Problem> {
    shell.register()?.drawer_state().await
}

/// `float_minor`: the cash put in the drawer to start with, in minor units.
#[tauri::command]
#[specta::specta]
pub async fn open_drawer(shell: State<'_, Shell>, float_minor: i32) -> Result<DrawerView, Problem> {
    shell.register()?.open_drawer(float_minor.into()).await
}

/// Cash put into the open drawer or taken out of it, with why.
#[tauri::command]
#[specta::specta]
pub async fn drawer_cash(shell: State<'_, Shell>, kind: DrawerCashKind, amount_minor: i32, reason: String) -> Result<DrawerView, Problem> {
    shell.register()?.drawer_cash(kind, amount_minor.into(), reason).await
}

/// `counted_minor`: the cash counted in the drawer, in minor units.
#[tauri::command]
#[specta::specta]
pub async fn close_drawer(shell: State<'_, Shell>, counted_minor: i32) -> Result<ClosedDrawerView, Problem> {
    shell.register()?.close_drawer(counted_minor.into()).await
}

/// `day`: `YYYY-MM-DD` in the store's time zone; `null` for today.
#[tauri::command]
#[specta::specta]
pub async fn z_report(shell: State<'_, Shell>, day: Option<String>) -> Result<ZReportView, Problem> {
    shell.register()?.z_report(day).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_status(shell: State<'_, Shell>) -> Result<SyncView, Problem> {
    shell.register()?.sync_view().await
}

#[tauri::command]
#[specta::specta]
pub async fn conflicts(shell: State<'_, Shell>) -> Result<Vec<ConflictView>, Problem> {
    shell.register()?.conflicts().await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_queue(shell: State<'_, Shell>) -> Result<Vec<PickupView>, Problem> {
    shell.pickups()?.queue().await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_queue_filtered(shell: State<'_, Shell>, filter: QueueFilterInput) -> Result<Vec<PickupView>, Problem> {
    shell.pickups()?.queue_filtered(filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_detail(shell: State<'_, Shell>, pickup_id: String) -> Result<PickupDetailView, Problem> {
    shell.pickups()?.detail(pickup_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_batch_list(shell: State<'_, Shell>, pickup_ids: Vec<String>) -> Result<Vec<BatchLineView>, Problem> {
    shell.pickups()?.batch_pick_list(pickup_ids).await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_start_picking(shell: State<'_, Shell>, pickup_id: String) -> Result<PickupDetailView, Problem> {
    shell.pickups()?.start_picking(pickup_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_scan_pick(shell: State<'_, Shell>, pickup_id: String, code: String) -> Result<PickupDetailView, Problem> {
    shell.pickups()?.scan_pick(pickup_id, code).await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_short_pick(shell: State<'_, Shell>, pickup_id: String, input: ShortPickInput) -> Result<PickupDetailView, Problem> {
    shell.pickups()?.short_pick(pickup_id, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_mark_ready(shell: State<'_, Shell>, pickup_id: String) -> Result<PickupDetailView, Problem> {
    shell.pickups()?.mark_ready(pickup_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_find_by_qr(shell: State<'_, Shell>, qr_text: String) -> Result<PickupDetailView, Problem> {
    shell.pickups()?.find_by_qr(qr_text).await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_find(shell: State<'_, Shell>, text: String) -> Result<Vec<PickupView>, Problem> {
    shell.pickups()?.find(text).await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_verify(shell: State<'_, Shell>, pickup_id: String, input: VerificationInput) -> Result<PickupDetailView, Problem> {
    shell.pickups()?.verify(pickup_id, input).await
}

#[tauri::command]
#[specta::specta]
pub async fn pickup_hand_over(shell: State<'_, Shell>, pickup_id: String, input: HandOverInput) -> Result<HandOverDoneView, Problem> {
    shell.pickups()?.hand_over(pickup_id, input).await
}

/// The purchase a return is for: an order number or id, or a receipt's QR text.
#[tauri::command]
#[specta::specta]
pub async fn find_return(shell: State<'_, Shell>, query: String) -> Result<ReturnOrderView, Problem> {
    shell.register()?.find_return(query).await
}

/// Takes lines of a purchase back and refunds them.
#[tauri::command]
#[specta::specta]
pub async fn take_return(shell: State<'_, Shell>, input: ReturnInput) -> Result<ReturnDoneView, Problem> {
    shell.register()?.take_return(input).await
}

/// Starts an exchange: the chosen lines' value goes on the cart as a credit.
#[tauri::command]
#[specta::specta]
pub async fn start_exchange(shell: State<'_, Shell>, input: ExchangeInput) -> Result<CartView, Problem> {
    shell.register()?.start_exchange(input).await
}

/// Forgets the exchange in progress; the cart stays.
#[tauri::command]
#[specta::specta]
pub async fn cancel_exchange(shell: State<'_, Shell>) -> Result<CartView, Problem> {
    shell.register()?.cancel_exchange().await
}

/// Completes an exchange the credit covers, refunding what is left of it.
#[tauri::command]
#[specta::specta]
pub async fn complete_exchange(shell: State<'_, Shell>, refund_method: String) -> Result<PaymentView, Problem> {
    shell.register()?.complete_exchange(refund_method).await
}

/// Takes an item back without a receipt: store credit, a manager's approval, the ID noted.
#[tauri::command]
#[specta::specta]
pub async fn take_no_receipt_return(shell: State<'_, Shell>, input: NoReceiptInput) -> Result<ReturnDoneView, Problem> {
    shell.register()?.take_no_receipt_return(input).await
}
