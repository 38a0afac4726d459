//! Masking of personal data in text that leaves the client (error messages, `Debug`, body
//! snippets, logs).
//!
//! Which fields are personal data is read from the contract at build time: every property marked
//! `x-personal-data: true` is in [`sessions_api_gen::PERSONAL_DATA_FIELDS`], so marking another
//! property in `spec/openapi.yaml` masks it here with no code change.
//!
//! Text from a server is not always valid JSON (a body cut at the snippet length, a message quoting
//! part of a body, a form or query string), so masking does not parse: it finds each marked name
//! (any letter case, camelCase or snake_case, quoted or not, or quoted inside another JSON string)
//! followed by `:` or `=`, and masks the value after it: a string (up to its closing quote, or to
//! the end when it was cut), a number or other bare word, an object or an array. A value can also
//! reach a message without its name (a decode error quoting the value it could not read): each word
//! or quoted part of such a message that is the value of a marked field somewhere in the response
//! body is masked too.

use std::borrow::Cow;
use std::collections::HashSet;

/// The text that replaces a personal value.
pub(crate) const MASK: &str = "[personal data]";

/// The mark at the end of a text that was cut (a body snippet).
const CUT: char = '…';

/// The fields masked by this build: those the contract marks.
pub(crate) const FIELDS: &[&str] = sessions_api_gen::PERSONAL_DATA_FIELDS;

/// Masks the value after every name in `fields` in `text`.
pub(crate) fn mask_fields<'t>(text: &'t str, fields: &[&str]) -> Cow<'t, str> {
    let spans: Vec<ValueSpan> = find_values(text, fields)
        .into_iter()
        .filter(|span| span.is_personal(text))
        .collect();
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in spans {
        if span.start < at {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(span.style.masked());
        at = span.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The values of marked fields in `body` that occur on their own (as a word or a quoted part) in
/// any of `texts`. The body is read once, however large; nothing else of it is kept.
pub(crate) fn values_quoted_in(body: &[u8], texts: &[&str], fields: &[&str]) -> HashSet<String> {
    let wanted: HashSet<&str> = texts
        .iter()
        .flat_map(|text| candidates(text).into_iter().map(|(s, e)| &text[s..e]))
        .collect();
    let mut found = HashSet::new();
    if wanted.is_empty() || body.is_empty() {
        return found;
    }
    let body_text = String::from_utf8_lossy(body);
    for span in find_values(&body_text, fields) {
        if !span.is_personal(&body_text) {
            continue;
        }
        let value = span.content(&body_text);
        if wanted.contains(value.as_ref()) {
            found.insert(value.into_owned());
        }
    }
    found
}

/// Masks every word or quoted part of `text` that is one of `values`.
pub(crate) fn mask_values<'t>(text: &'t str, values: &HashSet<String>) -> Cow<'t, str> {
    if values.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in candidates(text) {
        if start < at || !values.contains(&text[start..end]) {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(MASK);
        at = end;
    }
    if at == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// How a value was written, so that its mask is written the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// `"..."` or `'...'`.
    Quoted,
    /// `\"...\"`: a JSON string inside another JSON string.
    EscapedQuoted,
    /// A number, `true`, or any unquoted word.
    Bare,
    /// An object or an array.
    Structured,
}

impl Style {
    fn masked(self) -> &'static str {
        match self {
            Style::Quoted => "\"[personal data]\"",
            Style::EscapedQuoted => "\\\"[personal data]\\\"",
            Style::Bare | Style::Structured => MASK,
        }
    }
}

/// Where a value of a marked field is in a text: `start..end` covers it with its quotes.
#[derive(Clone, Copy, Debug)]
struct ValueSpan {
    start: usize,
    end: usize,
    style: Style,
}

