#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    ///An error body. Its format is not documented; the fields below follow the common `{statusCode, message, error}` shape, where `message` may be a string or a list of strings. All fields are optional and unknown fields are accepted.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        Default,
        PartialEq,
        schemars::JsonSchema
    )]
    #[non_exhaustive]
    pub struct ApiError {
        ///The status text.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<::std::string::String>,
        ///What went wrong, as a string or a list of strings.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub message: ::std::option::Option<ApiErrorMessage>,
        ///The request path.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub path: ::std::option::Option<::std::string::String>,
        ///The HTTP status code, repeated.
        #[serde(
            rename = "statusCode",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub status_code: ::std::option::Option<i32>,
        ///When the error happened.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub timestamp: ::std::option::Option<::std::string::String>,
    }
    impl ApiError {
        pub fn builder() -> builder::ApiErrorBuilder {
            Default::default()
        }
    }
    ///What went wrong, as a string or a list of strings.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    #[serde(untagged)]
    #[non_exhaustive]
    pub enum ApiErrorMessage {
        String(::std::string::String),
        Array(::std::vec::Vec<::std::string::String>),
    }
    impl ::std::convert::From<::std::vec::Vec<::std::string::String>>
    for ApiErrorMessage {
        fn from(value: ::std::vec::Vec<::std::string::String>) -> Self {
            Self::Array(value)
        }
    }
    ///Information about the last executed step, present once at least one step has run (absent before that). The documented shape is `{stepId, stepDescription, verdict}`; an older build sent `{stepName, stepType, verdict}`. Both are accepted.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        Default,
        PartialEq,
        schemars::JsonSchema
    )]
    #[non_exhaustive]
    pub struct LastStep {
        ///Description of the last step.
        #[serde(
            rename = "stepDescription",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub step_description: ::std::option::Option<::std::string::String>,
        ///Unique identifier of the last step.
        #[serde(
            rename = "stepId",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub step_id: ::std::option::Option<::std::string::String>,
        ///Name of the last step (older response shape; current builds send `stepId`).
        #[serde(
            rename = "stepName",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub step_name: ::std::option::Option<::std::string::String>,
        ///Type of the last step (older response shape; current builds send `stepDescription`).
        #[serde(
            rename = "stepType",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub step_type: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub verdict: ::std::option::Option<crate::open_enums::Verdict>,
    }
    impl LastStep {
        pub fn builder() -> builder::LastStepBuilder {
            Default::default()
        }
    }
    ///`ListSessionsFlowId`
    #[derive(
        ::serde::Serialize,
        Clone,
        Debug,
        Eq,
        Hash,
        Ord,
        PartialEq,
        PartialOrd,
        schemars::JsonSchema
    )]
    #[serde(transparent)]
    pub struct ListSessionsFlowId(::std::string::String);
    impl ::std::ops::Deref for ListSessionsFlowId {
        type Target = ::std::string::String;
        fn deref(&self) -> &::std::string::String {
            &self.0
        }
    }
    impl ::std::convert::From<ListSessionsFlowId> for ::std::string::String {
        fn from(value: ListSessionsFlowId) -> Self {
            value.0
        }
    }
    impl ::std::str::FromStr for ListSessionsFlowId {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            if value.chars().count() < 1usize {
                return Err("shorter than 1 characters".into());
            }
            Ok(Self(value.to_string()))
        }
    }
    impl ::std::convert::TryFrom<&str> for ListSessionsFlowId {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String> for ListSessionsFlowId {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl<'de> ::serde::Deserialize<'de> for ListSessionsFlowId {
        fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
        where
            D: ::serde::Deserializer<'de>,
        {
            ::std::string::String::deserialize(deserializer)?
                .parse()
                .map_err(|e: self::error::ConversionError| {
                    <D::Error as ::serde::de::Error>::custom(e.to_string())
                })
        }
    }
    ///Page metadata. `size` is the page size the server used (it may clamp the requested size); `number` is the page number in the server's base; totals may change between requests.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    #[non_exhaustive]
    pub struct PageMetadata {
        ///The number of this page, in the server's page base. The same range as the `page` query parameter (int32, at least 0), so the page after any reported page can be requested while it is within that range.
        pub number: i32,
        ///The page size the server used. The same range as the `size` query parameter (int32, at least 0), so a reported size can always be requested.
        pub size: i32,
        ///Total number of sessions across all pages.
        #[serde(rename = "totalElements")]
        pub total_elements: i64,
        ///Total number of pages.
        #[serde(rename = "totalPages")]
        pub total_pages: i64,
    }
    impl PageMetadata {
        pub fn builder() -> builder::PageMetadataBuilder {
            Default::default()
        }
    }
    ///An identity verification session, as listed. Data minimization applies: only the fields a session cannot lack are required.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        PartialEq,
        schemars::JsonSchema
    )]
    #[non_exhaustive]
    pub struct Session {
        ///When the session reached a terminal state; null before that.
        #[serde(
            rename = "completedAt",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub completed_at: ::std::option::Option<
            ::chrono::DateTime<::chrono::offset::Utc>,
        >,
        ///When the session was created (ISO 8601).
        #[serde(rename = "createdAt")]
        pub created_at: ::chrono::DateTime<::chrono::offset::Utc>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub environment: ::std::option::Option<crate::open_enums::Environment>,
        ///When the session expires; may be null.
        #[serde(
            rename = "expiresAt",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub expires_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
        ///Identifier of the flow that executed the session.
        #[serde(rename = "flowId")]
        pub flow_id: ::std::string::String,
        ///Version of the flow executed.
        #[serde(
            rename = "flowVersion",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub flow_version: ::std::option::Option<i64>,
        #[serde(
            rename = "lastStep",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub last_step: ::std::option::Option<LastStep>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub outcome: ::std::option::Option<crate::open_enums::Outcome>,
        ///The unique identifier of the session (a UUIDv7 string in the documentation).
        #[serde(rename = "sessionId")]
        pub session_id: ::std::string::String,
        #[serde(rename = "sessionStatus")]
        pub session_status: crate::open_enums::SessionStatus,
        ///When processing started; null if not started.
        #[serde(
            rename = "startedAt",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub started_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
        ///The reference id provided for the user. Personal data; never log it.
        #[serde(
            rename = "subjectId",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub subject_id: ::std::option::Option<::std::string::String>,
        ///When the session was last updated.
        #[serde(
            rename = "updatedAt",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub updated_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    }
    impl Session {
        pub fn builder() -> builder::SessionBuilder {
            Default::default()
        }
    }
    ///One page of sessions in Spring Data's paged-model shape.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Debug,
        PartialEq,
        schemars::JsonSchema
    )]
    #[non_exhaustive]
    pub struct SessionPage {
        ///The sessions on this page, in the requested order.
        pub content: ::std::vec::Vec<Session>,
        pub page: PageMetadata,
    }
    impl SessionPage {
        pub fn builder() -> builder::SessionPageBuilder {
            Default::default()
        }
    }
    ///Field to sort sessions by. Chosen by the client, so the set is closed.
    #[derive(
        ::serde::Deserialize,
        ::serde::Serialize,
        Clone,
        Copy,
        Debug,
        Eq,
        Hash,
        Ord,
        PartialEq,
        PartialOrd,
        schemars::JsonSchema
    )]
    #[non_exhaustive]
    pub enum SortBy {
        #[serde(rename = "status")]
        Status,
        #[serde(rename = "createdAt")]
        CreatedAt,
    }
    impl ::std::fmt::Display for SortBy {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match *self {
                Self::Status => f.write_str("status"),
                Self::CreatedAt => f.write_str("createdAt"),
            }
        }
    }
    impl ::std::str::FromStr for SortBy {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "status" => Ok(Self::Status),
                "createdAt" => Ok(Self::CreatedAt),
                _ => Err("invalid value".into()),
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for SortBy {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl ::std::convert::TryFrom<::std::string::String> for SortBy {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    /// Types for composing complex structures.
    pub mod builder {
        #[derive(Clone, Debug)]
        pub struct ApiErrorBuilder {
            error: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            message: ::std::result::Result<
                ::std::option::Option<super::ApiErrorMessage>,
                ::std::string::String,
            >,
            path: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            status_code: ::std::result::Result<
                ::std::option::Option<i32>,
                ::std::string::String,
            >,
            timestamp: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for ApiErrorBuilder {
            fn default() -> Self {
                Self {
                    error: Ok(Default::default()),
                    message: Ok(Default::default()),
                    path: Ok(Default::default()),
                    status_code: Ok(Default::default()),
                    timestamp: Ok(Default::default()),
                }
            }
        }
        impl ApiErrorBuilder {
            pub fn error<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.error = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for error: {e}")
                    });
                self
            }
            pub fn message<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<super::ApiErrorMessage>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.message = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for message: {e}")
                    });
                self
            }
            pub fn path<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.path = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for path: {e}")
                    });
                self
            }
            pub fn status_code<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<i32>>,
                T::Error: ::std::fmt::Display,
            {
                self.status_code = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for status_code: {e}")
                    });
                self
            }
            pub fn timestamp<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.timestamp = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for timestamp: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<ApiErrorBuilder> for super::ApiError {
            type Error = super::error::ConversionError;
            fn try_from(
                value: ApiErrorBuilder,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    error: value.error?,
                    message: value.message?,
                    path: value.path?,
                    status_code: value.status_code?,
                    timestamp: value.timestamp?,
                })
            }
        }
        impl ::std::convert::From<super::ApiError> for ApiErrorBuilder {
            fn from(value: super::ApiError) -> Self {
                Self {
                    error: Ok(value.error),
                    message: Ok(value.message),
                    path: Ok(value.path),
                    status_code: Ok(value.status_code),
                    timestamp: Ok(value.timestamp),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct LastStepBuilder {
            step_description: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            step_id: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            step_name: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            step_type: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            verdict: ::std::result::Result<
                ::std::option::Option<crate::open_enums::Verdict>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for LastStepBuilder {
            fn default() -> Self {
                Self {
                    step_description: Ok(Default::default()),
                    step_id: Ok(Default::default()),
                    step_name: Ok(Default::default()),
                    step_type: Ok(Default::default()),
                    verdict: Ok(Default::default()),
                }
            }
        }
        impl LastStepBuilder {
            pub fn step_description<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.step_description = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for step_description: {e}"
                        )
                    });
                self
            }
            pub fn step_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.step_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for step_id: {e}")
                    });
                self
            }
            pub fn step_name<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.step_name = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for step_name: {e}")
                    });
                self
            }
            pub fn step_type<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.step_type = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for step_type: {e}")
                    });
                self
            }
            pub fn verdict<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<crate::open_enums::Verdict>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.verdict = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for verdict: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<LastStepBuilder> for super::LastStep {
            type Error = super::error::ConversionError;
            fn try_from(
                value: LastStepBuilder,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    step_description: value.step_description?,
                    step_id: value.step_id?,
                    step_name: value.step_name?,
                    step_type: value.step_type?,
                    verdict: value.verdict?,
                })
            }
        }
        impl ::std::convert::From<super::LastStep> for LastStepBuilder {
            fn from(value: super::LastStep) -> Self {
                Self {
                    step_description: Ok(value.step_description),
                    step_id: Ok(value.step_id),
                    step_name: Ok(value.step_name),
                    step_type: Ok(value.step_type),
                    verdict: Ok(value.verdict),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct PageMetadataBuilder {
            number: ::std::result::Result<i32, ::std::string::String>,
            size: ::std::result::Result<i32, ::std::string::String>,
            total_elements: ::std::result::Result<i64, ::std::string::String>,
            total_pages: ::std::result::Result<i64, ::std::string::String>,
        }
        impl ::std::default::Default for PageMetadataBuilder {
            fn default() -> Self {
                Self {
                    number: Err("no value supplied for number".to_string()),
                    size: Err("no value supplied for size".to_string()),
                    total_elements: Err(
                        "no value supplied for total_elements".to_string(),
                    ),
                    total_pages: Err("no value supplied for total_pages".to_string()),
                }
            }
        }
        impl PageMetadataBuilder {
            pub fn number<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<i32>,
                T::Error: ::std::fmt::Display,
            {
                self.number = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for number: {e}")
                    });
                self
            }
            pub fn size<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<i32>,
                T::Error: ::std::fmt::Display,
            {
                self.size = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for size: {e}")
                    });
                self
            }
            pub fn total_elements<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<i64>,
                T::Error: ::std::fmt::Display,
            {
                self.total_elements = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for total_elements: {e}"
                        )
                    });
                self
            }
            pub fn total_pages<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<i64>,
                T::Error: ::std::fmt::Display,
            {
                self.total_pages = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for total_pages: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<PageMetadataBuilder> for super::PageMetadata {
            type Error = super::error::ConversionError;
            fn try_from(
                value: PageMetadataBuilder,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    number: value.number?,
                    size: value.size?,
                    total_elements: value.total_elements?,
                    total_pages: value.total_pages?,
                })
            }
        }
        impl ::std::convert::From<super::PageMetadata> for PageMetadataBuilder {
            fn from(value: super::PageMetadata) -> Self {
                Self {
                    number: Ok(value.number),
                    size: Ok(value.size),
                    total_elements: Ok(value.total_elements),
                    total_pages: Ok(value.total_pages),
                }
            }
        }
        #[derive(Clone)]
        pub struct SessionBuilder {
            completed_at: ::std::result::Result<
                ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                ::std::string::String,
            >,
            created_at: ::std::result::Result<
                ::chrono::DateTime<::chrono::offset::Utc>,
                ::std::string::String,
            >,
            environment: ::std::result::Result<
                ::std::option::Option<crate::open_enums::Environment>,
                ::std::string::String,
            >,
            expires_at: ::std::result::Result<
                ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                ::std::string::String,
            >,
            flow_id: ::std::result::Result<::std::string::String, ::std::string::String>,
            flow_version: ::std::result::Result<
                ::std::option::Option<i64>,
                ::std::string::String,
            >,
            last_step: ::std::result::Result<
                ::std::option::Option<super::LastStep>,
                ::std::string::String,
            >,
            outcome: ::std::result::Result<
                ::std::option::Option<crate::open_enums::Outcome>,
                ::std::string::String,
            >,
            session_id: ::std::result::Result<
                ::std::string::String,
                ::std::string::String,
            >,
            session_status: ::std::result::Result<
                crate::open_enums::SessionStatus,
                ::std::string::String,
            >,
            started_at: ::std::result::Result<
                ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                ::std::string::String,
            >,
            subject_id: ::std::result::Result<
                ::std::option::Option<::std::string::String>,
                ::std::string::String,
            >,
            updated_at: ::std::result::Result<
                ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                ::std::string::String,
            >,
        }
        impl ::std::default::Default for SessionBuilder {
            fn default() -> Self {
                Self {
                    completed_at: Ok(Default::default()),
                    created_at: Err("no value supplied for created_at".to_string()),
                    environment: Ok(Default::default()),
                    expires_at: Ok(Default::default()),
                    flow_id: Err("no value supplied for flow_id".to_string()),
                    flow_version: Ok(Default::default()),
                    last_step: Ok(Default::default()),
                    outcome: Ok(Default::default()),
                    session_id: Err("no value supplied for session_id".to_string()),
                    session_status: Err(
                        "no value supplied for session_status".to_string(),
                    ),
                    started_at: Ok(Default::default()),
                    subject_id: Ok(Default::default()),
                    updated_at: Ok(Default::default()),
                }
            }
        }
        impl SessionBuilder {
            pub fn completed_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.completed_at = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for completed_at: {e}")
                    });
                self
            }
            pub fn created_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::chrono::DateTime<::chrono::offset::Utc>>,
                T::Error: ::std::fmt::Display,
            {
                self.created_at = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for created_at: {e}")
                    });
                self
            }
            pub fn environment<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<crate::open_enums::Environment>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.environment = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for environment: {e}")
                    });
                self
            }
            pub fn expires_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.expires_at = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for expires_at: {e}")
                    });
                self
            }
            pub fn flow_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.flow_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for flow_id: {e}")
                    });
                self
            }
            pub fn flow_version<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<i64>>,
                T::Error: ::std::fmt::Display,
            {
                self.flow_version = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for flow_version: {e}")
                    });
                self
            }
            pub fn last_step<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<super::LastStep>>,
                T::Error: ::std::fmt::Display,
            {
                self.last_step = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for last_step: {e}")
                    });
                self
            }
            pub fn outcome<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<crate::open_enums::Outcome>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.outcome = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for outcome: {e}")
                    });
                self
            }
            pub fn session_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.session_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for session_id: {e}")
                    });
                self
            }
            pub fn session_status<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<crate::open_enums::SessionStatus>,
                T::Error: ::std::fmt::Display,
            {
                self.session_status = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for session_status: {e}"
                        )
                    });
                self
            }
            pub fn started_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.started_at = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for started_at: {e}")
                    });
                self
            }
            pub fn subject_id<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                T::Error: ::std::fmt::Display,
            {
                self.subject_id = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for subject_id: {e}")
                    });
                self
            }
            pub fn updated_at<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.updated_at = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for updated_at: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<SessionBuilder> for super::Session {
            type Error = super::error::ConversionError;
            fn try_from(
                value: SessionBuilder,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    completed_at: value.completed_at?,
                    created_at: value.created_at?,
                    environment: value.environment?,
                    expires_at: value.expires_at?,
                    flow_id: value.flow_id?,
                    flow_version: value.flow_version?,
                    last_step: value.last_step?,
                    outcome: value.outcome?,
                    session_id: value.session_id?,
                    session_status: value.session_status?,
                    started_at: value.started_at?,
                    subject_id: value.subject_id?,
                    updated_at: value.updated_at?,
                })
            }
        }
        impl ::std::convert::From<super::Session> for SessionBuilder {
            fn from(value: super::Session) -> Self {
                Self {
                    completed_at: Ok(value.completed_at),
                    created_at: Ok(value.created_at),
                    environment: Ok(value.environment),
                    expires_at: Ok(value.expires_at),
                    flow_id: Ok(value.flow_id),
                    flow_version: Ok(value.flow_version),
                    last_step: Ok(value.last_step),
                    outcome: Ok(value.outcome),
                    session_id: Ok(value.session_id),
                    session_status: Ok(value.session_status),
                    started_at: Ok(value.started_at),
                    subject_id: Ok(value.subject_id),
                    updated_at: Ok(value.updated_at),
                }
            }
        }
        #[derive(Clone, Debug)]
        pub struct SessionPageBuilder {
            content: ::std::result::Result<
                ::std::vec::Vec<super::Session>,
                ::std::string::String,
            >,
            page: ::std::result::Result<super::PageMetadata, ::std::string::String>,
        }
        impl ::std::default::Default for SessionPageBuilder {
            fn default() -> Self {
                Self {
                    content: Err("no value supplied for content".to_string()),
                    page: Err("no value supplied for page".to_string()),
                }
            }
        }
        impl SessionPageBuilder {
            pub fn content<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::vec::Vec<super::Session>>,
                T::Error: ::std::fmt::Display,
            {
                self.content = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for content: {e}")
                    });
                self
            }
            pub fn page<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::PageMetadata>,
                T::Error: ::std::fmt::Display,
            {
                self.page = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for page: {e}")
                    });
                self
            }
        }
        impl ::std::convert::TryFrom<SessionPageBuilder> for super::SessionPage {
            type Error = super::error::ConversionError;
            fn try_from(
                value: SessionPageBuilder,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    content: value.content?,
                    page: value.page?,
                })
            }
        }
        impl ::std::convert::From<super::SessionPage> for SessionPageBuilder {
            fn from(value: super::SessionPage) -> Self {
                Self {
                    content: Ok(value.content),
                    page: Ok(value.page),
                }
            }
        }
        impl ::std::fmt::Debug for SessionBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("SessionBuilder")
                    .field("completed_at", &self.completed_at)
                    .field("created_at", &self.created_at)
                    .field("environment", &self.environment)
                    .field("expires_at", &self.expires_at)
                    .field("flow_id", &self.flow_id)
                    .field("flow_version", &self.flow_version)
                    .field("last_step", &self.last_step)
                    .field("outcome", &self.outcome)
                    .field("session_id", &self.session_id)
                    .field("session_status", &self.session_status)
                    .field("started_at", &self.started_at)
                    .field("subject_id", &"[personal data]")
                    .field("updated_at", &self.updated_at)
                    .finish()
            }
        }
    }
    /// Error types.
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }
        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
    impl ::std::fmt::Debug for Session {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.debug_struct("Session")
                .field("completed_at", &self.completed_at)
                .field("created_at", &self.created_at)
                .field("environment", &self.environment)
                .field("expires_at", &self.expires_at)
                .field("flow_id", &self.flow_id)
                .field("flow_version", &self.flow_version)
                .field("last_step", &self.last_step)
                .field("outcome", &self.outcome)
                .field("session_id", &self.session_id)
                .field("session_status", &self.session_status)
                .field("started_at", &self.started_at)
                .field("subject_id", &"[personal data]")
                .field("updated_at", &self.updated_at)
                .finish()
        }
    }
}
#[derive(Clone, Debug)]
/**Client for IDnow platform sessions API

The List sessions operation of the IDnow platform API, modelled from the provider's public documentation. Only what the documentation states is modelled; where it is vague the contract is lenient: value sets are open (`x-extensible-enum`), fields that may be absent under data minimization are optional, and fields the documentation shows as null are nullable.

Version: 1.0.0*/
pub struct Client {
    pub(crate) baseurl: String,
    pub(crate) client: reqwest::Client,
    pub(crate) inner: crate::hooks::Hooks,
}
impl Client {
    /// Create a new client.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new(baseurl: &str, inner: crate::hooks::Hooks) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let client = {
            let dur = ::std::time::Duration::from_secs(15u64);
            reqwest::ClientBuilder::new().connect_timeout(dur).timeout(dur)
        };
        #[cfg(target_arch = "wasm32")]
        let client = reqwest::ClientBuilder::new();
        Self::new_with_client(baseurl, client.build().unwrap(), inner)
    }
    /// Construct a new client with an existing `reqwest::Client`,
    /// allowing more control over its configuration.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new_with_client(
        baseurl: &str,
        client: reqwest::Client,
        inner: crate::hooks::Hooks,
    ) -> Self {
        Self {
            baseurl: baseurl.to_string(),
            client,
            inner,
        }
    }
}
impl ClientInfo<crate::hooks::Hooks> for Client {
    fn api_version() -> &'static str {
        "1.0.0"
    }
    fn baseurl(&self) -> &str {
        self.baseurl.as_str()
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn inner(&self) -> &crate::hooks::Hooks {
        &self.inner
    }
}
const _: () = {
    #[allow(dead_code)]
    fn assert_client_hooks()
    where
        Client: ClientHooks<crate::hooks::Hooks>,
    {}
};
impl Client {
    /**List sessions

Retrieves a paginated list of sessions for a specific flow. Supports pagination through query parameters. The response implements data minimization by default: fields may be absent.

Sends a `GET` request to `/v1/flows/{flowId}/{environment}/sessions`

Arguments:
- `flow_id`: The unique identifier of the flow used to execute the session. A plain string (the documentation shows both UUIDs and `12345`); it is sent as one percent-encoded path segment.
- `environment`: Logical environment name (`live` or `staging`). An API client is tied to one environment for life. Unrelated to the production and sandbox deployments. Any other value is answered `400`.
- `page`: Page number for pagination. The page base (0 or 1) is not documented for this endpoint: the documented example response (`number: 1` of three pages) fits 1-based numbering and the sibling List flows endpoint documents 1-based pages, but neither proves it. Read `page.number` back from the response instead of assuming a base.
- `size`: Number of items per page. No default or maximum is documented for this endpoint (the sibling List flows endpoint documents default 20, maximum 100). The server may clamp an oversized value silently: read `page.size` back from the response.
- `sort_by`: Field to sort by.
- `sort_desc`: Sort in descending order when true.
```ignore
let response = client.list_sessions()
    .flow_id(flow_id)
    .environment(environment)
    .page(page)
    .size(size)
    .sort_by(sort_by)
    .sort_desc(sort_desc)
    .send()
    .await;
```*/
    pub fn list_sessions(&self) -> builder::ListSessions<'_> {
        builder::ListSessions::new(self)
    }
}
/// Types for composing operation parameters.
#[allow(clippy::all)]
pub mod builder {
    use super::types;
    #[allow(unused_imports)]
    use super::{
        encode_path, ByteStream, ClientInfo, ClientHooks, Error, OperationInfo,
        RequestBuilderExt, ResponseValue,
    };
    /**Builder for [`Client::list_sessions`]

[`Client::list_sessions`]: super::Client::list_sessions*/
    #[derive(Debug, Clone)]
    pub struct ListSessions<'a> {
        client: &'a super::Client,
        flow_id: Result<types::ListSessionsFlowId, String>,
        environment: Result<crate::open_enums::Environment, String>,
        page: Result<Option<i32>, String>,
        size: Result<Option<i32>, String>,
        sort_by: Result<Option<types::SortBy>, String>,
        sort_desc: Result<Option<bool>, String>,
    }
    impl<'a> ListSessions<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                flow_id: Err("flow_id was not initialized".to_string()),
                environment: Err("environment was not initialized".to_string()),
                page: Ok(None),
                size: Ok(None),
                sort_by: Ok(None),
                sort_desc: Ok(None),
            }
        }
        pub fn flow_id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::ListSessionsFlowId>,
        {
            self.flow_id = value
                .try_into()
                .map_err(|_| {
                    "conversion to `ListSessionsFlowId` for flow_id failed".to_string()
                });
            self
        }
        pub fn environment<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::open_enums::Environment>,
        {
            self.environment = value
                .try_into()
                .map_err(|_| {
                    "conversion to `crate :: open_enums :: Environment` for environment failed"
                        .to_string()
                });
            self
        }
        pub fn page<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i32>,
        {
            self.page = value
                .try_into()
                .map(Some)
                .map_err(|_| "conversion to `i32` for page failed".to_string());
            self
        }
        pub fn size<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<i32>,
        {
            self.size = value
                .try_into()
                .map(Some)
                .map_err(|_| "conversion to `i32` for size failed".to_string());
            self
        }
        pub fn sort_by<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::SortBy>,
        {
            self.sort_by = value
                .try_into()
                .map(Some)
                .map_err(|_| "conversion to `SortBy` for sort_by failed".to_string());
            self
        }
        pub fn sort_desc<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<bool>,
        {
            self.sort_desc = value
                .try_into()
                .map(Some)
                .map_err(|_| "conversion to `bool` for sort_desc failed".to_string());
            self
        }
        ///Sends a `GET` request to `/v1/flows/{flowId}/{environment}/sessions`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<types::SessionPage>, Error<types::ApiError>> {
            let Self { client, flow_id, environment, page, size, sort_by, sort_desc } = self;
            let flow_id = flow_id.map_err(Error::InvalidRequest)?;
            let environment = environment.map_err(Error::InvalidRequest)?;
            let page = page.map_err(Error::InvalidRequest)?;
            let size = size.map_err(Error::InvalidRequest)?;
            let sort_by = sort_by.map_err(Error::InvalidRequest)?;
            let sort_desc = sort_desc.map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/v1/flows/{}/{}/sessions", client.baseurl, encode_path(& flow_id
                .to_string()), encode_path(& environment.to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .query(&progenitor_client::QueryParam::new("page", &page))
                .query(&progenitor_client::QueryParam::new("size", &size))
                .query(&progenitor_client::QueryParam::new("sortBy", &sort_by))
                .query(&progenitor_client::QueryParam::new("sortDesc", &sort_desc))
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "list_sessions",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                400u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                401u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                403u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                404u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                429u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                500u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                503u16 => {
                    Err(
                        Error::ErrorResponse(
                            ResponseValue::from_response(response).await?,
                        ),
                    )
                }
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
}
/// Items consumers will typically use such as the Client.
pub mod prelude {
    pub use self::super::Client;
}
/// The properties the contract marks as personal data (`x-personal-data: true`), read from the
/// contract when this client was generated. Their values are masked in error messages,
/// `Debug` output, body snippets and logs.
pub const PERSONAL_DATA_FIELDS: &[&str] = &["subjectId"];
