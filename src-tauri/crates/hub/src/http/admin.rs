//! The operator's endpoints (enrolment key as bearer): revoke a device,
//! erase a customer, set the scanning rules, rotate and retire QR keys, set
//! a store's staff, set what stores price with (a store's tax policy,
//! the loyalty programme, promotions), and issue store credit and gift cards.

use axum::extract::State;
use shopfloor_protocol::{
    ApiError, EraseResponse, LoyaltyProgramme, Promotion, QrKeyRetired, QrKeyRotated, RevokeResponse, ScanRules, StaffSaved,
    StaffUpsert, Store, StoredValueIssue, StoredValueIssued, TaxPolicy,
};

use super::blocking::blocking;
use super::extract::{AdminAuth, ApiJson, ApiPath};
use super::failure::Failure;
use crate::HubState;

/// Revokes a device: its token is refused from now on (401
/// `device_revoked`), and the device wipes its replica.
#[utoipa::path(post, path = "/v1/admin/devices/{device_id}/revoke", tag = "admin",
    params(("device_id" = String, Path, description = "The device's id from enrolment")),
    security(("admin_key" = [])),
    responses(
        (status = 200, body = RevokeResponse),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
    ))]
pub async fn revoke(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiPath(device_id): ApiPath<String>,
) -> Result<ApiJson<RevokeResponse>, Failure> {
    let id = device_id.clone();
    let revoked_at = blocking(&state, move |s| s.revoke_device(&id)).await?;
    Ok(ApiJson(RevokeResponse {
        device_id,
        revoked_at,
    }))
}

/// Erases a customer everywhere: the hub deletes them and everything about
/// them (including their past changes), and every replica gets an `erase`
/// change.
#[utoipa::path(post, path = "/v1/admin/customers/{customer_id}/erase", tag = "admin",
    params(("customer_id" = String, Path, description = "The customer's id")),
    security(("admin_key" = [])),
    responses(
        (status = 200, body = EraseResponse),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
    ))]
pub async fn erase(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiPath(customer_id): ApiPath<String>,
) -> Result<ApiJson<EraseResponse>, Failure> {
    let id = customer_id.clone();
    let position = blocking(&state, move |s| s.erase_customer(&id)).await?;
    Ok(ApiJson(EraseResponse {
        customer_id,
        position,
    }))
}

/// Replaces the retailer's scanning rules (variable-measure labels, SKU
/// prefixes); devices get them at their next sync. Rules a device could not
/// use are refused (400) with the reason.
#[utoipa::path(put, path = "/v1/admin/scan-rules", tag = "admin", request_body = ScanRules,
    security(("admin_key" = [])),
    responses(
        (status = 200, body = ScanRules),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 400, body = ApiError),
    ))]
pub async fn scan_rules(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiJson(rules): ApiJson<ScanRules>,
) -> Result<ApiJson<ScanRules>, Failure> {
    let stored = rules.clone();
    blocking(&state, move |s| s.set_scan_rules(&stored)).await?;
    Ok(ApiJson(rules))
}

/// Makes a new QR signing key; codes signed by older keys stay valid until
/// those keys are retired.
#[utoipa::path(post, path = "/v1/admin/qr-keys/rotate", tag = "admin",
    security(("admin_key" = [])),
    responses((status = 200, body = QrKeyRotated), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
pub async fn rotate_qr_key(State(state): State<HubState>, _: AdminAuth) -> Result<ApiJson<QrKeyRotated>, Failure> {
    let key_id = blocking(&state, |s| s.rotate_qr_key()).await?;
    Ok(ApiJson(QrKeyRotated { key_id }))
}

/// Retires a QR key: devices refuse codes it signed after their next sync.
#[utoipa::path(post, path = "/v1/admin/qr-keys/{key_id}/retire", tag = "admin",
    params(("key_id" = u16, Path, description = "The key id")),
    security(("admin_key" = [])),
    responses(
        (status = 200, body = QrKeyRetired),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
    ))]
pub async fn retire_qr_key(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiPath(key_id): ApiPath<u16>,
) -> Result<ApiJson<QrKeyRetired>, Failure> {
    let retired_at = blocking(&state, move |s| s.retire_qr_key(key_id)).await?;
    Ok(ApiJson(QrKeyRetired { key_id, retired_at }))
}

