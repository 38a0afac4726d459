//! Scratch copies of the workspace, for builds that must not touch the developer's tree or its
//! build state.
//!
//! Cargo identifies a workspace member by its path *relative to the workspace root*, so two copies
//! of the workspace share every unit in one target directory, and a unit is rebuilt only when a
//! source file is newer than its last build. A copy whose files are older than the other copy's
//! last build would reuse that copy's artifacts (its generated client, say). So every copy that
//! shares a target directory with another is [touched](touch) before it is built, and the
//! developer's own tree is never built in a shared target directory: it is [mirrored](mirror) first.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use anyhow::{Context, Result};

/// The workspace's files: tracked and untracked, without ignored ones (`target/`).
pub fn workspace_files(root: &Path) -> Result<Vec<PathBuf>> {
    let stdout = crate::command::output(
        Command::new("git").current_dir(root).args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ]),
        "git ls-files",
    )?;
    Ok(stdout
        .split(|b| *b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
        .filter(|name| root.join(name).symlink_metadata().is_ok())
        .collect())
}

/// Makes `to` hold `files` as in `from`, writing only what differs (so cargo sees unchanged files
/// as unchanged). Symbolic links are copied as links.
pub fn mirror(from: &Path, to: &Path, files: &[PathBuf]) -> Result<()> {
    for name in files {
        let (source, target) = (from.join(name), to.join(name));
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let meta = source
            .symlink_metadata()
            .with_context(|| format!("cannot read {}", source.display()))?;
        if meta.file_type().is_symlink() {
            let link = std::fs::read_link(&source)?;
            if std::fs::read_link(&target).ok().as_ref() != Some(&link) {
                let _ = std::fs::remove_file(&target);
                symlink(&link, &target)?;
            }
            continue;
        }
        let content =
            std::fs::read(&source).with_context(|| format!("cannot read {}", source.display()))?;
        if std::fs::read(&target).ok().as_ref() != Some(&content) {
            std::fs::write(&target, content)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(link: &Path, at: &Path) -> Result<()> {
    std::os::unix::fs::symlink(link, at).with_context(|| format!("cannot link {}", at.display()))
}

#[cfg(not(unix))]
fn symlink(link: &Path, at: &Path) -> Result<()> {
    // Without symbolic links, the linked file's content is copied.
    let source = at
        .parent()
        .map(|dir| dir.join(link))
        .unwrap_or_else(|| link.to_path_buf());
    std::fs::copy(&source, at).with_context(|| format!("cannot copy {}", at.display()))?;
    Ok(())
}

/// Sets the modification time of every regular file under `root` to now, so cargo rebuilds the
/// copy's crates instead of trusting artifacts another copy left in a shared target directory.
pub fn touch(root: &Path) -> Result<()> {
    let now = SystemTime::now();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?
        {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                std::fs::File::options()
                    .write(true)
                    .open(entry.path())
                    .and_then(|file| file.set_modified(now))
                    .with_context(|| format!("cannot touch {}", entry.path().display()))?;
            }
        }
    }
    Ok(())
}
