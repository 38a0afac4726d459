use sessions_api::chrono::{Duration, Utc};
use sessions_api::{Client, Environment, Session};

#[tokio::main]
async fn main() -> sessions_api::Result<()> {
    let client = Client::builder()
        .bearer_token(std::env::var("IDNOW_TOKEN").unwrap_or_default())
        .build()?;
    let recent: Vec<Session> = client
        .sessions("demo-flow", Environment::Live)
        .created_after(Utc::now() - Duration::hours(24))
        .try_collect()
        .await?;
    println!("{} sessions in the last 24 hours", recent.len());
    Ok(())
}