/// Adds or changes a staff member of a store; the PIN is hashed here and
/// never kept or sent on. Their store's devices get them at the next sync.
#[utoipa::path(put, path = "/v1/admin/staff/{staff_id}", tag = "admin",
    params(("staff_id" = String, Path, description = "The staff member's UUID")),
    request_body = StaffUpsert,
    security(("admin_key" = [])),
    responses(
        (status = 200, body = StaffSaved),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError),
    ))]
pub async fn set_staff(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiPath(staff_id): ApiPath<String>,
    ApiJson(upsert): ApiJson<StaffUpsert>,
) -> Result<ApiJson<StaffSaved>, Failure> {
    let saved = blocking(&state, move |s| s.set_staff(&staff_id, &upsert)).await?;
    Ok(ApiJson(saved))
}

/// Replaces a store's tax policy; devices get it with the store record at
/// their next sync.
#[utoipa::path(put, path = "/v1/admin/stores/{store_id}/tax-policy", tag = "admin", request_body = TaxPolicy,
    params(("store_id" = String, Path, description = "The store's id")),
    security(("admin_key" = [])),
    responses(
        (status = 200, body = Store),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
    ))]
pub async fn tax_policy(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiPath(store_id): ApiPath<String>,
    ApiJson(tax): ApiJson<TaxPolicy>,
) -> Result<ApiJson<Store>, Failure> {
    let store = blocking(&state, move |s| s.set_tax_policy(&store_id, &tax)).await?;
    Ok(ApiJson(store))
}

/// Replaces the retailer's loyalty programme; devices get it with the
/// retailer record at their next sync.
#[utoipa::path(put, path = "/v1/admin/loyalty-programme", tag = "admin", request_body = LoyaltyProgramme,
    security(("admin_key" = [])),
    responses(
        (status = 200, body = LoyaltyProgramme),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 400, body = ApiError),
    ))]
pub async fn loyalty_programme(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiJson(programme): ApiJson<LoyaltyProgramme>,
) -> Result<ApiJson<LoyaltyProgramme>, Failure> {
    let retailer = blocking(&state, move |s| s.set_loyalty_programme(&programme)).await?;
    Ok(ApiJson(retailer.loyalty))
}

/// Adds or replaces a promotion (the path's id is the promotion's); the
/// web shop prices with it at once, the stores it runs at after their next
/// sync. A promotion devices could not price with is refused (400).
#[utoipa::path(put, path = "/v1/admin/promotions/{promotion_id}", tag = "admin", request_body = Promotion,
    params(("promotion_id" = String, Path, description = "The promotion's id")),
    security(("admin_key" = [])),
    responses(
        (status = 200, body = Promotion),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 400, body = ApiError),
    ))]
pub async fn promotion(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiPath(promotion_id): ApiPath<String>,
    ApiJson(promotion): ApiJson<Promotion>,
) -> Result<ApiJson<Promotion>, Failure> {
    if promotion.id != promotion_id {
        return Err(Failure::bad_request(format!(
            "the body is promotion {:?}, the path promotion {promotion_id:?}; they must be the same",
            promotion.id
        )));
    }
    let stored = promotion.clone();
    blocking(&state, move |s| s.put_promotion(&stored)).await?;
    Ok(ApiJson(promotion))
}

/// Issues a store-credit or gift card with its opening balance: the hub
/// makes its id and printed number, and signs the QR to print on it (no
/// expiry). Every device gets the card and its balance at its next sync.
#[utoipa::path(post, path = "/v1/admin/stored-value-cards", tag = "admin", request_body = StoredValueIssue,
    security(("admin_key" = [])),
    responses(
        (status = 200, body = StoredValueIssued),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError),
    ))]
pub async fn issue_stored_value_card(
    State(state): State<HubState>,
    _: AdminAuth,
    ApiJson(request): ApiJson<StoredValueIssue>,
) -> Result<ApiJson<StoredValueIssued>, Failure> {
    Ok(ApiJson(blocking(&state, move |s| s.issue_stored_value_card(&request)).await?))
}
