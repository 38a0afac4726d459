//! The catalogue of change checks: every id the diff can report, with its fixed severity.

pub use crate::report::Check;

crate::report::checks! {
    PATH_REMOVED = ("path-removed", Error, "a path and all its operations were removed");
    PATH_ADDED = ("path-added", Info, "a path was added");
    OPERATION_REMOVED = ("operation-removed", Error, "an operation was removed from a path that remains");
    OPERATION_ADDED = ("operation-added", Info, "an operation was added");
    OPERATION_METHOD_CHANGED = ("operation-method-changed", Error, "an operation moved to another HTTP method");
    OPERATION_ID_CHANGED = ("operation-id-changed", Warning, "the operationId changed (generated clients rename the method)");
    OPERATION_DEPRECATED = ("operation-deprecated", Info, "an operation was marked deprecated");
    PARAMETER_ADDED_REQUIRED = ("parameter-added-required", Error, "a required parameter was added");
    PARAMETER_ADDED_OPTIONAL = ("parameter-added-optional", Info, "an optional parameter was added");
    PARAMETER_REMOVED = ("parameter-removed", Warning, "a parameter was removed (the server ignores or rejects what clients still send)");
    PARAMETER_RENAMED = ("parameter-renamed", Error, "a query, header or cookie parameter was renamed (same location and schema)");
    PATH_PARAMETER_RENAMED = ("path-parameter-renamed", Warning, "a path parameter was renamed: the URL is unchanged, generated code renames it");
    PARAMETER_MOVED = ("parameter-moved", Error, "a parameter moved to another location (query, path, header, cookie)");
    PARAMETER_MADE_REQUIRED = ("parameter-made-required", Error, "an optional parameter became required");
    PARAMETER_MADE_OPTIONAL = ("parameter-made-optional", Info, "a required parameter became optional");
    PARAMETER_STYLE_CHANGED = ("parameter-style-changed", Error, "the serialization (style or explode) of a parameter changed");
    REQUEST_BODY_ADDED_REQUIRED = ("request-body-added-required", Error, "a required request body was added");
    REQUEST_BODY_ADDED = ("request-body-added", Info, "an optional request body was added");
    REQUEST_BODY_REMOVED = ("request-body-removed", Warning, "the request body was removed");
    REQUEST_BODY_MADE_REQUIRED = ("request-body-made-required", Error, "an optional request body became required");
    REQUEST_BODY_MADE_OPTIONAL = ("request-body-made-optional", Info, "a required request body became optional");
    REQUEST_MEDIA_TYPE_REMOVED = ("request-media-type-removed", Error, "a request media type is no longer accepted");
    REQUEST_MEDIA_TYPE_ADDED = ("request-media-type-added", Info, "a request media type was added");
    REQUEST_TYPE_CHANGED = ("request-type-changed", Error, "the type of a request value changed");
    REQUEST_TYPE_WIDENED = ("request-type-widened", Info, "a request value accepts a wider type (integer to number, or any type)");
    REQUEST_FORMAT_CHANGED = ("request-format-changed", Error, "the format of a request value changed");
    REQUEST_FORMAT_WIDENED = ("request-format-widened", Info, "a request value accepts a wider format (int32 to int64, float to double, or none)");
    REQUEST_NULLABLE_REMOVED = ("request-nullable-removed", Error, "a request value no longer accepts null");
    REQUEST_NULLABLE_ADDED = ("request-nullable-added", Info, "a request value now accepts null");
    REQUEST_ENUM_VALUE_REMOVED = ("request-enum-value-removed", Error, "a value a client may send was removed from an enum");
    REQUEST_ENUM_VALUE_ADDED = ("request-enum-value-added", Info, "a value was added to a request enum");
    REQUEST_BOUNDS_TIGHTENED = ("request-bounds-tightened", Error, "a request constraint was tightened (minimum, maximum, length, items, pattern, enum, additionalProperties)");
    REQUEST_BOUNDS_LOOSENED = ("request-bounds-loosened", Info, "a request constraint was loosened");
    REQUEST_DEFAULT_CHANGED = ("request-default-changed", Warning, "the default of a request value changed: clients that omit it get other behaviour");
    REQUEST_PROPERTY_ADDED_REQUIRED = ("request-property-added-required", Error, "a required property was added to a request body");
    REQUEST_PROPERTY_ADDED = ("request-property-added", Info, "an optional property was added to a request body");
    REQUEST_PROPERTY_REMOVED = ("request-property-removed", Warning, "a request body property was removed");
    REQUEST_PROPERTY_MADE_REQUIRED = ("request-property-made-required", Error, "a request body property became required");
    REQUEST_PROPERTY_MADE_OPTIONAL = ("request-property-made-optional", Info, "a request body property became optional");
    REQUEST_SCHEMA_CHANGED = ("request-schema-changed", Warning, "a request schema composition (oneOf, anyOf, not) changed");
    RESPONSE_STATUS_REMOVED = ("response-status-removed", Error, "a success response status was removed");
    RESPONSE_ERROR_STATUS_REMOVED = ("response-error-status-removed", Warning, "an error response status was removed (the case may now answer differently)");
    RESPONSE_STATUS_ADDED = ("response-status-added", Info, "a response status was added");
    RESPONSE_MEDIA_TYPE_REMOVED = ("response-media-type-removed", Error, "a response media type was removed");
    RESPONSE_MEDIA_TYPE_ADDED = ("response-media-type-added", Info, "a response media type was added");
    RESPONSE_HEADER_REMOVED = ("response-header-removed", Warning, "a response header was removed");
    RESPONSE_HEADER_ADDED = ("response-header-added", Info, "a response header was added");
    RESPONSE_TYPE_CHANGED = ("response-type-changed", Error, "the type of a response value changed");
    RESPONSE_TYPE_NARROWED = ("response-type-narrowed", Info, "a response value has a narrower type (number to integer, or any type to one)");
    RESPONSE_FORMAT_CHANGED = ("response-format-changed", Error, "the format of a response value changed");
    RESPONSE_FORMAT_NARROWED = ("response-format-narrowed", Info, "a response value has a narrower format (int64 to int32, double to float, none to one)");
    RESPONSE_NULLABLE_ADDED = ("response-nullable-added", Error, "a response value (property, item) was made nullable");
    RESPONSE_NULLABLE_REMOVED = ("response-nullable-removed", Info, "a response value is no longer nullable");
    RESPONSE_PROPERTY_REMOVED = ("response-property-removed", Error, "a response property was removed");
    RESPONSE_PROPERTY_ADDED = ("response-property-added", Info, "a response property was added");
    RESPONSE_PROPERTY_MADE_OPTIONAL = ("response-property-made-optional", Error, "a required response property became optional");
    RESPONSE_PROPERTY_MADE_REQUIRED = ("response-property-made-required", Info, "an optional response property became required");
    RESPONSE_ENUM_VALUE_ADDED_CLOSED = ("response-enum-value-added-closed", Error, "a value was added to a closed response enum (or its enum was dropped)");
    RESPONSE_ENUM_VALUE_ADDED_EXTENSIBLE = ("response-enum-value-added-extensible", Info, "a value was added to an `x-extensible-enum` in a response");
    RESPONSE_ENUM_VALUE_REMOVED = ("response-enum-value-removed", Info, "a value was removed from a response enum");
    RESPONSE_ENUM_MADE_EXTENSIBLE = ("response-enum-made-extensible", Warning, "a closed response enum became `x-extensible-enum`: unknown values may now arrive");
    RESPONSE_BOUNDS_WIDENED = ("response-bounds-widened", Warning, "a response constraint was loosened: values outside the old bounds may arrive");
    RESPONSE_BOUNDS_TIGHTENED = ("response-bounds-tightened", Info, "a response constraint was tightened");
    RESPONSE_SCHEMA_CHANGED = ("response-schema-changed", Warning, "a response schema composition (oneOf, anyOf, not) changed");
    SECURITY_CHANGED = ("security-changed", Error, "a security requirement a client may use was removed or changed, or security was introduced");
    SECURITY_ALTERNATIVE_ADDED = ("security-alternative-added", Info, "a new security alternative is accepted");
    SECURITY_RELAXED = ("security-relaxed", Info, "an operation no longer requires security");
    SECURITY_SCHEME_CHANGED = ("security-scheme-changed", Error, "a security scheme changed (type, scheme, location, flows, token URL, scopes)");
    SECURITY_SCHEME_REMOVED = ("security-scheme-removed", Error, "a security scheme was removed");
    SECURITY_SCHEME_ADDED = ("security-scheme-added", Info, "a security scheme was added");
    SERVER_URL_CHANGED = ("server-url-changed", Error, "a server URL was removed or changed");
    SERVER_ADDED = ("server-added", Info, "a server URL was added");
}

/// The check with this id.
pub fn by_id(id: &str) -> Option<&'static Check> {
    ALL.iter().find(|check| check.id == id)
}

/// The catalogue as a Markdown table (`| id | severity | meaning |`).
pub fn markdown_table() -> String {
    crate::report::markdown_table(ALL)
}
