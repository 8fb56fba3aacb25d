//! Runs storage work on a blocking thread: no connection is ever held
//! across an `.await`.

use super::failure::Failure;
use crate::HubState;
use crate::storage::{HubStorage, Result};

pub async fn blocking<T: Send + 'static>(
    state: &HubState,
    work: impl FnOnce(&dyn HubStorage) -> Result<T> + Send + 'static,
) -> std::result::Result<T, Failure> {
    let storage = state.storage.clone();
    tokio::task::spawn_blocking(move || work(storage.as_ref()))
        .await
        .map_err(|e| Failure::internal(format!("a storage task failed: {e}")))?
        .map_err(Failure::from)
}
