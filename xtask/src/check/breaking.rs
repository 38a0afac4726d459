//! Step 5 of `cargo xtask check`: the contract against the released one (`spec/baseline.yaml`, or
//! `spec/openapi.yaml` at a git revision). Breaking changes fail unless `spec/breaking-allow.yaml`
//! accepts them; the others are listed as notes.

use anyhow::Result;

use crate::diff::{self, AllowList, Base, Report};
use crate::report::{Finding, Severity};
use crate::workspace;

/// The assessed changes from the base to the current contract, and the findings that fail.
pub fn check(spec_text: &str, base: &Base) -> Result<(Report, Vec<Finding>)> {
    let (base_text, base_name) = base.load()?;
    let allow_path = diff::allow_file_path();
    let allow = if allow_path.exists() {
        AllowList::load(&allow_path)?
    } else {
        AllowList::new()
    };
    let report = diff::diff_texts(
        (&base_text, &base_name),
        (spec_text, &workspace::display(&workspace::spec_path())),
        &allow,
    )?;
    let findings = report
        .failing(Severity::Error)
        .into_iter()
        .map(|change| {
            Finding::new(
                change.id,
                &change.pointer,
                format!(
                    "{} (breaking against {base_name}; accept it in {} with a reason if intended)",
                    change.message,
                    workspace::display(&allow_path)
                ),
            )
        })
        .collect();
    Ok((report, findings))
}
