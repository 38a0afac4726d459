//! The output formats: a table with fixed column widths, one JSON array, or NDJSON, written session
//! by session as pages arrive.

use std::io::Write;

use chrono::{DateTime, Utc};
use sessions_api::Session;

use crate::args::Format;
use crate::personal::{self, PersonalData};

/// The table's columns and their widths (the last one is not padded). A longer value is written
/// whole and pushes the rest of its row to the right.
const COLUMNS: [(&str, usize); 6] = [
    ("ID", 36),
    ("STATUS", 9),
    ("OUTCOME", 10),
    ("CREATED", 20),
    ("COMPLETED", 20),
    ("LAST STEP", 0),
];

/// The width of a column holding a personal field (with `--include-personal-data`).
const PERSONAL_WIDTH: usize = 24;

/// Writes sessions as they arrive in one of the output formats.
pub(crate) struct Rows<W: Write> {
    out: W,
    format: Format,
    personal: PersonalData,
    /// The table's columns and widths.
    columns: Vec<(String, usize)>,
    written: usize,
}

impl<W: Write> Rows<W> {
    pub(crate) fn new(out: W, format: Format, personal: PersonalData) -> Self {
        Self {
            out,
            format,
            personal,
            columns: columns(personal),
            written: 0,
        }
    }

    /// Writes one session (after the table header or the array's opening bracket, the first time).
    pub(crate) fn row(&mut self, session: &Session) -> std::io::Result<()> {
        let json = personal::session_json(session, self.personal)?;
        match self.format {
            Format::Table => {
                if self.written == 0 {
                    let header = self.columns.iter().map(|(name, _)| name.clone()).collect();
                    self.table_line(header)?;
                }
                let mut cells = table_cells(session);
                if self.personal == PersonalData::Include {
                    // Before the last column, which is not padded.
                    let last = cells.pop().unwrap_or_default();
                    cells.extend(personal::cells(&json));
                    cells.push(last);
                }
                self.table_line(cells)?;
            }
            Format::Json => {
                let text = serde_json::to_string_pretty(&json)?;
                let open: &[u8] = if self.written == 0 { b"[\n" } else { b",\n" };
                self.out.write_all(open)?;
                let indented: Vec<String> = text.lines().map(|line| format!("  {line}")).collect();
                self.out.write_all(indented.join("\n").as_bytes())?;
            }
            Format::Ndjson => {
                serde_json::to_writer(&mut self.out, &json)?;
                writeln!(self.out)?;
            }
        }
        self.written += 1;
        Ok(())
    }

    fn table_line(&mut self, cells: Vec<String>) -> std::io::Result<()> {
        let mut text = String::new();
        for (cell, (_, width)) in cells.iter().zip(&self.columns) {
            text.push_str(&format!("{cell:<width$}  ", width = *width));
        }
        writeln!(self.out, "{}", text.trim_end())
    }

    /// Pushes what was written so far to the reader.
    pub(crate) fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    /// Ends the output: closes the JSON array (an empty one when nothing was written).
    pub(crate) fn finish(&mut self) -> std::io::Result<()> {
        if self.format == Format::Json {
            let close: &[u8] = if self.written == 0 { b"[]\n" } else { b"\n]\n" };
            self.out.write_all(close)?;
        }
        self.out.flush()
    }
}

/// The table's columns: the fixed ones, with the personal ones before the last when included.
fn columns(personal: PersonalData) -> Vec<(String, usize)> {
    let mut columns: Vec<(String, usize)> =
        COLUMNS.iter().map(|(n, w)| ((*n).to_owned(), *w)).collect();
    if personal == PersonalData::Include {
        let last = columns.pop().unwrap_or_default();
        columns.extend(personal::headers().into_iter().map(|h| (h, PERSONAL_WIDTH)));
        columns.push(last);
    }
    columns
}

fn table_cells(s: &Session) -> Vec<String> {
    vec![
        s.id().to_owned(),
        s.status().to_string(),
        s.outcome().map_or("-".to_owned(), |o| o.to_string()),
        timestamp(Some(s.created_at())),
        timestamp(s.completed_at()),
        last_step(s),
    ]
}

fn timestamp(at: Option<DateTime<Utc>>) -> String {
    at.map_or("-".to_owned(), |t| {
        t.format("%Y-%m-%d %H:%M:%SZ").to_string()
    })
}

fn last_step(session: &Session) -> String {
    let Some(step) = session.last_step() else {
        return "-".to_owned();
    };
    let name = step.id().or(step.description()).unwrap_or("step");
    match step.verdict() {
        Some(verdict) => format!("{name} ({verdict})"),
        None => name.to_owned(),
    }
}
