//! How people write the names the records keep: "đ/c Ngô Văn An" for the person stored as "Ngô
//! Văn An" (writes strip honorifics), "Đảng ủy phường Sài Đồng" or "Ban Chấp hành Đảng bộ phường
//! Sài Đồng" for the organization stored as "Đảng bộ phường Sài Đồng", "Quận ủy Long Biên" for
//! "Đảng bộ quận Long Biên", and a place name alone for a record named without its body word
//! ("Phường Sài Đồng"). [`read`] turns such a phrase into what a stored name holds, so a search
//! can look for that too. Every rule is compared on folded text (see `text::fold`), so each holds
//! with or without diacritics, in any case, tone placement and punctuation ("đ/c", "Đ/C",
//! "d/c:", "đ.c").

use super::text;

/// A leading phrase: the committee or body it names, and what the organization's stored name
/// says instead.
struct Rule {
    /// Folded words, e.g. "dang uy".
    phrase: &'static str,
    /// The organization's word in stored names ("Đảng bộ" for "Đảng ủy"), or "" for a
    /// qualifier that names a committee of whatever body follows ("Ban Chấp hành").
    organization: &'static str,
    /// The level word kept before the place ("quận" of "Quận ủy").
    level: &'static str,
}

const fn rule(phrase: &'static str, organization: &'static str, level: &'static str) -> Rule {
    Rule {
        phrase,
        organization,
        level,
    }
}

/// Organizational bodies and committees written before an organization's place name. The
/// committee of a body is named after its organization, so looking up the organization finds
/// what the writer meant; the committees above the ward name their level ("Quận ủy" is the
/// committee of the "quận").
const BODY_RULES: [Rule; 20] = [
    rule("ban chap hanh", "", ""),
    rule("bch", "", ""),
    rule("ban thuong vu", "", ""),
    rule("btv", "", ""),
    rule("thuong truc", "", ""),
    rule("thuong vu", "", ""),
    rule("uy ban kiem tra", "", ""),
    rule("ubkt", "", ""),
    rule("to chuc co so dang", "", ""),
    rule("to chuc dang", "", ""),
    rule("dang bo co so", "Đảng bộ", ""),
    rule("dang uy", "Đảng bộ", ""),
    rule("dang bo", "Đảng bộ", ""),
    rule("chi uy", "Chi bộ", ""),
    rule("chi bo", "Chi bộ", ""),
    rule("quan uy", "Đảng bộ", "quận"),
    rule("huyen uy", "Đảng bộ", "huyện"),
    rule("thi uy", "Đảng bộ", "thị xã"),
    rule("thanh uy", "Đảng bộ", "thành phố"),
    rule("tinh uy", "Đảng bộ", "tỉnh"),
];

/// The longest phrase of the rules, in words: how far a prefix needs checking.
const MAX_PHRASE_WORDS: usize = 4;

/// What a search stands for beyond its own words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// Words a stored name contains, as written: the text without honorifics, a committee
    /// named as its organization ("Đảng bộ phường Sài Đồng" for "Đảng ủy phường Sài Đồng").
    pub words: Option<String>,
    /// The start of a stored name that carries no body word ("phường Sài Đồng" for a record
    /// named "Phường Sài Đồng"), as written.
    pub name_start: Option<String>,
    /// The names a committee phrase stands for when the place after it has no level word
    /// ("Đảng ủy Đức Thắng", as articles write it): the body, each level word and the place
    /// ("Đảng bộ phường Đức Thắng", "Đảng bộ xã Đức Thắng", ...), as written.
    pub with_levels: Vec<String>,
}

/// The level words a place name carries in stored names, longest first.
const LEVEL_WORDS: [&str; 8] = [
    "thị trấn",
    "thành phố",
    "thị xã",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
];

/// Whether a place starts with a level word ("phường Sài Đồng", "thi xa Dong Trieu").
fn has_level_word(place: &str) -> bool {
    let place = text::fold(place);
    LEVEL_WORDS.iter().any(|level| {
        let level = text::fold(level);
        place == level || place.starts_with(&format!("{level} "))
    })
}

