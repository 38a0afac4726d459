//! Accessors on the generated session types, so callers read sessions through methods that
//! return the open enums and timestamps, and older response shapes are read alike.

use chrono::{DateTime, Utc};

use crate::open_enums::{Environment, Outcome, SessionStatus, Verdict};
use crate::types::{LastStep, Session};

impl Session {
    /// The unique identifier of the session.
    pub fn id(&self) -> &str {
        &self.session_id
    }

    /// The flow that executed the session.
    pub fn flow(&self) -> &str {
        &self.flow_id
    }

    /// The version of the flow executed, when reported.
    pub fn flow_version(&self) -> Option<i64> {
        self.flow_version
    }

    /// The current status (a status this version does not know is kept: see
    /// [`SessionStatus`](crate::SessionStatus) for how to match it).
    pub fn status(&self) -> &SessionStatus {
        &self.session_status
    }

    /// Whether the session has ended (see [`SessionStatus::is_terminal`]).
    pub fn is_terminal(&self) -> bool {
        self.session_status.is_terminal()
    }

    /// The final decision, once there is one.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    /// The environment the session ran in, when reported.
    pub fn environment(&self) -> Option<&Environment> {
        self.environment.as_ref()
    }

    /// When the session was created.
    pub fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    /// When processing started; `None` before it starts.
    pub fn started_at(&self) -> Option<DateTime<Utc>> {
        self.started_at
    }

    /// When the session was last updated, when reported.
    pub fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.updated_at
    }

    /// When the session reached a terminal state; `None` before that.
    pub fn completed_at(&self) -> Option<DateTime<Utc>> {
        self.completed_at
    }

    /// When the session expires, when reported.
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }

    /// The last executed step, once a step has run.
    pub fn last_step(&self) -> Option<&LastStep> {
        self.last_step.as_ref()
    }

    /// The reference id provided for the user. Personal data: never log it.
    pub fn subject_id(&self) -> Option<&str> {
        self.subject_id.as_deref()
    }
}

impl LastStep {
    /// The step's identifier: `stepId`, or `stepName` in the older response shape.
    pub fn id(&self) -> Option<&str> {
        self.step_id.as_deref().or(self.step_name.as_deref())
    }

    /// The step's description: `stepDescription`, or `stepType` in the older response shape.
    pub fn description(&self) -> Option<&str> {
        self.step_description
            .as_deref()
            .or(self.step_type.as_deref())
    }

    /// The step's verdict, when reported.
    pub fn verdict(&self) -> Option<&Verdict> {
        self.verdict.as_ref()
    }
}
