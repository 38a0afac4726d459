//! The catalogue of contract findings: every id `cargo xtask contract` can report, with its
//! severity.

pub use crate::report::Check;

crate::report::checks! {
    UNDOCUMENTED_PROPERTY = ("undocumented-property", Warning, "a field the contract does not declare (strict mode)");
    REQUIRED_PROPERTY_MISSING = ("required-property-missing", Error, "a field the contract requires is absent");
    TYPE_MISMATCH = ("type-mismatch", Error, "a value of another JSON type than the contract says");
    NULL_NOT_ALLOWED = ("null-not-allowed", Error, "null where the contract does not say `nullable`");
    FORMAT_MISMATCH = ("format-mismatch", Error, "a string that is not of its `format` (date-time, ...)");
    ENUM_VALUE_NOT_ALLOWED = ("enum-value-not-allowed", Error, "a value outside a closed enum");
    CONSTRAINT_VIOLATED = ("constraint-violated", Error, "a value outside its bounds (minimum, length, pattern, ...)");
    SCHEMA_MISMATCH = ("schema-mismatch", Error, "a value that matches no alternative of its schema (oneOf, anyOf, ...)");
    ENUM_VALUE_UNKNOWN = ("enum-value-unknown", Warning, "a value an `x-extensible-enum` does not list (the SDK keeps it as unknown)");
    ENUM_VALUE_CASE_MISMATCH = ("enum-value-case-mismatch", Warning, "an `x-extensible-enum` value that differs from a documented one only in case");
    DEPRECATED_PROPERTY_PRESENT = ("deprecated-property-present", Warning, "a field the contract marks `deprecated` (an older response shape)");
    PAGE_SIZE_EXCEEDED = ("page-size-exceeded", Error, "more items on a page than `page.size`");
    PAGE_TOTAL_PAGES_MISMATCH = ("page-total-pages-mismatch", Warning, "`page.totalPages` is not `totalElements / size` rounded up");
    PAGE_CONTENT_LENGTH_MISMATCH = ("page-content-length-mismatch", Warning, "a page holds another number of items than its number, size and totals imply");
    PAGE_NUMBER_MISMATCH = ("page-number-mismatch", Warning, "the server answered another page than the one requested");
    PAGE_NUMBER_NOT_ADVANCING = ("page-number-not-advancing", Error, "paging does not advance: the next page would repeat or go back");
    PAGE_TOTALS_CHANGED = ("page-totals-changed", Info, "`totalElements` changed between pages of one listing");
    PAGE_DUPLICATE_ITEMS = ("page-duplicate-items", Warning, "the same session id on more than one page of one listing");
    HTTP_STATUS = ("http-status", Error, "a response status other than 200 (its body is still checked against the documented error schema)");
    STATUS_UNDOCUMENTED = ("status-undocumented", Error, "a response status the contract does not document");
    CONTENT_TYPE_NOT_JSON = ("content-type-not-json", Warning, "a response whose Content-Type is not JSON");
    BODY_NOT_JSON = ("body-not-json", Error, "a response body that is not JSON");
}

/// The check with this id.
pub fn by_id(id: &str) -> Option<&'static Check> {
    ALL.iter().find(|check| check.id == id)
}

/// The catalogue as a Markdown table (`| id | severity | meaning |`).
pub fn markdown_table() -> String {
    crate::report::markdown_table(ALL)
}
