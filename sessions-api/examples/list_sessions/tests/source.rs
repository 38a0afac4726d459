//! Where the sessions come from: the messages about credentials say what to set.

use super::{Shared, parse};

/// What the command prints on stderr with `vars` as its whole environment.
async fn with_env(vars: &[(&str, &str)], flags: &str) -> (u8, String) {
    let env = |name: &str| {
        vars.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    };
    let err = Shared::default();
    let code = crate::run(&parse(flags), &env, Shared::default(), err.clone(), false).await;
    (code, err.text())
}

#[tokio::test]
async fn partial_client_credentials_name_all_three_variables() {
    let (code, err) = with_env(&[("IDNOW_CLIENT_ID", "id")], "").await;
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: client credentials need IDNOW_CLIENT_ID, IDNOW_CLIENT_SECRET and IDNOW_TOKEN_URL \
         together\n"
    );
}

#[tokio::test]
async fn real_credentials_without_a_flow_ask_for_one() {
    let (code, err) = with_env(&[("IDNOW_TOKEN", "t")], "").await;
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: --flow (or IDNOW_FLOW_ID) is required with real credentials\n"
    );
}

#[tokio::test]
async fn no_credentials_list_the_demo_data_and_say_so() {
    let (code, err) = with_env(&[("IDNOW_TOKEN", "  ")], "--limit 1").await;
    assert_eq!(code, 0);
    assert!(err.starts_with("No IDNOW_TOKEN or IDNOW_CLIENT_ID/IDNOW_CLIENT_SECRET/IDNOW_TOKEN_URL set: listing demo data"), "{err}");
}
