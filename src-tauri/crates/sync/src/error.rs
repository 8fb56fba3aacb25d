//! Why a sync attempt failed, and whether trying again can help.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// The hub could not be reached, timed out, or answered 5xx / 429.
    #[error("the hub cannot be reached right now ({0}); the device keeps working and retries")]
    Unreachable(String),
    /// The hub refused this device's token (401): it was revoked.
    #[error("the hub no longer accepts this device (its enrolment was revoked); ask IT to enrol it again")]
    Revoked,
    /// The hub refused access to this store (403).
    #[error("the hub refused this device access to the store: {0}")]
    Forbidden(String),
    /// The hub's answer could not be understood; the local data is kept.
    #[error("the hub's answer could not be read ({0}); nothing was changed, the device retries later")]
    BadAnswer(String),
    /// The hub refused our request as malformed (400/413): a bug on our side.
    #[error("the hub refused a request from this device: {0}")]
    Refused(String),
    /// Writing what the hub sent failed on this device (disk full, say).
    #[error("the device could not save what the hub sent: {0}")]
    Local(String),
}

impl SyncError {
    /// Whether the same attempt, later, may succeed.
    pub fn retry_can_help(&self) -> bool {
        match self {
            SyncError::Unreachable(_) | SyncError::BadAnswer(_) | SyncError::Local(_) => true,
            SyncError::Revoked | SyncError::Forbidden(_) | SyncError::Refused(_) => false,
        }
    }

    /// Classifies an HTTP status the hub answered with.
    pub fn from_status(status: u16, message: String) -> SyncError {
        match status {
            401 => SyncError::Revoked,
            403 => SyncError::Forbidden(message),
            408 | 429 | 500..=599 => SyncError::Unreachable(format!("HTTP {status}: {message}")),
            _ => SyncError::Refused(format!("HTTP {status}: {message}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_say_whether_to_retry() {
        let table = [(401, false), (403, false), (400, false), (413, false), (429, true), (500, true), (503, true), (408, true)];
        for (status, retry) in table {
            assert_eq!(SyncError::from_status(status, "x".into()).retry_can_help(), retry, "HTTP {status}");
        }
        assert_eq!(SyncError::from_status(401, String::new()), SyncError::Revoked);
    }
}
