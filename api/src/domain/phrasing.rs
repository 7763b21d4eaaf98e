//! How people write the names the records keep: "đ/c Ngô Văn An" for the person stored as "Ngô
//! Văn An" (writes strip honorifics), "Đảng ủy phường Sài Đồng" or "Ban Chấp hành Đảng bộ phường
//! Sài Đồng" for the organization stored as "Đảng bộ phường Sài Đồng", "Quận ủy Long Biên" for
//! "Đảng bộ quận Long Biên". [`rewrite`] turns such a phrase into the part a stored name contains,
//! so a search can look for both. Every rule is compared on folded text (see `text::fold`), so
//! each holds with or without diacritics, in any case, tone placement, and punctuation ("đ/c",
//! "Đ/C", "d/c:", "đ.c").

use super::text;

/// A leading phrase and what it stands for in a stored name (nothing: it is only dropped).
struct Rule {
    /// Folded words, e.g. "dang uy".
    phrase: &'static str,
    /// Written words that replace it, e.g. "quận" for "quận ủy".
    becomes: &'static str,
}

const fn drop(phrase: &'static str) -> Rule {
    Rule { phrase, becomes: "" }
}

/// Organizational bodies and committees written before an organization's place name. The
/// committee of a body ("Đảng ủy", "Ban Chấp hành", "Ban Thường vụ", ...) is named after its
/// organization, so looking up the organization finds what the writer meant; the committees of
/// levels above the ward name their level ("Quận ủy" is the committee of the "quận").
const BODY_RULES: [Rule; 20] = [
    drop("ban chap hanh"),
    drop("bch"),
    drop("ban thuong vu"),
    drop("btv"),
    drop("thuong truc"),
    drop("thuong vu"),
    drop("uy ban kiem tra"),
    drop("ubkt"),
    drop("to chuc co so dang"),
    drop("to chuc dang"),
    drop("dang bo co so"),
    drop("dang uy"),
    drop("dang bo"),
    drop("chi uy"),
    drop("chi bo"),
    Rule {
        phrase: "quan uy",
        becomes: "quận",
    },
    Rule {
        phrase: "huyen uy",
        becomes: "huyện",
    },
    Rule {
        phrase: "thi uy",
        becomes: "thị xã",
    },
    Rule {
        phrase: "thanh uy",
        becomes: "thành phố",
    },
    Rule {
        phrase: "tinh uy",
        becomes: "tỉnh",
    },
];

/// The longest phrase of the rules, in words: how far a prefix needs checking.
const MAX_PHRASE_WORDS: usize = 4;

/// `written` without the honorifics and organizational-body phrases it starts with (repeatedly:
/// "Ban Chấp hành Đảng bộ ..." loses both), level committees named by their level. `None` when
/// nothing applies, or when nothing would be left to look for ("Đảng bộ" alone is searched as
/// written).
#[must_use]
pub fn rewrite(written: &str) -> Option<String> {
    let honorifics: Vec<String> = text::honorifics().map(text::fold).collect();
    let mut words: Vec<String> = text::clean(written).split(' ').map(str::to_owned).collect();
    let mut changed = false;
    'rewriting: loop {
        for length in (1..=MAX_PHRASE_WORDS.min(words.len())).rev() {
            let folded = text::fold(&words[..length].join(" "));
            let becomes = if honorifics.contains(&folded) {
                Some("")
            } else {
                BODY_RULES
                    .iter()
                    .find(|rule| rule.phrase == folded)
                    .map(|rule| rule.becomes)
            };
            let Some(becomes) = becomes else { continue };
            let rest = &words[length..];
            // A phrase alone is what the writer looks for; a rewrite that changes nothing stops.
            if rest.iter().all(|word| text::fold(word).is_empty()) || becomes == words[..length].join(" ") {
                break 'rewriting;
            }
            words = becomes
                .split_whitespace()
                .map(str::to_owned)
                .chain(rest.iter().cloned())
                .collect();
            changed = true;
            continue 'rewriting;
        }
        break;
    }
    changed.then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn bodies_and_honorifics_are_read_with_or_without_diacritics() {
        for (written, meant) in [
            ("Đảng ủy phường Sài Đồng", "phường Sài Đồng"),
            ("dang uy phuong sai dong", "phuong sai dong"),
            ("ĐẢNG UỶ phường Sài Đồng", "phường Sài Đồng"),
            ("Ban Chấp hành Đảng bộ phường Cự Khối", "phường Cự Khối"),
            ("BCH Đảng bộ phường Cự Khối", "phường Cự Khối"),
            ("Chi bộ Tổ dân phố 14", "Tổ dân phố 14"),
            ("Quận ủy Long Biên", "quận Long Biên"),
            ("Thị ủy Đông Triều", "thị xã Đông Triều"),
            ("Thanh uy Ha Noi", "thành phố Ha Noi"),
            ("đ/c Ngô Văn An", "Ngô Văn An"),
            ("Đ/C: Ngô Văn An", "Ngô Văn An"),
            ("d/c Ngo Van An", "Ngo Van An"),
            ("đồng chí Ngô Văn An", "Ngô Văn An"),
            ("dong chi ngo van an", "ngo van an"),
            ("Đồng chí đ/c Ngô Văn An", "Ngô Văn An"),
            ("đc Ngô Văn An", "Ngô Văn An"),
        ] {
            assert_eq!(rewrite(written).as_deref(), Some(meant), "{written}");
        }
    }

    #[test]
    fn names_without_such_phrases_and_phrases_alone_are_kept() {
        for written in [
            "Ngô Văn An",
            "phường Sài Đồng",
            "Đảng bộ",
            "đồng chí",
            "Đảng",
            "Chí Linh",
            "Đồng Tâm",
        ] {
            assert_eq!(rewrite(written), None, "{written}");
        }
    }
}