impl ValueSpan {
    /// The value without its quotes (string escapes left as written, except `\"` and `\\`).
    fn content<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let raw = &text[self.start..self.end];
        match self.style {
            Style::Quoted => {
                if raw.contains('\\')
                    && let Ok(unescaped) = serde_json::from_str::<String>(raw)
                {
                    return Cow::Owned(unescaped);
                }
                let quote = raw.as_bytes()[0] as char;
                let inner = &raw[1..];
                Cow::Borrowed(inner.strip_suffix(quote).unwrap_or(inner))
            }
            Style::EscapedQuoted => {
                let inner = raw.get(2..).unwrap_or_default();
                Cow::Borrowed(inner.strip_suffix("\\\"").unwrap_or(inner))
            }
            Style::Bare | Style::Structured => Cow::Borrowed(raw),
        }
    }

    /// Whether there is anything to hide: `null` and empty strings are not personal data.
    fn is_personal(&self, text: &str) -> bool {
        let content = self.content(text);
        !(content.is_empty() || (self.style == Style::Bare && content.eq_ignore_ascii_case("null")))
    }
}

/// The spans of the values that follow each name in `fields` in `text`, in order.
fn find_values(text: &str, fields: &[&str]) -> Vec<ValueSpan> {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    for field in fields {
        for name in spellings(field) {
            if name.is_empty() {
                continue;
            }
            let mut from = 0;
            while let Some(found) = lower[from..].find(&name) {
                let start = from + found;
                let after = start + name.len();
                from = after;
                let bounded = !bytes
                    .get(start.wrapping_sub(1))
                    .is_some_and(|b| is_word(*b))
                    && !bytes.get(after).is_some_and(|b| is_word(*b));
                if bounded && let Some(mut span) = value_after(bytes, after) {
                    // A value cut with the text keeps the mark of the cut outside its mask.
                    if span.end == text.len()
                        && text.ends_with(CUT)
                        && span.end - CUT.len_utf8() > span.start
                    {
                        span.end -= CUT.len_utf8();
                    }
                    spans.push(span);
                }
            }
        }
    }
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    spans
}

