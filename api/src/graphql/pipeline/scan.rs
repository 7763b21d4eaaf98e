//! What a document's text may hold before it is parsed: its size and how deep its brackets nest.
//!
//! The parser and the validator recurse once per nesting level, on the request's own stack: a
//! 4 KB document of 2,000 nested `[` (or `{`) overflowed a worker thread's stack and aborted the
//! whole process. This scan walks the text once, without recursion and without allocating, so
//! that nothing deeper than a real query ever reaches the recursive code.

/// Why a document's text was refused before parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextRefusal {
    /// More bytes than a document may have.
    TooLong { bytes: usize, limit: usize },
    /// Brackets (`{`, `[`, `(`) nested deeper than allowed.
    NestedTooDeep { limit: usize },
}

impl TextRefusal {
    pub fn message(&self) -> String {
        match self {
            Self::TooLong { bytes, limit } => {
                format!("the GraphQL document is {bytes} bytes; at most {limit} are allowed")
            }
            Self::NestedTooDeep { limit } => format!(
                "the GraphQL document nests brackets deeper than {limit} levels; no query of this API needs that"
            ),
        }
    }
}

/// Checks a document's size and bracket nesting. Strings, block strings and comments are
/// skipped as the GraphQL lexer reads them, so brackets inside text do not count.
pub fn check(text: &str, max_bytes: usize, max_nesting: usize) -> Result<(), TextRefusal> {
    if text.len() > max_bytes {
        return Err(TextRefusal::TooLong {
            bytes: text.len(),
            limit: max_bytes,
        });
    }
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'#' => {
                while index < bytes.len() && bytes[index] != b'\n' && bytes[index] != b'\r' {
                    index += 1;
                }
            }
            b'"' if bytes[index..].starts_with(b"\"\"\"") => {
                index += 3;
                while index < bytes.len() && !bytes[index..].starts_with(b"\"\"\"") {
                    // `\"""` is an escaped delimiter inside a block string.
                    index += if bytes[index..].starts_with(b"\\\"\"\"") { 4 } else { 1 };
                }
                index += 2;
            }
            b'"' => {
                index += 1;
                while index < bytes.len() && bytes[index] != b'"' && bytes[index] != b'\n' {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > max_nesting {
                    return Err(TextRefusal::NestedTooDeep { limit: max_nesting });
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        index += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, close: &str, levels: usize) -> String {
        format!("{{ __typename(x: {}1{}) }}", open.repeat(levels), close.repeat(levels))
    }

    #[test]
    fn ordinary_queries_pass() {
        let query = "query Q($id: ID!) { organization(id: $id) { name congresses { committees { members { person { fullName } } } } } }";
        assert_eq!(check(query, 10_000, 64), Ok(()));
    }

    #[test]
    fn deep_lists_objects_and_selections_are_refused_without_recursion() {
        for (open, close) in [("[", "]"), ("{a:", "}"), ("(", ")")] {
            let document = nested(open, close, 100_000);
            assert_eq!(
                check(&document, usize::MAX, 64),
                Err(TextRefusal::NestedTooDeep { limit: 64 }),
                "{open}"
            );
        }
    }

    #[test]
    fn brackets_inside_strings_block_strings_and_comments_do_not_count() {
        let text = format!(
            "{{ a(s: \"{}\", b: \"\"\"{} \\\"\"\" {}\"\"\") # {}\n }}",
            "[".repeat(500),
            "{".repeat(500),
            "(".repeat(500),
            "[".repeat(500)
        );
        assert_eq!(check(&text, usize::MAX, 8), Ok(()));
    }

    #[test]
    fn an_escaped_quote_does_not_end_a_string() {
        let text = format!("{{ a(s: \"\\\"{}\") }}", "[".repeat(100));
        assert_eq!(check(&text, usize::MAX, 8), Ok(()));
    }

    #[test]
    fn size_is_checked_first() {
        assert!(matches!(
            check("{ a }", 3, 8),
            Err(TextRefusal::TooLong { bytes: 5, limit: 3 })
        ));
    }

    #[test]
    fn unterminated_strings_and_stray_closers_end_the_scan_quietly() {
        assert_eq!(check("{ a(s: \"\"\"[[[", 100, 2), Ok(()));
        assert_eq!(check("}}}]]]))) {", 100, 2), Ok(()));
    }
}
