//! Page metadata against the content: per page (size, totals, how many items a page should hold)
//! and across the pages of one listing (numbers that advance, totals, repeated items).

use std::collections::HashSet;

use serde_json::Value;

use super::checks as c;
use super::validate::Observation;

/// The page object of a body, when its fields are non-negative integers (otherwise the schema
/// findings say what is wrong and these checks are skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageMeta {
    /// `page.size`: the page size the server used.
    pub size: u64,
    /// `page.number`: the page number in the server's base.
    pub number: u64,
    /// `page.totalElements`.
    pub total_elements: u64,
    /// `page.totalPages`.
    pub total_pages: u64,
    /// How many items `content` holds.
    pub items: u64,
}

impl PageMeta {
    /// Reads the page object and the length of `content` from a body.
    pub fn read(body: &Value) -> Option<Self> {
        let field = |name: &str| {
            body.pointer(&format!("/page/{name}"))
                .and_then(Value::as_u64)
        };
        Some(Self {
            size: field("size")?,
            number: field("number")?,
            total_elements: field("totalElements")?,
            total_pages: field("totalPages")?,
            items: body.get("content")?.as_array()?.len() as u64,
        })
    }

    /// Pages the totals imply (Spring: `ceil(totalElements / size)`).
    pub fn expected_total_pages(&self) -> Option<u64> {
        (self.size > 0).then(|| self.total_elements.div_ceil(self.size))
    }

    /// Items this page should hold if pages count from `base`.
    pub fn expected_items(&self, base: u64) -> Option<u64> {
        let index = self.number.checked_sub(base)?;
        let before = index.saturating_mul(self.size);
        Some(self.total_elements.saturating_sub(before).min(self.size))
    }
}

/// Checks of one page on its own. `base` is the page base when known (live: the number of the
/// first page); otherwise a page is consistent if it is under base 0 or base 1.
pub fn check_page(meta: &PageMeta, base: Option<u64>, body: &Value, out: &mut Vec<Observation>) {
    if meta.items > meta.size {
        out.push(Observation::new(
            c::PAGE_SIZE_EXCEEDED,
            body,
            "/content",
            format!(
                "{} item(s) on a page whose `page.size` is {}",
                meta.items, meta.size
            ),
        ));
        return;
    }
    if let Some(expected) = meta.expected_total_pages()
        && expected != meta.total_pages
    {
        out.push(Observation::new(
            c::PAGE_TOTAL_PAGES_MISMATCH,
            body,
            "/page/totalPages",
            format!(
                "`totalPages` is {} but {} element(s) in pages of {} make {expected}",
                meta.total_pages, meta.total_elements, meta.size
            ),
        ));
    }
    let bases: Vec<u64> = match base {
        Some(base) => vec![base],
        None => vec![0, 1],
    };
    let mut expectations: Vec<u64> = bases
        .iter()
        .filter_map(|b| meta.expected_items(*b))
        .collect();
    expectations.dedup();
    if meta.size > 0 && !expectations.contains(&meta.items) {
        let expected = expectations
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(" or ");
        let expected = if expected.is_empty() {
            "none (the number is below the page base)".to_owned()
        } else {
            expected
        };
        out.push(Observation::new(
            c::PAGE_CONTENT_LENGTH_MISMATCH,
            body,
            "/content",
            format!(
                "page {} holds {} item(s); with size {} and {} element(s) it should hold {expected}",
                meta.number, meta.items, meta.size, meta.total_elements
            ),
        ));
    }
}

/// Checks across the pages of one listing, fed page by page in request order.
#[derive(Debug, Default)]
pub struct Sequence {
    first: Option<PageMeta>,
    last_number: Option<u64>,
    seen: HashSet<String>,
    duplicates_reported: bool,
}

impl Sequence {
    /// A new listing.
    pub fn new() -> Self {
        Self::default()
    }

    /// The page base: the number the first page reported.
    pub fn base(&self) -> Option<u64> {
        self.first.map(|first| first.number)
    }

