//! Writing outputs: all or nothing, and checking them.
//!
//! A run either replaces every output directory or leaves each one
//! byte-identical: new trees are written beside the targets and renamed into
//! place only when all of them were written.

use std::io;
use std::path::{Path, PathBuf};

/// One output directory and the files it should hold.
pub struct Tree<'a> {
    pub dir: PathBuf,
    pub files: Vec<(&'a str, &'a [u8])>,
}

/// Replaces each tree's directory with exactly its files.
pub fn write_atomic(trees: &[Tree<'_>]) -> io::Result<()> {
    let tag = format!("{}-{}", std::process::id(), nanos());
    let mut staged = Vec::new();
    let result = (|| {
        for t in trees {
            let parent = t
                .dir
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            std::fs::create_dir_all(parent).map_err(at(parent))?;
            let name = t
                .dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let tmp = parent.join(format!(".{name}.new-{tag}"));
            staged.push((tmp.clone(), t.dir.clone()));
            for (rel, bytes) in &t.files {
                let path = tmp.join(rel);
                if let Some(d) = path.parent() {
                    std::fs::create_dir_all(d).map_err(at(d))?;
                }
                std::fs::write(&path, bytes).map_err(at(&path))?;
            }
            std::fs::create_dir_all(&tmp).map_err(at(&tmp))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_dir_all(tmp);
        }
        return Err(e);
    }
    // Everything is written; swap each tree in. The old tree moves aside
    // first so a failed rename can put it back.
    for (tmp, dir) in &staged {
        let old = dir.with_file_name(format!(
            ".{}.old-{tag}",
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let had_old = dir.exists();
        if had_old {
            std::fs::rename(dir, &old).map_err(at(dir))?;
        }
        if let Err(e) = std::fs::rename(tmp, dir) {
            if had_old {
                let _ = std::fs::rename(&old, dir);
            }
            let _ = std::fs::remove_dir_all(tmp);
            return Err(at(dir)(e));
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
    }
    Ok(())
}

/// Names the path in an IO error, which by itself names none.
fn at(path: &Path) -> impl FnOnce(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("`{}`: {e}", path.display()))
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// Files that differ from what the trees should hold: changed, missing, or
/// present but no longer generated. Paths are shown under each tree's dir.
pub fn stale(trees: &[Tree<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    for t in trees {
        for (rel, bytes) in &t.files {
            let path = t.dir.join(rel);
            match std::fs::read(&path) {
                Ok(on_disk) if on_disk == *bytes => {}
                Ok(_) => out.push(format!("{} (differs)", path.display())),
                Err(_) => out.push(format!("{} (missing)", path.display())),
            }
        }
        let mut existing = Vec::new();
        list(&t.dir, &t.dir, &mut existing);
        for rel in existing {
            if !t.files.iter().any(|(r, _)| *r == rel) {
                out.push(format!(
                    "{} (no longer generated)",
                    t.dir.join(&rel).display()
                ));
            }
        }
    }
    out.sort();
    out
}

fn list(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        // Build output and editor droppings are not ours to judge.
        if name == "target" || name.starts_with('.') || name == "Cargo.lock" {
            continue;
        }
        if p.is_dir() {
            list(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}