/// A field's name as the contract spells it and in snake case, lower-cased.
fn spellings(field: &str) -> Vec<String> {
    let camel = field.to_ascii_lowercase();
    let mut snake = String::with_capacity(field.len() + 4);
    for (i, c) in field.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            snake.push('_');
        }
        snake.push(c.to_ascii_lowercase());
    }
    if snake == camel {
        vec![camel]
    } else {
        vec![camel, snake]
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The value that follows a name ending at `at`: an optional closing quote, `:` or `=`, then the
/// value. `None` when the name is not followed by a value (a name mentioned in prose).
fn value_after(bytes: &[u8], mut at: usize) -> Option<ValueSpan> {
    if bytes[at..].starts_with(b"\\\"") {
        at += 2;
    } else if matches!(bytes.get(at), Some(b'"' | b'\'')) {
        at += 1;
    }
    at = skip_space(bytes, at);
    if !matches!(bytes.get(at), Some(b':' | b'=')) {
        return None;
    }
    let start = skip_space(bytes, at + 1);
    let rest = &bytes[start..];
    let (end, style) = if rest.starts_with(b"\\\"") {
        (start + escaped_string_len(rest), Style::EscapedQuoted)
    } else {
        match rest.first()? {
            b'"' | b'\'' => (start + string_len(rest), Style::Quoted),
            b'{' | b'[' => (start + structure_len(rest), Style::Structured),
            _ => {
                let len = rest
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || b",;&}])(\"'`<>".contains(b))
                    .unwrap_or(rest.len());
                if rest.get(len) == Some(&b'(') {
                    // A wrapped value, `Some("...")`: up to the closing parenthesis.
                    (start + len + structure_len(&rest[len..]), Style::Structured)
                } else if len == 0 {
                    return None;
                } else {
                    (start + len, Style::Bare)
                }
            }
        }
    };
    Some(ValueSpan { start, end, style })
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The length of the string at the start of `rest` (opening quote included), up to its closing
/// quote, or all of `rest` when it was cut.
fn string_len(rest: &[u8]) -> usize {
    let quote = rest[0];
    let mut i = 1;
    while i < rest.len() {
        match rest[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    rest.len()
}

/// The length of a `\"...\"` string (a JSON string written inside another JSON string): its
/// characters are read with the outer escapes undone, and it ends at a quote the inner string does
/// not escape.
fn escaped_string_len(rest: &[u8]) -> usize {
    let mut i = 2;
    let mut inner_escape = false;
    while i < rest.len() {
        let (literal, width) = match rest[i] {
            b'\\' if i + 1 < rest.len() => (rest[i + 1], 2),
            b => (b, 1),
        };
        if width == 2 && literal == b'"' && !inner_escape {
            return i + 2;
        }
        inner_escape = literal == b'\\' && width == 2 && !inner_escape;
        i += width;
    }
    rest.len()
}

/// The length of the object, array or parenthesised value at the start of `rest`, up to its
/// matching bracket, or all of `rest` when it was cut.
fn structure_len(rest: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            b'"' => {
                i += string_len(&rest[i..]);
                continue;
            }
            b'{' | b'[' | b'(' => depth += 1,
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    rest.len()
}

/// The parts of a message that may be a value on their own: each word (letters, digits and
/// `_-.@+`) and the inside of each `"..."`, `'...'` or `` `...` ``.
fn candidates(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let is_value_byte = |b: u8| b.is_ascii_alphanumeric() || b"_-.@+".contains(&b) || b >= 0x80;
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'"' | b'\'' | b'`')
            && let Some(close) = bytes[i + 1..].iter().position(|c| *c == b)
            && close > 0
        {
            spans.push((i + 1, i + 1 + close));
        }
        if is_value_byte(b) {
            let len = bytes[i..]
                .iter()
                .position(|c| !is_value_byte(*c))
                .unwrap_or(bytes.len() - i);
            spans.push((i, i + len));
            i += len;
        } else {
            i += 1;
        }
    }
    spans.sort_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUBJECT: &str = "subj_8f3a2c91b47d4e6b";

    fn masked(text: &str) -> String {
        mask_fields(text, &["subjectId"]).into_owned()
    }

    #[test]
    fn the_build_lists_the_fields_the_contract_marks() {
        assert!(FIELDS.contains(&"subjectId"), "{FIELDS:?}");
        assert!(!FIELDS.contains(&"sessionId"), "{FIELDS:?}");
    }

    #[test]
    fn string_values_are_masked_and_the_json_keeps_its_shape() {
        let text = format!(r#"{{"a":1,"subjectId":"{SUBJECT}","b":"x"}}"#);
        assert_eq!(
            masked(&text),
            r#"{"a":1,"subjectId":"[personal data]","b":"x"}"#
        );
        let spaced = format!("{{ \"subjectId\" :\n  \"{SUBJECT}\" }}");
        assert!(!masked(&spaced).contains(SUBJECT));
    }

    #[test]
    fn escaped_quotes_inside_the_value_do_not_end_it() {
        let text = r#"{"subjectId":"ab\"cd\\\"ef","next":1}"#;
        assert_eq!(masked(text), r#"{"subjectId":"[personal data]","next":1}"#);
    }

    #[test]
    fn numbers_words_objects_and_arrays_are_masked() {
        for (text, secret) in [
            (r#"{"subjectId":123456789}"#, "123456789"),
            (r#"{"subjectId": true}"#, "true"),
            (r#"{"subjectId":{"inner":"abc-secret"}}"#, "abc-secret"),
            (r#"{"subjectId":["abc-secret", 2]}"#, "abc-secret"),
            ("subjectId=abc-secret&page=2", "abc-secret"),
            ("subject_id: Some(\"abc-secret\")", "abc-secret"),
            ("SUBJECTID = abc-secret", "abc-secret"),
            ("'subjectId': 'abc-secret'", "abc-secret"),
        ] {
            let out = masked(text);
            assert!(!out.contains(secret), "{text} -> {out}");
            assert!(out.contains(MASK), "{text} -> {out}");
        }
    }

    #[test]
    fn values_cut_short_are_masked_to_the_end() {
        assert_eq!(
            masked(&format!(r#"{{"subjectId":"{}…"#, &SUBJECT[..9])),
            r#"{"subjectId":"[personal data]"…"#
        );
        for text in [
            format!(r#"{{"subjectId":"{}"#, &SUBJECT[..9]),
            format!(r#"{{"subjectId":"{}…"#, &SUBJECT[..9]),
            r#"{"subjectId":{"a":"subj_8f"#.to_owned(),
            r#"{"subjectId":12345"#.to_owned(),
        ] {
            let out = masked(&text);
            assert!(!out.contains("subj_8f") && !out.contains("12345"), "{out}");
        }
        // A name cut before its value leaves nothing to mask.
        assert_eq!(masked(r#"{"subjectId""#), r#"{"subjectId""#);
        assert_eq!(masked(r#"{"subjectId":"#), r#"{"subjectId":"#);
    }

    #[test]
    fn json_inside_a_json_string_is_masked() {
        let text = format!(r#"{{"message":"echo {{\"subjectId\":\"{SUBJECT}\",\"x\":1}}"}}"#);
        let out = masked(&text);
        assert!(!out.contains(SUBJECT), "{out}");
        assert!(
            out.contains(r#"\"subjectId\":\"[personal data]\",\"x\":1"#),
            "{out}"
        );
        let nested_quote = r#"{"m":"{\"subjectId\":\"a\\\"b-secret\",\"x\":1}"}"#;
        let out = masked(nested_quote);
        assert!(!out.contains("b-secret"), "{out}");
        assert!(out.contains(r#"\"x\":1"#), "{out}");
    }

    #[test]
    fn names_in_prose_other_names_and_null_values_are_left_alone() {
        for text in [
            "missing field `subjectId` at line 1 column 5",
            r#"{"subjectIdType":"kept","mySubjectId":"kept"}"#,
            r#"{"subjectId":null,"x":"kept"}"#,
            r#"{"subjectId":"","x":"kept"}"#,
        ] {
            assert_eq!(masked(text), text);
        }
    }

    #[test]
    fn a_newly_marked_field_is_masked_with_the_same_code() {
        let text = r#"{"subjectId":"s-1234","email":"ann@example.com","name":"kept"}"#;
        let only_subject = mask_fields(text, &["subjectId"]);
        assert!(only_subject.contains("ann@example.com"));
        let both = mask_fields(text, &["subjectId", "email"]);
        assert!(!both.contains("ann@example.com"), "{both}");
        assert!(!both.contains("s-1234"), "{both}");
        assert!(both.contains(r#""name":"kept""#), "{both}");
    }

    /// The texts of an error built the way production builds one for a body that does not
    /// decode: the detail first, then the body.
    fn error_texts(detail: &str, body: &[u8]) -> String {
        let error = crate::error::Error::new(crate::error::ErrorKind::Decode)
            .with_detail(detail)
            .with_body(body, str::to_owned);
        format!("{error} | {error:?}")
    }

    #[test]
    fn values_quoted_without_their_name_are_masked_when_the_body_holds_them() {
        assert!(FIELDS.contains(&"subjectId"), "{FIELDS:?}");
        let body = format!(
            r#"{{"content":[{{"subjectId":"{SUBJECT}","n":1}},{{"subjectId":42424242}}]}}"#
        );
        let message = format!(
            "invalid type: string \"{SUBJECT}\", expected i64; also `42424242` at line 1 column 42"
        );
        let out = error_texts(&message, body.as_bytes());
        assert!(!out.contains(SUBJECT), "{out}");
        assert!(!out.contains("42424242"), "{out}");
        assert!(out.contains("line 1 column 42"), "{out}");
        // Values of other fields stay.
        let other = error_texts("unknown variant `n`", body.as_bytes());
        assert!(other.contains("unknown variant `n`"), "{other}");
    }

    #[test]
    fn hostile_text_is_masked_without_panicking_and_keeps_the_names() {
        for text in [
            "subjectId",
            "subjectId:",
            "subjectId:\\",
            "\"subjectId\\",
            "subjectId:\"\\",
            "subjectId:\\\"\\",
            "subjectId:{\"",
            "subjectId:[[[[",
            "é subjectId: é",
            "subjectId=\u{1F600}x",
        ] {
            let out = masked(text);
            assert!(out.contains("subjectId"), "{text:?} -> {out:?}");
            assert_eq!(masked(&out), out, "masking {text:?} twice changes it");
            let error = error_texts(text, text.as_bytes());
            assert!(error.contains("subjectId"), "{text:?} -> {error:?}");
        }
    }
}
