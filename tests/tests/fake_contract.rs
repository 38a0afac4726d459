//! The fake's responses validate against the contract: 200 bodies against the `SessionPage` schema in
//! strict mode (no undocumented field) in several configurations, error bodies against `ApiError`;
//! and with drift injected, strict validation fails.

use std::path::Path;

use serde_json::Value;
use sessions_api::fake::{Drift, FakeServer, Fault};
use xtask::openapi_schema::{Mode, errors, validator};
use xtask::spec::Spec;

const OPERATION: &str = "/paths/~1v1~1flows~1{flowId}~1{environment}~1sessions/get/responses";

fn spec() -> Spec {
    Spec::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml"))
        .expect("the contract loads")
}

fn page_validator(spec: &Spec) -> jsonschema::Validator {
    let schema = spec
        .raw
        .pointer(&format!("{OPERATION}/200/content/application~1json/schema"))
        .expect("the 200 response has a schema");
    validator(&spec.raw, schema, Mode { strict: true }).expect("the schema compiles")
}

fn error_validator(spec: &Spec) -> jsonschema::Validator {
    let schema = spec
        .raw
        .pointer("/components/schemas/ApiError")
        .expect("ApiError exists");
    validator(&spec.raw, schema, Mode { strict: true }).expect("the schema compiles")
}

async fn get(fake: &FakeServer, path_and_query: &str, token: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new().get(format!("{}{path_and_query}", fake.base_url()));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("the fake answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON body"))
}

#[tokio::test]
async fn page_bodies_validate_strictly_in_every_configuration() {
    let spec = spec();
    let validator = page_validator(&spec);
    let configurations = [
        FakeServer::builder().generated_sessions(500, 1),
        FakeServer::builder()
            .generated_sessions(1_000, 99)
            .page_base(0)
            .max_size(50),
        FakeServer::builder()
            .generated_sessions(120, 7)
            .total_pages_offset(3)
            .report_requested_size(true),
        FakeServer::builder().sessions(Vec::new()),
        FakeServer::builder().sessions(
            serde_json::from_str::<sessions_api_gen::types::SessionPage>(include_str!(
                "../../spec/examples/documented.json"
            ))
            .expect("the documented example decodes")
            .content,
        ),
    ];
    let queries = [
        "",
        "page=1&size=100",
        "page=2&size=37&sortBy=status",
        "size=100&sortBy=createdAt&sortDesc=true",
        "page=999",
        "size=1000&sortBy=status&sortDesc=true",
    ];
    let mut validated = 0;
    for builder in configurations {
        let fake = builder.start().await;
        for environment in ["live", "staging"] {
            for query in queries {
                let path = format!("/v1/flows/flow-1/{environment}/sessions?{query}");
                let (status, body) = get(&fake, &path, Some(fake.token())).await;
                assert_eq!(status, 200, "{path}");
                let problems = errors(&validator, &body);
                assert!(problems.is_empty(), "{path}: {problems:#?}\n{body}");
                validated += 1;
            }
        }
    }
    assert_eq!(validated, 5 * 2 * 6);
}