    /// Feeds one page; `requested` is the page number asked for (`None`: the server's first).
    pub fn feed(
        &mut self,
        requested: Option<u64>,
        meta: &PageMeta,
        body: &Value,
        out: &mut Vec<Observation>,
    ) {
        if let Some(requested) = requested
            && requested != meta.number
        {
            out.push(Observation::new(
                c::PAGE_NUMBER_MISMATCH,
                body,
                "/page/number",
                format!(
                    "page {requested} was requested, page {} came back",
                    meta.number
                ),
            ));
        }
        if let Some(last) = self.last_number
            && meta.number <= last
        {
            out.push(Observation::new(
                c::PAGE_NUMBER_NOT_ADVANCING,
                body,
                "/page/number",
                format!("page {} follows page {last}", meta.number),
            ));
        }
        match &self.first {
            None => self.first = Some(*meta),
            Some(first) if first.total_elements != meta.total_elements => {
                out.push(Observation::new(
                    c::PAGE_TOTALS_CHANGED,
                    body,
                    "/page/totalElements",
                    format!(
                        "`totalElements` was {} on the first page and is {} on page {}",
                        first.total_elements, meta.total_elements, meta.number
                    ),
                ));
            }
            Some(_) => {}
        }
        self.last_number = Some(meta.number);
        let mut repeated = 0usize;
        if let Some(items) = body.get("content").and_then(Value::as_array) {
            for id in items
                .iter()
                .filter_map(|item| item.get("sessionId").and_then(Value::as_str))
            {
                if !self.seen.insert(id.to_owned()) {
                    repeated += 1;
                }
            }
        }
        if repeated > 0 && !self.duplicates_reported {
            self.duplicates_reported = true;
            out.push(Observation::new(
                c::PAGE_DUPLICATE_ITEMS,
                body,
                "/content",
                format!(
                    "{repeated} session(s) on page {} were already on an earlier page",
                    meta.number
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(size: u64, number: u64, total: u64, pages: u64, items: usize) -> Value {
        let content: Vec<Value> = (0..items)
            .map(|i| json!({"sessionId": format!("s{number}-{i}")}))
            .collect();
        json!({"content": content, "page": {"size": size, "number": number, "totalElements": total, "totalPages": pages}})
    }

    fn ids(body: &Value, base: Option<u64>) -> Vec<&'static str> {
        let mut out = Vec::new();
        let meta = PageMeta::read(body).expect("page object");
        check_page(&meta, base, body, &mut out);
        out.iter().map(|o| o.check.id).collect()
    }

    #[test]
    fn the_documented_pages_are_consistent() {
        assert!(ids(&body(10, 1, 25, 3, 10), None).is_empty());
        assert!(ids(&body(10, 3, 25, 3, 5), Some(1)).is_empty());
        assert!(ids(&body(10, 4, 25, 3, 0), Some(1)).is_empty());
        assert!(ids(&body(20, 0, 0, 0, 0), Some(0)).is_empty());
    }

    #[test]
    fn inconsistent_pages_are_reported() {
        assert_eq!(ids(&body(10, 1, 25, 3, 11), None), ["page-size-exceeded"]);
        assert_eq!(
            ids(&body(10, 1, 25, 4, 10), None),
            ["page-total-pages-mismatch"]
        );
        assert_eq!(
            ids(&body(10, 1, 25, 3, 7), Some(1)),
            ["page-content-length-mismatch"]
        );
    }

    #[test]
    fn sequences_that_repeat_or_stall_are_reported() {
        let mut sequence = Sequence::new();
        let mut out = Vec::new();
        let first = body(10, 1, 25, 3, 10);
        let again = body(10, 1, 26, 3, 10);
        for (requested, page) in [(None, &first), (Some(2), &again)] {
            let meta = PageMeta::read(page).expect("page object");
            sequence.feed(requested, &meta, page, &mut out);
        }
        let found: Vec<&str> = out.iter().map(|o| o.check.id).collect();
        assert_eq!(
            found,
            [
                "page-number-mismatch",
                "page-number-not-advancing",
                "page-totals-changed",
                "page-duplicate-items"
            ]
        );
        assert_eq!(sequence.base(), Some(1));
    }
}
