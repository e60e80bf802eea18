//! Attachment files on disk: `<data_dir>/attachments/<account id>/<key>`. The key is a random
//! 24-character token, so a file's URL is as unguessable as upstream's signed blob URLs.

use crate::{App, AppError};
use std::path::PathBuf;

/// Upstream's `MAXIMUM_FILE_UPLOAD_SIZE` default: 40 MB per file.
pub const MAX_FILE_BYTES: usize = 40 * 1024 * 1024;

/// A file part of the create request.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

pub fn path(app: &App, account_id: i64, key: &str) -> PathBuf {
    app.config
        .data_dir
        .join("attachments")
        .join(account_id.to_string())
        .join(key)
}

/// Writes an upload and returns its key.
pub async fn store(app: &App, account_id: i64, upload: &Upload) -> Result<String, AppError> {
    let key = crate::tokens::secure_token();
    let path = path(app, account_id, &key);
    let write = async {
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        tokio::fs::write(&path, &upload.bytes).await
    };
    write.await.map_err(|e| {
        tracing::error!(error = %e, "could not store an attachment");
        AppError::Unprocessable("Attachment could not be stored".to_string())
    })?;
    Ok(key)
}

/// Removes stored files (after the rows are gone, or when a create fails); missing files are fine.
pub async fn remove(app: &App, account_id: i64, keys: &[String]) {
    for key in keys {
        let _ = tokio::fs::remove_file(path(app, account_id, key)).await;
    }
}

/// A stored file's bytes, by key (None when the key names no attachment or the file is gone).
pub async fn read(
    app: &App,
    key: &str,
) -> Result<Option<(store::attachments::Attachment, Vec<u8>)>, AppError> {
    let valid = key.len() == 24 && key.bytes().all(|b| b.is_ascii_alphanumeric());
    if !valid {
        return Ok(None);
    }
    let Some(a) = store::attachments::find_by_key(&app.db, key).await? else {
        return Ok(None);
    };
    match tokio::fs::read(path(app, a.account_id, key)).await {
        Ok(bytes) => Ok(Some((a, bytes))),
        Err(_) => Ok(None),
    }
}
