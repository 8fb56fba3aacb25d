//! What an operator sets when starting the hub.

/// The hub's settings. Keys left `None` switch their endpoints off.
#[derive(Debug, Clone)]
pub struct HubConfig {
    /// Shown by a device to enrol; also the admin key (revoke, erase).
    pub enrolment_key: Option<String>,
    /// The web shop's key for the `/v1/web/...` endpoints.
    pub web_key: Option<String>,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Requests per second one device may make (0: no limit).
    pub device_requests_per_second: u32,
}

impl Default for HubConfig {
    fn default() -> Self {
        HubConfig {
            enrolment_key: None,
            web_key: None,
            body_limit: 4 * 1024 * 1024,
            device_requests_per_second: 200,
        }
    }
}