#[tokio::test]
async fn documented_example_session_is_served_as_documented() {
    let documented: Value =
        serde_json::from_str(include_str!("../../spec/examples/documented.json"))
            .expect("valid JSON");
    let page: sessions_api_gen::types::SessionPage =
        serde_json::from_value(documented.clone()).expect("decodes");
    let fake = FakeServer::builder().sessions(page.content).start().await;
    let (_, body) = get(
        &fake,
        "/v1/flows/0197c55f-5af6-7e3d-af9b-f2359b154be8/live/sessions?size=10",
        Some(fake.token()),
    )
    .await;
    // Same fields and values, `expiresAt: null` included (timestamps are re-rendered).
    let served = &body["content"][0];
    let original = &documented["content"][0];
    let keys = |v: &Value| {
        v.as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let (mut a, mut b) = (keys(served), keys(original));
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert!(served["expiresAt"].is_null());
    assert_eq!(served["lastStep"], original["lastStep"]);
    assert_eq!(served["outcome"], "accepted");
}

#[tokio::test]
async fn error_bodies_validate_against_api_error() {
    let spec = spec();
    let validator = error_validator(&spec);
    let fake = FakeServer::builder()
        .generated_sessions(10, 1)
        .flow_id("known")
        .start()
        .await;
    let known = "/v1/flows/known/live/sessions";
    let mut cases = vec![
        get(&fake, known, None).await,
        get(&fake, known, Some(fake.forbidden_token())).await,
        get(&fake, "/v1/flows/unknown/live/sessions", Some(fake.token())).await,
        get(&fake, &format!("{known}?size=x"), Some(fake.token())).await,
    ];
    fake.fail_next(1, 500);
    fake.inject(Fault::RateLimited(sessions_api::fake::RetryAfter::Seconds(
        1,
    )));
    cases.push(get(&fake, known, Some(fake.token())).await);
    cases.push(get(&fake, known, Some(fake.token())).await);
    let statuses: Vec<u16> = cases.iter().map(|(status, _)| *status).collect();
    assert_eq!(statuses, [401, 403, 404, 400, 500, 429]);
    for (status, body) in cases {
        let problems = errors(&validator, &body);
        assert!(problems.is_empty(), "{status}: {problems:#?}");
        assert_eq!(body["statusCode"], status);
    }
}

#[tokio::test]
async fn drift_that_breaks_the_contract_fails_strict_validation() {
    let spec = spec();
    let validator = page_validator(&spec);
    let fake = FakeServer::builder()
        .generated_sessions(50, 4)
        .start()
        .await;
    let path = "/v1/flows/f/live/sessions?size=50";
    let (_, clean) = get(&fake, path, Some(fake.token())).await;
    assert!(errors(&validator, &clean).is_empty());
    for drift in [
        Drift::ExtraFields,
        Drift::MissingRequiredField,
        Drift::WrongType,
    ] {
        fake.clear_drift();
        fake.drift(drift);
        let (_, body) = get(&fake, path, Some(fake.token())).await;
        let problems = errors(&validator, &body);
        assert!(!problems.is_empty(), "{drift:?} should not validate");
    }
}

#[tokio::test]
async fn lenient_drift_changes_the_body_but_stays_within_the_schema() {
    // The contract accepts these on purpose (older lastStep shape, any outcome case, unknown
    // statuses): a drift checker reports them by comparing against the documented values instead.
    let spec = spec();
    let validator = page_validator(&spec);
    let fake = FakeServer::builder()
        .generated_sessions(50, 4)
        .start()
        .await;
    let path = "/v1/flows/f/live/sessions?size=50";
    let (_, clean) = get(&fake, path, Some(fake.token())).await;
    for drift in [
        Drift::OlderLastStep,
        Drift::UpperCaseOutcome,
        Drift::UnknownEnumValues,
    ] {
        fake.clear_drift();
        fake.drift(drift);
        let (_, body) = get(&fake, path, Some(fake.token())).await;
        assert_ne!(body, clean, "{drift:?} changes the body");
        assert!(errors(&validator, &body).is_empty(), "{drift:?}");
    }
}

#[tokio::test]
async fn environment_parameter_values_are_exactly_those_the_fake_accepts() {
    let spec = spec();
    let parameter = spec
        .raw
        .pointer("/components/schemas/EnvironmentParameter")
        .expect("the path parameter has its own schema");
    let accepted: Vec<&str> = parameter["enum"]
        .as_array()
        .expect("a closed set")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(accepted, ["live", "staging"]);
    // The path parameter uses it; the response side keeps the open set.
    let parameters = spec
        .raw
        .pointer("/paths/~1v1~1flows~1{flowId}~1{environment}~1sessions/get/parameters")
        .and_then(Value::as_array)
        .expect("parameters");
    let environment = parameters
        .iter()
        .find(|p| p["name"] == "environment")
        .expect("the environment parameter");
    assert_eq!(
        environment["schema"]["$ref"],
        "#/components/schemas/EnvironmentParameter"
    );
    assert!(
        spec.raw
            .pointer("/components/schemas/Environment/x-extensible-enum")
            .is_some()
    );

    let bad_request = spec
        .raw
        .pointer("/components/responses/BadRequest/content/application~1json/schema")
        .expect("the documented 400 has a schema");
    let bad_request = validator(&spec.raw, bad_request, Mode { strict: true }).expect("compiles");
    let fake = FakeServer::builder().generated_sessions(3, 1).start().await;
    for value in &accepted {
        let (status, _) = get(
            &fake,
            &format!("/v1/flows/f/{value}/sessions"),
            Some(fake.token()),
        )
        .await;
        assert_eq!(status, 200, "{value}");
    }
    for value in ["production", "LIVE", "sandbox", "live%20", "%C3%A9"] {
        let (status, body) = get(
            &fake,
            &format!("/v1/flows/f/{value}/sessions"),
            Some(fake.token()),
        )
        .await;
        assert_eq!(status, 400, "{value}");
        let problems = errors(&bad_request, &body);
        assert!(problems.is_empty(), "{value}: {problems:#?}");
        assert_eq!(body["statusCode"], 400);
    }
}
