//! Personal data: the fields the contract marks are left out of every format unless
//! `--include-personal-data` asks for them.

use sessions_api::generated::PERSONAL_DATA_FIELDS;

use super::{command, fake, fake_of, source};

#[tokio::test]
async fn marked_fields_are_left_out_of_every_format_unless_asked_for() {
    assert!(PERSONAL_DATA_FIELDS.contains(&"subjectId"));
    let source = source(fake(40).await);
    let subjects: Vec<String> = fake_of(&source)
        .expected_sessions(None, false)
        .iter()
        .filter_map(|s| s.subject_id().map(str::to_owned))
        .collect();
    assert!(subjects.len() > 30, "the fake's sessions carry subject ids");
    for format in ["table", "json", "ndjson"] {
        let omitted = command(&source, &format!("--format {format}")).await;
        assert_eq!(omitted.code, 0, "{}", omitted.err);
        for subject in &subjects {
            assert!(
                !omitted.out.contains(subject.as_str()),
                "{format} leaks {subject}"
            );
        }
        for name in PERSONAL_DATA_FIELDS {
            assert!(!omitted.out.contains(name), "{format} names {name}");
        }
        assert!(!omitted.out.contains("SUBJECT ID"), "{format}");

        let included = command(
            &source,
            &format!("--format {format} --include-personal-data"),
        )
        .await;
        for subject in &subjects {
            assert!(
                included.out.contains(subject.as_str()),
                "{format} lacks {subject}"
            );
        }
    }
}

#[tokio::test]
async fn the_table_gives_each_marked_field_a_column_when_asked_for() {
    let source = source(fake(3).await);
    let run = command(&source, "--include-personal-data").await;
    let header = run.out.lines().next().expect("a header");
    assert!(header.contains("  SUBJECT ID  "), "{header}");
    assert!(header.ends_with("LAST STEP"), "{header}");
}
