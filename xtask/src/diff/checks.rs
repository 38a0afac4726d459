//! The catalogue of change checks: every id the diff can report, with its fixed severity.

pub use crate::report::Check;

crate::report::checks! {
    PATH_REMOVED = ("path-removed", Error, "a path and all its operations were removed (not deprecated, or deprecated without an `x-sunset` date: see `removed-after-sunset`)");
    PATH_ADDED = ("path-added", Info, "a path was added");
    REMOVED_AFTER_SUNSET = ("removed-after-sunset", Warning, "an operation, path, parameter or property marked `deprecated` with an `x-sunset` date that has passed was removed", "common tools: no finding for operations and paths. Clients had notice, but those that still call it fail: flagged for review.");
    REMOVED_BEFORE_SUNSET = ("removed-before-sunset", Error, "an operation, path, parameter or property marked `deprecated` was removed before its `x-sunset` date");
    OPERATION_REMOVED = ("operation-removed", Error, "an operation was removed from a path that remains (not deprecated, or deprecated without an `x-sunset` date: see `removed-after-sunset`)");
    OPERATION_ADDED = ("operation-added", Info, "an operation was added");
    OPERATION_METHOD_CHANGED = ("operation-method-changed", Error, "an operation moved to another HTTP method");
    OPERATION_ID_CHANGED = ("operation-id-changed", Warning, "the operationId changed (generated clients rename the method)", "common tools: info. Generated clients, this SDK's included, name their methods after it: code that calls the old name stops compiling.");
    OPERATION_DEPRECATED = ("operation-deprecated", Info, "an operation was marked deprecated");
    OPERATION_REACTIVATED = ("operation-reactivated", Info, "an operation is no longer deprecated");
    PARAMETER_ADDED_REQUIRED = ("parameter-added-required", Error, "a required parameter was added");
    PARAMETER_ADDED_OPTIONAL = ("parameter-added-optional", Info, "an optional parameter was added");
    PARAMETER_DEPRECATED = ("parameter-deprecated", Info, "a parameter was marked deprecated, or no longer is");
    PARAMETER_REMOVED = ("parameter-removed", Warning, "a parameter was removed (the server ignores or rejects what clients still send)", "common tools: info when it was deprecated first. Whether what clients still send is ignored or rejected depends on the server either way.");
    PARAMETER_RENAMED = ("parameter-renamed", Error, "a query, header or cookie parameter was renamed (same location and schema)");
    PATH_PARAMETER_RENAMED = ("path-parameter-renamed", Warning, "a path parameter was renamed: the URL is unchanged, generated code renames it");
    PARAMETER_MOVED = ("parameter-moved", Error, "a parameter moved to another location (query, path, header, cookie)");
    PARAMETER_MADE_REQUIRED = ("parameter-made-required", Error, "an optional parameter became required");
    PARAMETER_MADE_OPTIONAL = ("parameter-made-optional", Info, "a required parameter became optional");
    PARAMETER_STYLE_CHANGED = ("parameter-style-changed", Error, "the serialization (style or explode) of a parameter changed");
    REQUEST_BODY_ADDED_REQUIRED = ("request-body-added-required", Error, "a required request body was added");
    REQUEST_BODY_ADDED = ("request-body-added", Info, "an optional request body was added");
    REQUEST_BODY_REMOVED = ("request-body-removed", Warning, "the request body was removed", "common tools: error. What clients still send is ignored or rejected depending on the server, so it is flagged for review rather than failed.");
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
    REQUEST_BOUNDS_TIGHTENED = ("request-bounds-tightened", Error, "a request constraint was tightened or added (minimum, maximum, length, items, pattern, enum, additionalProperties)", "common tools: warning when a bound appears where there was none. A new bound rejects values clients may send today; nothing says they never do.");
    REQUEST_BOUNDS_LOOSENED = ("request-bounds-loosened", Info, "a request constraint was loosened");
    REQUEST_PATTERN_CHANGED = ("request-pattern-changed", Error, "the pattern of a request value changed to one that does not provably accept every value the old one did", "common tools: warning. A value clients send today may no longer match; only a pattern that provably accepts more is compatible.");
    REQUEST_DEFAULT_CHANGED = ("request-default-changed", Warning, "the default of a request value changed: clients that omit it get other behaviour", "common tools: error for parameters, info for body properties. Either way only clients that omit the value notice, so both are flagged for review.");
    REQUEST_DISCRIMINATOR_CHANGED = ("request-discriminator-changed", Info, "the discriminator of a request composition changed (property name or mapping)");
    REQUEST_PROPERTY_ADDED_REQUIRED = ("request-property-added-required", Error, "a required property was added to a request body");
    REQUEST_PROPERTY_ADDED = ("request-property-added", Info, "an optional property was added to a request body", "common tools: error when it arrives through a new `allOf` member. `allOf` members are merged and judged as one schema, so a member that only adds an optional property is that; a member identical to one already present is no change.");
    REQUEST_PROPERTY_REMOVED = ("request-property-removed", Warning, "a request body property was removed");
    REQUEST_PROPERTY_MADE_REQUIRED = ("request-property-made-required", Error, "a request body property became required");
    REQUEST_PROPERTY_MADE_OPTIONAL = ("request-property-made-optional", Info, "a request body property became optional");
    REQUEST_PROPERTY_DEPRECATED = ("request-property-deprecated", Info, "a request property was marked deprecated, or no longer is");
    REQUEST_SCHEMA_CHANGED = ("request-schema-changed", Warning, "a request `not` constraint changed, or a composition whose alternatives cannot be matched one by one");
    REQUEST_ALTERNATIVE_REMOVED = ("request-alternative-removed", Error, "an alternative (oneOf, anyOf) a client may send was removed");
    REQUEST_ALTERNATIVE_ADDED = ("request-alternative-added", Info, "an alternative (oneOf, anyOf) was added to a request value; alternatives are matched by structure, so one replaced by an identical shape, or a duplicate added to anyOf or allOf, is no change", "common tools match alternatives by `$ref` name and report a renamed or duplicated identical shape; here the shapes decide.");
    REQUEST_ONE_OF_AMBIGUOUS = ("request-one-of-ambiguous", Error, "a request value was wrapped into a oneOf whose variants each accept what was valid before, or a oneOf gained an alternative identical to another (when the old oneOf had no two alternatives of that shape already; then it is `request-alternative-added`): such a payload matches several variants and fails oneOf", "common tools: info for an identical alternative added under a new `$ref` name. The shapes decide: a payload that matches twice is rejected.");
    REQUEST_SCHEMA_ADDED = ("request-schema-added", Error, "a request media type that had no schema gained one: constraints where there were none");
    REQUEST_SCHEMA_REMOVED = ("request-schema-removed", Info, "a request media type lost its schema: anything is accepted");
    RESPONSE_STATUS_REMOVED = ("response-status-removed", Error, "a success response status was removed");
    RESPONSE_ERROR_STATUS_REMOVED = ("response-error-status-removed", Warning, "an error response status was removed (the case may now answer differently)", "common tools: info. A client that handles that status specially now meets another answer.");
    RESPONSE_STATUS_ADDED = ("response-status-added", Info, "a response status was added");
    RESPONSE_MEDIA_TYPE_REMOVED = ("response-media-type-removed", Error, "a response media type was removed", "common tools: info when it is renamed (`application/json` to `application/problem+json`). Clients ask for the old name in `Accept` and decode by it, so a rename is a removal plus an addition.");
    RESPONSE_MEDIA_TYPE_ADDED = ("response-media-type-added", Info, "a response media type was added");
    RESPONSE_REQUIRED_HEADER_REMOVED = ("response-required-header-removed", Error, "a response header marked `required` was removed");
    RESPONSE_HEADER_REMOVED = ("response-header-removed", Warning, "an optional response header was removed");
    RESPONSE_HEADER_MADE_OPTIONAL = ("response-header-made-optional", Error, "a required response header is no longer required");
    RESPONSE_HEADER_ADDED = ("response-header-added", Info, "a response header was added");
    RESPONSE_TYPE_CHANGED = ("response-type-changed", Error, "the type of a response value changed");
    RESPONSE_TYPE_NARROWED = ("response-type-narrowed", Info, "a response value has a narrower type (number to integer, or any type to one)");
    RESPONSE_FORMAT_CHANGED = ("response-format-changed", Error, "the format of a response value changed");
    RESPONSE_FORMAT_NARROWED = ("response-format-narrowed", Info, "a response value has a narrower format (int64 to int32, double to float, none to one)");
    RESPONSE_NULLABLE_ADDED = ("response-nullable-added", Error, "a response value (property, item) was made nullable");
    RESPONSE_NULLABLE_REMOVED = ("response-nullable-removed", Info, "a response value is no longer nullable");
    RESPONSE_DEFAULT_CHANGED = ("response-default-changed", Info, "the default of a response value changed (it documents what the server assumes)");
    RESPONSE_DISCRIMINATOR_CHANGED = ("response-discriminator-changed", Info, "the discriminator of a response composition changed (property name or mapping); the shapes themselves are compared alternative by alternative");
    RESPONSE_PROPERTY_REMOVED = ("response-property-removed", Error, "a required response property was removed");
    RESPONSE_OPTIONAL_PROPERTY_REMOVED = ("response-optional-property-removed", Warning, "an optional response property was removed: clients handle its absence, but not its meaning");
    RESPONSE_PROPERTY_ADDED = ("response-property-added", Info, "a response property was added, or a `writeOnly` one is now returned", "common tools: warning when a required `writeOnly` property stops being `writeOnly`. Clients meet one more field they may ignore, as with any added property.");
    RESPONSE_PROPERTY_MADE_OPTIONAL = ("response-property-made-optional", Error, "a required response property became optional");
    RESPONSE_PROPERTY_MADE_REQUIRED = ("response-property-made-required", Info, "an optional response property became required");
    RESPONSE_PROPERTY_DEPRECATED = ("response-property-deprecated", Info, "a response property was marked deprecated, or no longer is");
    RESPONSE_ENUM_VALUE_ADDED_CLOSED = ("response-enum-value-added-closed", Error, "a value was added to a closed response enum (or its enum was dropped)", "common tools: warning. Generated clients decode a closed enum strictly: one unknown value fails the whole response.");
    RESPONSE_ENUM_VALUE_ADDED_EXTENSIBLE = ("response-enum-value-added-extensible", Info, "a value was added to an `x-extensible-enum` in a response");
    RESPONSE_ENUM_VALUE_REMOVED = ("response-enum-value-removed", Info, "a value was removed from a response enum");
    RESPONSE_ENUM_MADE_EXTENSIBLE = ("response-enum-made-extensible", Warning, "a closed response enum became `x-extensible-enum`: unknown values may now arrive");
    RESPONSE_BOUNDS_WIDENED = ("response-bounds-widened", Warning, "a response constraint was loosened or removed (bounds, pattern): values outside the old bounds may arrive", "common tools: error for numeric and length bounds, info for patterns. Such values still decode; only clients that validated against the old bounds notice, so both are flagged for review.");
    RESPONSE_BOUNDS_TIGHTENED = ("response-bounds-tightened", Info, "a response constraint was tightened");
    RESPONSE_PATTERN_CHANGED = ("response-pattern-changed", Warning, "the pattern of a response value changed to one that is not provably narrower: values clients validated against the old one may arrive", "common tools: info. Clients that validate the old pattern may meet values it rejects.");
    RESPONSE_SCHEMA_CHANGED = ("response-schema-changed", Warning, "a response `not` constraint changed, or a composition whose alternatives cannot be matched one by one");
    RESPONSE_ALTERNATIVE_ADDED = ("response-alternative-added", Error, "an alternative (oneOf, anyOf) was added to a response value, or a response value was wrapped into one: clients meet shapes they cannot decode", "common tools: info for anyOf. Generated clients decode anyOf, like oneOf, as a closed set of shapes.");
    RESPONSE_ALTERNATIVE_ADDED_EXTENSIBLE = ("response-alternative-added-extensible", Info, "an alternative was added to a response composition marked `x-extensible: true` (clients keep unknown shapes)");
    RESPONSE_ALTERNATIVE_REMOVED = ("response-alternative-removed", Info, "an alternative (oneOf, anyOf) was removed from a response value");
    RESPONSE_SCHEMA_ADDED = ("response-schema-added", Info, "a response media type that had no schema gained one");
    RESPONSE_SCHEMA_REMOVED = ("response-schema-removed", Warning, "a response media type lost its schema: clients cannot know what arrives");
    SCHEMA_TOO_DEEP = ("schema-too-deep", Warning, "schemas nest deeper than the comparison follows (64 levels): what lies below was not compared; review it by hand");
    SECURITY_ADDED = ("security-added", Error, "an operation that required no security now requires it", "common tools: info. Clients that call it without credentials are rejected.");
    SECURITY_CHANGED = ("security-changed", Error, "a security alternative a client may use was removed or replaced", "common tools: info. A client holding only the credentials of the removed alternative is rejected.");
    SECURITY_SCOPES_ADDED = ("security-scopes-added", Error, "a security alternative now needs more OAuth2 scopes (scopes are compared as sets)", "common tools: info. Tokens issued with the old scopes are refused.");
    SECURITY_SCOPES_REDUCED = ("security-scopes-reduced", Info, "a security alternative needs fewer OAuth2 scopes");
    SECURITY_ALTERNATIVE_ADDED = ("security-alternative-added", Info, "a new security alternative is accepted");
    SECURITY_RELAXED = ("security-relaxed", Info, "an operation no longer requires security");
    SECURITY_SCHEME_CHANGED = ("security-scheme-changed", Error, "a security scheme changed (type, scheme, location, name, flows, token URL)", "common tools: info. Clients configured for the old type, location or token URL fail to authenticate.");
    SECURITY_SCHEME_SCOPES_CHANGED = ("security-scheme-scopes-changed", Info, "the scopes a security scheme offers changed (operations that require them are judged on their own)");
    SECURITY_SCHEME_REMOVED = ("security-scheme-removed", Error, "a security scheme that operations required was removed", "common tools: info. Operations that required it are reported too; the scheme itself is gone for clients configured with it.");
    SECURITY_SCHEME_REMOVED_UNUSED = ("security-scheme-removed-unused", Info, "a security scheme that no operation required was removed");
    SECURITY_SCHEME_ADDED = ("security-scheme-added", Info, "a security scheme was added");
    SERVER_URL_CHANGED = ("server-url-changed", Error, "a server URL was removed or changed, for the document, a path or an operation", "common tools: no finding (deployment metadata). Clients built with the old base URL, the SDK's presets included, call a host or path that no longer serves the API.");
    SERVER_ADDED = ("server-added", Info, "a server URL was added, for the document, a path or an operation");
}

/// The check with this id.
pub fn by_id(id: &str) -> Option<&'static Check> {
    ALL.iter().find(|check| check.id == id)
}

/// The catalogue as a Markdown table (`| id | severity | meaning |`).
pub fn markdown_table() -> String {
    crate::report::markdown_table(ALL)
}
