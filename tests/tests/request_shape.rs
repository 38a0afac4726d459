//! The generated client sends exactly the documented request.

use sessions_api_gen::types::SortBy;
use sessions_api_gen::{Client, Environment, Hooks};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn body() -> serde_json::Value {
    serde_json::from_str(include_str!("../../spec/examples/documented.json")).expect("valid JSON")
}

#[tokio::test]
async fn list_sessions_sends_documented_path_and_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/flows/flow-1/live/sessions"))
        .and(query_param("page", "2"))
        .and(query_param("size", "50"))
        .and(query_param("sortBy", "createdAt"))
        .and(query_param("sortDesc", "true"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri(), Hooks::none());
    let page = client
        .list_sessions()
        .flow_id("flow-1")
        .environment(Environment::Live)
        .page(2)
        .size(50)
        .sort_by(SortBy::CreatedAt)
        .sort_desc(true)
        .send()
        .await
        .expect("request succeeds");
    assert_eq!(page.content.len(), 1);
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 1);
    let query = requests[0].url.query().unwrap_or_default();
    let mut pairs: Vec<&str> = query.split('&').collect();
    pairs.sort_unstable();
    assert_eq!(
        pairs,
        ["page=2", "size=50", "sortBy=createdAt", "sortDesc=true"]
    );
}

#[tokio::test]
async fn flow_ids_stay_one_percent_encoded_path_segment() {
    let cases = [
        ("a/b c", "/v1/flows/a%2Fb%20c/staging/sessions"),
        ("../x", "/v1/flows/..%2Fx/staging/sessions"),
        ("q?x#y", "/v1/flows/q%3Fx%23y/staging/sessions"),
    ];
    for (flow_id, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body()))
            .mount(&server)
            .await;
        let client = Client::new(&server.uri(), Hooks::none());
        client
            .list_sessions()
            .flow_id(flow_id)
            .environment(Environment::Staging)
            .send()
            .await
            .unwrap_or_else(|e| panic!("flow id {flow_id:?}: {e}"));
        let requests = server.received_requests().await.expect("recording on");
        let url = &requests[0].url;
        assert_eq!(url.path(), expected, "flow id {flow_id:?}");
        assert_eq!(
            url.query(),
            None,
            "flow id {flow_id:?} leaked into the query"
        );
        assert_eq!(
            url.fragment(),
            None,
            "flow id {flow_id:?} leaked into the fragment"
        );
        assert_eq!(url.path_segments().map(Iterator::count), Some(5));
    }
}

#[tokio::test]
async fn unknown_environment_is_sent_verbatim() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/flows/f/preprod/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri(), Hooks::none());
    client
        .list_sessions()
        .flow_id("f")
        .environment(Environment::from("preprod"))
        .send()
        .await
        .expect("request succeeds");
}
