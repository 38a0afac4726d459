use sessions_api::fake::FakeServer;
use sessions_api::{Client, Environment, Session};

#[tokio::test]
async fn lists_every_session_of_the_fake() -> sessions_api::Result<()> {
    let fake = FakeServer::builder().generated_sessions(120, 7).start().await;
    let client = Client::builder()
        .base_url(fake.base_url())
        .bearer_token(fake.token().to_owned())
        .build()?;
    let all: Vec<Session> = client
        .sessions(fake.flow_id(), Environment::Live)
        .items()
        .try_collect()
        .await?;
    assert_eq!(all.len(), 120);
    Ok(())
}
