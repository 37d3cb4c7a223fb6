//! Finding and reading the event schema files of a schemas directory.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::DiffError;

const SUFFIX: &str = ".schema.json";

/// Event schemas keyed by `provider/event`, or by `event` for files that sit
/// directly in `dir`: callers may point at `schemas/` or at one provider.
pub(crate) fn load(dir: &Path) -> Result<BTreeMap<String, Value>, DiffError> {
    let mut out = BTreeMap::new();
    for entry in read_dir(dir)? {
        if entry.is_dir() {
            let provider = file_name(&entry);
            if provider.starts_with('.') {
                continue;
            }
            for file in read_dir(&entry)? {
                if let Some(event) = event_name(&file) {
                    out.insert(format!("{provider}/{event}"), read_json(&file)?);
                }
            }
        } else if let Some(event) = event_name(&entry) {
            out.insert(event, read_json(&entry)?);
        }
    }
    Ok(out)
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, DiffError> {
    let io = |source| DiffError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths = fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(io)?;
    paths.sort();
    Ok(paths)
}

fn read_json(path: &Path) -> Result<Value, DiffError> {
    let text = fs::read_to_string(path).map_err(|source| DiffError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| DiffError::Json {
        path: path.to_path_buf(),
        source,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn event_name(path: &Path) -> Option<String> {
    if !path.is_file() {
        return None;
    }
    let name = file_name(path);
    let event = name.strip_suffix(SUFFIX)?;
    (!event.is_empty()).then(|| event.to_string())
}