/// Reads `written` as people write names: honorifics dropped, and organizational-body and
/// committee phrases at its start (repeatedly: "Ban Chấp hành Đảng bộ ...") read as the
/// organization they name. Nothing is read when nothing would be left to look for ("Đảng bộ"
/// alone is searched as written).
#[must_use]
pub fn read(written: &str) -> Reading {
    let honorifics: Vec<String> = text::honorifics().map(text::fold).collect();
    let mut words: Vec<String> = text::clean(written).split(' ').map(str::to_owned).collect();
    let folded_prefix = |words: &[String], length: usize| text::fold(&words[..length].join(" "));
    let rest_is_empty = |rest: &[String]| rest.iter().all(|word| text::fold(word).is_empty());
    // Honorifics first, as writes strip them.
    let mut without_honorifics = false;
    'honorifics: loop {
        for length in (1..=MAX_PHRASE_WORDS.min(words.len())).rev() {
            if honorifics.contains(&folded_prefix(&words, length)) && !rest_is_empty(&words[length..]) {
                words.drain(..length);
                without_honorifics = true;
                continue 'honorifics;
            }
        }
        break;
    }
    // Then the bodies and committees: the organization word is the last one named.
    let mut organization = None;
    let mut level = "";
    let mut bodies = false;
    'bodies: loop {
        for length in (1..=MAX_PHRASE_WORDS.min(words.len())).rev() {
            let folded = folded_prefix(&words, length);
            let Some(found) = BODY_RULES.iter().find(|rule| rule.phrase == folded) else {
                continue;
            };
            if rest_is_empty(&words[length..]) {
                break 'bodies;
            }
            words.drain(..length);
            bodies = true;
            if !found.organization.is_empty() {
                organization = Some(found.organization);
            }
            level = found.level;
            continue 'bodies;
        }
        break;
    }
    let place: Vec<&str> = level
        .split_whitespace()
        .chain(words.iter().map(String::as_str))
        .collect();
    let place = place.join(" ");
    if !bodies {
        return Reading {
            words: without_honorifics.then_some(place),
            name_start: None,
            with_levels: Vec::new(),
        };
    }
    let organization = organization.unwrap_or("Đảng bộ");
    // Only a party organization (Đảng bộ) is named after a level; a cell (Chi bộ) after its
    // village or neighbourhood.
    let with_levels = if organization == "Đảng bộ" && level.is_empty() && !has_level_word(&place) {
        LEVEL_WORDS
            .iter()
            .map(|level| format!("{organization} {level} {place}"))
            .collect()
    } else {
        Vec::new()
    };
    Reading {
        words: Some(format!("{organization} {place}")),
        name_start: Some(place),
        with_levels,
    }
}

#[cfg(test)]
mod tests {
    use super::{Reading, read};

    fn reading(words: &str, name_start: &str) -> Reading {
        read_as(words, name_start, Vec::new())
    }

    fn read_as(words: &str, name_start: &str, with_levels: Vec<String>) -> Reading {
        Reading {
            words: Some(words.to_owned()),
            name_start: Some(name_start.to_owned()),
            with_levels,
        }
    }

    #[test]
    fn committees_are_read_as_their_organization_with_or_without_diacritics() {
        for (written, meant) in [
            (
                "Đảng ủy phường Sài Đồng",
                reading("Đảng bộ phường Sài Đồng", "phường Sài Đồng"),
            ),
            (
                "dang uy phuong sai dong",
                reading("Đảng bộ phuong sai dong", "phuong sai dong"),
            ),
            (
                "ĐẢNG UỶ phường Sài Đồng",
                reading("Đảng bộ phường Sài Đồng", "phường Sài Đồng"),
            ),
            (
                "Ban Chấp hành Đảng bộ phường Cự Khối",
                reading("Đảng bộ phường Cự Khối", "phường Cự Khối"),
            ),
            (
                "BCH Đảng bộ phường Cự Khối",
                reading("Đảng bộ phường Cự Khối", "phường Cự Khối"),
            ),
            ("Chi ủy Tổ dân phố 14", reading("Chi bộ Tổ dân phố 14", "Tổ dân phố 14")),
            ("Quận ủy Long Biên", reading("Đảng bộ quận Long Biên", "quận Long Biên")),
            (
                "Thị ủy Đông Triều",
                reading("Đảng bộ thị xã Đông Triều", "thị xã Đông Triều"),
            ),
            (
                "Thanh uy Ha Noi",
                reading("Đảng bộ thành phố Ha Noi", "thành phố Ha Noi"),
            ),
            (
                "Đảng bộ phường Sài Đồng",
                reading("Đảng bộ phường Sài Đồng", "phường Sài Đồng"),
            ),
        ] {
            assert_eq!(read(written), meant, "{written}");
        }
    }

    #[test]
    fn a_committee_without_a_level_word_stands_for_each_level() {
        let meant = read("Đảng ủy Đức Thắng");
        assert_eq!(meant.words.as_deref(), Some("Đảng bộ Đức Thắng"));
        assert!(meant.with_levels.contains(&"Đảng bộ phường Đức Thắng".to_owned()));
        assert!(meant.with_levels.contains(&"Đảng bộ thị trấn Đức Thắng".to_owned()));
        assert_eq!(meant.with_levels.len(), 8);
        // With a level word, or for a cell, the name is read as written.
        assert!(read("dang uy phuong duc thang").with_levels.is_empty());
        assert!(read("Chi ủy Đức Thắng").with_levels.is_empty());
    }

    #[test]
    fn honorifics_are_dropped_as_writes_drop_them() {
        for (written, meant) in [
            ("đ/c Ngô Văn An", "Ngô Văn An"),
            ("Đ/C: Ngô Văn An", "Ngô Văn An"),
            ("d/c Ngo Van An", "Ngo Van An"),
            ("đồng chí Ngô Văn An", "Ngô Văn An"),
            ("dong chi ngo van an", "ngo van an"),
            ("Đồng chí đ/c Ngô Văn An", "Ngô Văn An"),
            ("đc Ngô Văn An", "Ngô Văn An"),
        ] {
            assert_eq!(read(written).words.as_deref(), Some(meant), "{written}");
            assert_eq!(read(written).name_start, None, "{written}");
        }
    }

    #[test]
    fn names_without_such_phrases_and_phrases_alone_are_read_as_written() {
        for written in [
            "Ngô Văn An",
            "phường Sài Đồng",
            "Đảng bộ",
            "đồng chí",
            "Đảng",
            "Chí Linh",
            "Đồng Tâm",
        ] {
            assert_eq!(read(written), Reading::default(), "{written}");
        }
    }
}
