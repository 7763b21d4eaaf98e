//! Text rules shared by the congress records: Unicode and whitespace cleaning (`clean`), the
//! diacritic-insensitive search key (`fold`), the diacritic-keeping ranking key (`exact_key`) built on
//! one fixed Vietnamese tone-mark placement (`normalize_tone_placement`), the helpers that turn keys
//! into indexed lookups (`word_start_suffixes`, `prefix_upper_bound`), and the `PersonName` value.

use std::fmt;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Unicode NFC, trimmed, every run of whitespace (incl. NBSP, tabs, newlines) collapsed to one ASCII space.
#[must_use]
pub fn clean(text: &str) -> String {
    // Control characters (NUL among them, which PostgreSQL cannot store in text) are never part
    // of a record: whitespace ones become spaces, the others are dropped.
    let composed: String = text
        .nfc()
        .filter_map(|c| match c {
            c if c.is_whitespace() => Some(' '),
            c if c.is_control() || is_invisible(c) => None,
            c => Some(c),
        })
        .collect();
    collapse_whitespace(&composed)
}

/// The search key used for diacritic-insensitive matching: NFD, drop all combining marks, map 'đ'/'Đ' to 'd'
/// (Unicode decomposition does not do that), lowercase, every character that is not alphanumeric becomes a space,
/// whitespace collapsed, trimmed. For Vietnamese input the result contains only [a-z0-9 ]. Non-Latin letters are
/// kept (lowercased, marks stripped).
///
/// The look-alike 'Ð'/'ð' (U+00D0/U+00F0, Icelandic eth) also maps to 'd', because legacy Vietnamese
/// encodings and keyboards often produce it in place of 'Đ'.
#[must_use]
pub fn fold(text: &str) -> String {
    // Lowercase before decomposing so that marks produced by lowercasing (e.g. 'İ' -> "i\u{307}")
    // are decomposed and dropped too.
    let lowered = text.to_lowercase();
    let mut spaced = String::with_capacity(lowered.len());
    for c in lowered.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'ð' => 'd',
            other => other,
        };
        spaced.push(if c.is_alphanumeric() { c } else { ' ' });
    }
    collapse_whitespace(&spaced)
}

/// The key used to rank exact matches while keeping diacritics: `clean`, lowercase, tone marks re-placed by one
/// fixed rule (see `normalize_tone_placement`), punctuation kept. "Hoà Bình" and "Hòa Bình" (and their NFD forms)
/// give the same exact key; "Hoa Bình" does not.
///
/// Like `fold`, the look-alike 'ð' (eth) is read as 'đ'.
#[must_use]
pub fn exact_key(text: &str) -> String {
    let lowered: String = clean(text)
        .to_lowercase()
        .chars()
        .map(|c| if c == 'ð' { 'đ' } else { c })
        .collect();
    normalize_tone_placement(&lowered)
}

/// Re-places Vietnamese tone marks syllable by syllable using one fixed rule, keeping case and every
/// other character, output NFC. Accepts NFC or NFD input and either placement convention.
///
/// A syllable is a maximal run of letters. Its tone mark (grave, acute, hook above, tilde, dot below)
/// goes on:
/// 1. the last vowel of the nucleus that carries a circumflex, breve or horn ("người", "thuở");
/// 2. otherwise, when a final consonant follows, the last vowel of the nucleus ("hoàng", "toán");
/// 3. otherwise the only vowel, the first of two ("hòa", "thủy", "mía") or the middle of three
///    ("ngoài", "khuỷu").
///
/// The "u" of a leading "qu" and the "i" of a leading "gi" before another vowel are consonants.
/// For the open "oa", "oe", "uy" this gives the traditional placement ("hòa", "khỏe", "thủy"), which is
/// what the records use; "hoà", "khoẻ", "thuỷ" are rewritten to it.
///
/// Syllables that are not plainly Vietnamese are left as they are: no tone mark or more than one,
/// letters other than Latin letters and 'đ', marks Vietnamese does not use, a tone mark on a consonant,
/// or vowels split by consonants ("café").
#[must_use]
pub fn normalize_tone_placement(text: &str) -> String {
    let decomposed: Vec<char> = text.nfd().collect();
    let mut out: Vec<char> = Vec::with_capacity(decomposed.len());
    let mut i = 0;
    while i < decomposed.len() {
        if !decomposed[i].is_alphabetic() || is_combining_mark(decomposed[i]) {
            out.push(decomposed[i]);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < decomposed.len() && (decomposed[i].is_alphabetic() || is_combining_mark(decomposed[i])) {
            i += 1;
        }
        let syllable = &decomposed[start..i];
        match retone_syllable(syllable) {
            Some(retoned) => out.extend(retoned),
            None => out.extend_from_slice(syllable),
        }
    }
    // NFC also puts the moved mark back in canonical order, so "e\u{301}\u{302}" becomes "ế".
    out.into_iter().nfc().collect()
}

/// Every suffix of a folded string that starts at a word boundary, longest first:
/// `"dang bo phuong cu khoi"` -> `["dang bo phuong cu khoi", "bo phuong cu khoi", "phuong cu khoi", "cu khoi", "khoi"]`.
/// Duplicates removed, empty input gives an empty Vec.
#[must_use]
pub fn word_start_suffixes(folded: &str) -> Vec<String> {
    let words: Vec<&str> = folded.split_whitespace().collect();
    let mut suffixes: Vec<String> = Vec::with_capacity(words.len());
    for start in 0..words.len() {
        let suffix = words[start..].join(" ");
        // Suffixes with different word counts differ once spaces are single, so this only guards
        // the contract; it never drops anything for well-formed input.
        if !suffixes.contains(&suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

/// The exclusive upper bound of a prefix range over byte-wise compared text: `prefix` followed by U+10FFFF.
/// `term >= prefix AND term < prefix_upper_bound(prefix)` selects the terms starting with prefix.
///
/// U+10FFFF is the largest scalar value and encodes to the largest UTF-8 sequence, so every
/// continuation of `prefix` sorts below the bound (terms that themselves contain U+10FFFF right
/// after the prefix are the only exception). In SQL the column must compare byte-wise (`COLLATE "C"`).
#[must_use]
pub fn prefix_upper_bound(prefix: &str) -> String {
    let mut bound = String::with_capacity(prefix.len() + 4);
    bound.push_str(prefix);
    bound.push(char::MAX);
    bound
}

/// A person's full name as it is stored: honorifics removed from the front.
///
/// Equality compares the removed honorific too; compare `as_str()` to compare names only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    name: String,
    honorific: Option<String>,
}

impl PersonName {
    /// Cleans the text (see `clean`), strips leading honorifics repeatedly: "đồng chí", "đ/c", "đc" (only when
    /// followed by a space), "Đ/c", "ĐC", "comrade", in any case, NFC or NFD, with or without a trailing dot or
    /// colon. Tone marks are kept where they were written.
    ///
    /// "đồng chí", "đ/c" and "comrade" count only when a space, the end of the text, or their own dot or
    /// colon follows, so a name that merely starts with those letters is kept whole.
    ///
    /// # Errors
    ///
    /// `Err(PersonNameError::Empty)` if nothing is left, `Err(PersonNameError::TooLong)` above 200 chars,
    /// `Err(PersonNameError::NotAName)` if it contains no letter or contains control characters or digits.
    /// Bidirectional-text controls count as control characters, since they can make a stored name
    /// display as a different one.
    pub fn parse(text: &str) -> Result<Self, PersonNameError> {
        // `clean` drops control characters; in a name they are a mistake worth refusing.
        if text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return Err(PersonNameError::NotAName);
        }
        let cleaned = clean(text);
        let mut rest = cleaned.as_str();
        while let Some(after) = strip_one_honorific(rest) {
            rest = after.trim_start();
        }
        if rest.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if rest.chars().count() > MAX_NAME_CHARS {
            return Err(PersonNameError::TooLong);
        }
        let has_letter = rest.chars().any(char::is_alphabetic);
        let has_forbidden = rest
            .chars()
            .any(|c| c.is_control() || c.is_numeric() || is_bidi_control(c));
        if !has_letter || has_forbidden {
            return Err(PersonNameError::NotAName);
        }
        // `rest` is a tail of `cleaned`, so what precedes it is exactly what was stripped.
        let removed = cleaned[..cleaned.len() - rest.len()].trim_end();
        Ok(Self {
            name: rest.to_owned(),
            honorific: (!removed.is_empty()).then(|| removed.to_owned()),
        })
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The honorific that was removed, as written (e.g. "đồng chí"), if any.
    ///
    /// "As written" means in the cleaned (NFC) text with its dot or colon; when several were stripped
    /// ("Đồng chí đ/c ..."), all of them are returned together.
    #[must_use]
    pub fn removed_honorific(&self) -> Option<&str> {
        self.honorific.as_deref()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonNameError {
    Empty,
    TooLong,
    NotAName,
}

impl fmt::Display for PersonNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self {
            Self::Empty => "the name is empty once honorifics such as \"đồng chí\" are removed",
            Self::TooLong => "the name is longer than 200 characters",
            Self::NotAName => "the name must contain a letter and no digits or control characters",
        };
        f.write_str(message)
    }
}

impl std::error::Error for PersonNameError {}

const MAX_NAME_CHARS: usize = 200;

/// An honorific written in lowercase NFC, and whether it needs a following space to count
/// ("đc" alone could be the start of a garbled word; the others cannot).
struct Honorific {
    word: &'static str,
    needs_space: bool,
}

const HONORIFICS: [Honorific; 4] = [
    Honorific {
        word: "đồng chí",
        needs_space: false,
    },
    Honorific {
        word: "đ/c",
        needs_space: false,
    },
    Honorific {
        word: "đc",
        needs_space: true,
    },
    Honorific {
        word: "comrade",
        needs_space: false,
    },
];

/// The honorifics a name is written with and stored without ("đồng chí", "đ/c", ...), in
/// lowercase NFC: searches read them the way writes do.
pub fn honorifics() -> impl Iterator<Item = &'static str> {
    HONORIFICS.iter().map(|honorific| honorific.word)
}

/// The text after one leading honorific (and its dot or colon), if it starts with one.
/// Expects cleaned text, where the only whitespace is a single ASCII space.
fn strip_one_honorific(text: &str) -> Option<&str> {
    HONORIFICS.iter().find_map(|honorific| {
        let after_word = strip_prefix_ignoring_case(text, honorific.word)?;
        let (after, punctuated) = match after_word.strip_prefix(['.', ':']) {
            Some(after) => (after, true),
            None => (after_word, false),
        };
        let counts = match after.chars().next() {
            Some(' ') => true,
            // Without a space, only the end or the honorific's own punctuation marks a boundary.
            None | Some(_) if honorific.needs_space => false,
            None => true,
            Some(_) => punctuated,
        };
        counts.then_some(after)
    })
}

/// `text` without its leading `lowercase_word`, compared character by character after lowercasing.
fn strip_prefix_ignoring_case<'a>(text: &'a str, lowercase_word: &str) -> Option<&'a str> {
    let mut rest = text.chars();
    for expected in lowercase_word.chars() {
        let actual = rest.next()?;
        // A character whose lowercase is several characters ('İ') never matches one expected character.
        if !actual.to_lowercase().eq(std::iter::once(expected)) {
            return None;
        }
    }
    Some(rest.as_str())
}

/// Characters that take no space and show nothing: zero-width space, (non-)joiners, word
/// joiner, invisible operators, byte-order mark, soft hyphen, Mongolian vowel separator. In a
/// record they only make two equal-looking texts differ (or an invisible name look present), so
/// [`clean`] drops them.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Whether text holds a bidirectional formatting character, which can make it display as a
/// different text than it is ("Trojan Source").
#[must_use]
pub fn has_bidi_control(text: &str) -> bool {
    text.chars().any(is_bidi_control)
}

/// Explicit bidirectional formatting characters (Unicode `Bidi_Control`).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // `split_whitespace` follows Unicode White_Space, which covers NBSP, tabs and line breaks.
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

const GRAVE: char = '\u{0300}';
const ACUTE: char = '\u{0301}';
const TILDE: char = '\u{0303}';
const HOOK_ABOVE: char = '\u{0309}';
const DOT_BELOW: char = '\u{0323}';
const CIRCUMFLEX: char = '\u{0302}';
const BREVE: char = '\u{0306}';
const HORN: char = '\u{031B}';

fn is_tone_mark(c: char) -> bool {
    matches!(c, GRAVE | ACUTE | TILDE | HOOK_ABOVE | DOT_BELOW)
}

/// One letter of a decomposed syllable, without its tone mark.
struct Letter {
    base: char,
    /// The circumflex, breve or horn that is part of the vowel letter (â ă ê ô ơ ư).
    modifier: Option<char>,
}

impl Letter {
    fn lower(&self) -> char {
        self.base.to_ascii_lowercase()
    }

    fn is_vowel(&self) -> bool {
        matches!(self.lower(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
    }
}

/// Whether `base` is a letter Vietnamese spelling uses: Latin letters and 'đ' (plus its look-alike eth,
/// so a mistyped 'Ð' does not stop the rest of the syllable from being handled).
fn is_vietnamese_base(base: char) -> bool {
    base.is_ascii_alphabetic() || matches!(base, 'đ' | 'Đ' | 'ð' | 'Ð')
}

/// Whether `modifier` on `base` makes one of â ă ê ô ơ ư.
fn modifier_fits(base: char, modifier: char) -> bool {
    matches!(
        (base.to_ascii_lowercase(), modifier),
        ('a', CIRCUMFLEX | BREVE) | ('e', CIRCUMFLEX) | ('o', CIRCUMFLEX | HORN) | ('u', HORN)
    )
}

/// The decomposed syllable with its tone mark moved to the chosen vowel, or None to leave it as is.
fn retone_syllable(syllable: &[char]) -> Option<Vec<char>> {
    let mut letters: Vec<Letter> = Vec::with_capacity(syllable.len());
    let mut tone: Option<(char, usize)> = None;
    for &c in syllable {
        if !is_combining_mark(c) {
            if !is_vietnamese_base(c) {
                return None;
            }
            letters.push(Letter {
                base: c,
                modifier: None,
            });
            continue;
        }
        let owner = letters.len().checked_sub(1)?;
        let letter = letters.last_mut()?;
        if is_tone_mark(c) {
            if tone.is_some() {
                return None;
            }
            tone = Some((c, owner));
        } else if letter.modifier.is_none() && modifier_fits(letter.base, c) {
            letter.modifier = Some(c);
        } else {
            return None;
        }
    }
    let (tone, owner) = tone?;
    // A tone on a consonant is not a misplaced Vietnamese tone (e.g. Spanish 'ñ'); leave it.
    if !letters[owner].is_vowel() {
        return None;
    }

    let target = tone_target(&letters)?;
    let mut out = Vec::with_capacity(syllable.len());
    for (index, letter) in letters.iter().enumerate() {
        out.push(letter.base);
        out.extend(letter.modifier);
        if index == target {
            out.push(tone);
        }
    }
    Some(out)
}

/// The index of the letter that carries the tone, or None if the syllable is not shaped like a
/// Vietnamese one (no nucleus, vowels split by consonants, or more than three vowels).
fn tone_target(letters: &[Letter]) -> Option<usize> {
    let plain = |index: usize, lower: char| {
        letters
            .get(index)
            .is_some_and(|letter| letter.lower() == lower && letter.modifier.is_none())
    };
    // "qu" and "gi" + vowel spell one consonant each, so their u and i are not part of the nucleus.
    let qu = plain(0, 'q') && plain(1, 'u');
    let gi = plain(0, 'g') && plain(1, 'i') && letters.get(2).is_some_and(Letter::is_vowel);
    let after_initial = if qu || gi { 2 } else { 0 };
    let start = after_initial + letters[after_initial..].iter().position(Letter::is_vowel)?;
    let end = letters[start..]
        .iter()
        .position(|letter| !letter.is_vowel())
        .map_or(letters.len(), |offset| start + offset);
    if letters[end..].iter().any(Letter::is_vowel) {
        return None;
    }

    if let Some(offset) = letters[start..end].iter().rposition(|letter| letter.modifier.is_some()) {
        return Some(start + offset);
    }
    if end < letters.len() {
        return Some(end - 1);
    }
    match end - start {
        1 | 2 => Some(start),
        3 => Some(start + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nfd(text: &str) -> String {
        text.nfd().collect()
    }

    fn is_nfc(text: &str) -> bool {
        text.nfc().collect::<String>() == text
    }

    // clean

    #[test]
    fn clean_composes_trims_and_collapses_every_kind_of_whitespace() {
        let messy = "\u{00A0} Đảng\t\tbộ\n\r\nphường\u{00A0}\u{00A0}Cự\u{2003}Khối  ";
        assert_eq!(clean(messy), "Đảng bộ phường Cự Khối");
        assert_eq!(clean(&nfd("Hoà Bình")), "Hoà Bình");
        assert!(is_nfc(&clean(&nfd("Nguyễn Thị Ngọc"))));
    }

    #[test]
    fn clean_of_blank_text_is_empty() {
        assert_eq!(clean(""), "");
        assert_eq!(clean(" \t\n\u{00A0} "), "");
    }

    #[test]
    fn clean_keeps_case_punctuation_and_tone_placement() {
        assert_eq!(clean("Số 01-CT/TU,  Hoà"), "Số 01-CT/TU, Hoà");
    }

    // fold

    #[test]
    fn fold_strips_diacritics_and_lowercases_vietnamese() {
        assert_eq!(fold("Đảng bộ phường Cự Khối"), "dang bo phuong cu khoi");
    }

    #[test]
    fn fold_of_nfd_input_equals_fold_of_nfc_input() {
        let text = "Nguyễn Thị Ngọc Hoà, Đắk Lắk, Thừa Thiên Huế";
        assert_eq!(fold(&nfd(text)), fold(text));
    }

    #[test]
    fn fold_ignores_tone_placement() {
        assert_eq!(fold("Uỷ ban"), "uy ban");
        assert_eq!(fold("Ủy ban"), "uy ban");
    }

    #[test]
    fn fold_trims_and_collapses_whitespace() {
        assert_eq!(fold("  Đức   Thắng "), "duc thang");
    }

    #[test]
    fn fold_turns_punctuation_into_single_spaces() {
        assert_eq!(fold("01- CT/TU"), "01 ct tu");
        assert_eq!(fold("(Hà Nội)..."), "ha noi");
        assert_eq!(fold("---"), "");
    }

    #[test]
    fn fold_of_vietnamese_text_contains_only_ascii_letters_digits_and_spaces() {
        let text = "ĐẠI HỘI ĐẢNG BỘ lần thứ XV, nhiệm kỳ 2020–2025: Ủy viên Ban Thường vụ; Nguyễn Ngọc Ưởng";
        let folded = fold(text);
        assert!(
            folded
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' '),
            "{folded}"
        );
        assert_eq!(
            folded,
            "dai hoi dang bo lan thu xv nhiem ky 2020 2025 uy vien ban thuong vu nguyen ngoc uong"
        );
    }

    #[test]
    fn fold_reads_the_eth_look_alike_as_d() {
        assert_eq!(fold("Ðảng"), "dang");
    }

    #[test]
    fn fold_keeps_non_latin_letters_lowercased_without_marks() {
        assert_eq!(fold("Ἀθῆναι"), "αθηναι");
        assert_eq!(fold("Москва́"), "москва");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    // exact_key

    #[test]
    fn old_and_new_tone_placement_give_the_same_exact_key() {
        assert_eq!(exact_key("Ủy ban"), exact_key("Uỷ ban"));
        assert_eq!(exact_key("Hoà Bình"), exact_key("Hòa Bình"));
        assert_eq!(exact_key(&nfd("Hoà Bình")), exact_key("Hòa Bình"));
    }

    #[test]
    fn exact_key_keeps_diacritics_apart() {
        assert_ne!(exact_key("Ủy ban"), exact_key("Uy ban"));
        assert_ne!(exact_key("Hoa Bình"), exact_key("Hòa Bình"));
    }

    #[test]
    fn exact_key_is_clean_lowercase_nfc_with_punctuation_kept() {
        let key = exact_key("  Đảng  ủy\u{00A0}Phường HOÀ-BÌNH, (2020) ");
        assert_eq!(key, "đảng ủy phường hòa-bình, (2020)");
        assert!(is_nfc(&key));
    }

    // normalize_tone_placement

    #[test]
    fn open_oa_takes_the_tone_on_the_first_vowel() {
        assert_eq!(normalize_tone_placement("hoà"), "hòa");
        assert_eq!(normalize_tone_placement("hòa"), "hòa");
    }

    #[test]
    fn open_oe_and_uy_take_the_tone_on_the_first_vowel() {
        assert_eq!(normalize_tone_placement("khoẻ"), "khỏe");
        assert_eq!(normalize_tone_placement("uỷ"), "ủy");
        assert_eq!(normalize_tone_placement("ủy"), "ủy");
        assert_eq!(normalize_tone_placement("Thuỷ"), "Thủy");
    }

    #[test]
    fn other_open_pairs_keep_the_tone_on_the_first_vowel() {
        assert_eq!(normalize_tone_placement("mía"), "mía");
        assert_eq!(normalize_tone_placement("tài"), "tài");
        assert_eq!(normalize_tone_placement("taì"), "tài");
        assert_eq!(normalize_tone_placement("cuả"), "của");
    }

    #[test]
    fn a_single_vowel_keeps_its_tone() {
        assert_eq!(normalize_tone_placement("Hà"), "Hà");
        assert_eq!(normalize_tone_placement("bộ"), "bộ");
        assert_eq!(normalize_tone_placement("Đảng"), "Đảng");
    }

    #[test]
    fn three_open_vowels_take_the_tone_on_the_middle_one() {
        assert_eq!(normalize_tone_placement("ngoài"), "ngoài");
        assert_eq!(normalize_tone_placement("ngòai"), "ngoài");
        assert_eq!(normalize_tone_placement("ngoaì"), "ngoài");
        assert_eq!(normalize_tone_placement("khuỷu"), "khuỷu");
        assert_eq!(normalize_tone_placement("khủyu"), "khuỷu");
        assert_eq!(normalize_tone_placement("xoáy"), "xoáy");
    }

    #[test]
    fn a_final_consonant_puts_the_tone_on_the_last_vowel() {
        assert_eq!(normalize_tone_placement("hoàng"), "hoàng");
        assert_eq!(normalize_tone_placement("hòang"), "hoàng");
        assert_eq!(normalize_tone_placement("toán"), "toán");
        assert_eq!(normalize_tone_placement("tóan"), "toán");
        assert_eq!(normalize_tone_placement("Huỳnh"), "Huỳnh");
        assert_eq!(normalize_tone_placement("Hùynh"), "Huỳnh");
    }

    #[test]
    fn a_vowel_with_circumflex_breve_or_horn_takes_the_tone() {
        assert_eq!(normalize_tone_placement("thuở"), "thuở");
        assert_eq!(normalize_tone_placement("thủơ"), "thuở");
        assert_eq!(normalize_tone_placement("người"), "người");
        assert_eq!(normalize_tone_placement("ngừơi"), "người");
        assert_eq!(normalize_tone_placement("tuổi"), "tuổi");
        assert_eq!(normalize_tone_placement("tủôi"), "tuổi");
        assert_eq!(normalize_tone_placement("xoắn"), "xoắn");
        assert_eq!(normalize_tone_placement("thuế"), "thuế");
        assert_eq!(normalize_tone_placement("cửa"), "cửa");
        assert_eq!(normalize_tone_placement("cưả"), "cửa");
    }

    #[test]
    fn the_u_of_a_leading_qu_is_a_consonant() {
        assert_eq!(normalize_tone_placement("quý"), "quý");
        assert_eq!(normalize_tone_placement("qúy"), "quý");
        assert_eq!(normalize_tone_placement("Quỳnh"), "Quỳnh");
        assert_eq!(normalize_tone_placement("quốc"), "quốc");
        assert_eq!(normalize_tone_placement("QUẢ"), "QUẢ");
    }

    #[test]
    fn the_i_of_a_leading_gi_is_a_consonant_only_before_another_vowel() {
        assert_eq!(normalize_tone_placement("già"), "già");
        assert_eq!(normalize_tone_placement("gìa"), "già");
        assert_eq!(normalize_tone_placement("gì"), "gì");
        assert_eq!(normalize_tone_placement("gìn"), "gìn");
        assert_eq!(normalize_tone_placement("giữ"), "giữ");
        assert_eq!(normalize_tone_placement("giường"), "giường");
    }

    #[test]
    fn circumflex_breve_and_horn_never_move() {
        assert_eq!(normalize_tone_placement("Lê Văn Ưng"), "Lê Văn Ưng");
        assert_eq!(normalize_tone_placement("nhiệm kỳ"), "nhiệm kỳ");
        assert_eq!(normalize_tone_placement("ợ"), "ợ");
    }

    #[test]
    fn syllables_without_a_tone_mark_are_unchanged() {
        assert_eq!(normalize_tone_placement("hoa"), "hoa");
        assert_eq!(normalize_tone_placement("Uy ban"), "Uy ban");
        assert_eq!(normalize_tone_placement("phương"), "phương");
    }

    #[test]
    fn syllables_with_two_tone_marks_are_unchanged() {
        assert_eq!(normalize_tone_placement("hòá"), "hòá");
        assert_eq!(normalize_tone_placement(&nfd("hòá")), "hòá");
    }

    #[test]
    fn nfd_input_gives_the_same_result_as_nfc_input() {
        for word in ["hoà", "hòa", "Thuỷ", "người", "khuỷu", "Nguyễn Thị Ngọc Hoà", "Đảng ủy"] {
            assert_eq!(
                normalize_tone_placement(&nfd(word)),
                normalize_tone_placement(word),
                "{word}"
            );
        }
    }

    #[test]
    fn a_tone_typed_before_the_circumflex_is_put_after_it() {
        assert_eq!(normalize_tone_placement("e\u{301}\u{302}"), "ế");
        assert_eq!(normalize_tone_placement("Nguye\u{303}\u{302}n"), "Nguyễn");
    }

    #[test]
    fn case_is_kept() {
        assert_eq!(normalize_tone_placement("HOÀ"), "HÒA");
        assert_eq!(normalize_tone_placement("ThUỶ"), "ThỦY");
        assert_eq!(normalize_tone_placement("ĐẢNG ỦY"), "ĐẢNG ỦY");
    }

    #[test]
    fn words_already_in_place_and_everything_else_are_kept() {
        assert_eq!(normalize_tone_placement("Đảng ủy"), "Đảng ủy");
        assert_eq!(
            normalize_tone_placement("Đảng ủy, phường Hoà-Bình (2020)!\n"),
            "Đảng ủy, phường Hòa-Bình (2020)!\n"
        );
        assert_eq!(normalize_tone_placement(""), "");
    }

    #[test]
    fn output_is_nfc() {
        let out = normalize_tone_placement(&nfd("Đại hội Đảng bộ tỉnh Khánh Hoà"));
        assert!(is_nfc(&out));
        assert_eq!(out, "Đại hội Đảng bộ tỉnh Khánh Hòa");
    }

    #[test]
    fn syllables_that_are_not_vietnamese_are_left_alone() {
        // vowels split by a consonant
        assert_eq!(normalize_tone_placement("café"), "café");
        // the tone-like tilde sits on a consonant
        assert_eq!(normalize_tone_placement("ñu"), "ñu");
        // a mark Vietnamese does not use
        assert_eq!(normalize_tone_placement("naïve"), "naïve");
        assert_eq!(normalize_tone_placement("ǘa"), "ǘa");
        // a letter outside the Latin alphabet
        assert_eq!(normalize_tone_placement("hoàж"), "hoàж");
    }

    // word_start_suffixes

    #[test]
    fn word_start_suffixes_lists_every_word_start_longest_first() {
        assert_eq!(
            word_start_suffixes("dang bo phuong cu khoi"),
            vec![
                "dang bo phuong cu khoi",
                "bo phuong cu khoi",
                "phuong cu khoi",
                "cu khoi",
                "khoi"
            ]
        );
    }

    #[test]
    fn word_start_suffixes_of_empty_or_blank_input_is_empty() {
        assert!(word_start_suffixes("").is_empty());
        assert!(word_start_suffixes("   ").is_empty());
    }

    #[test]
    fn word_start_suffixes_has_no_duplicates_even_with_repeated_words() {
        assert_eq!(word_start_suffixes("an an"), vec!["an an", "an"]);
        assert_eq!(word_start_suffixes("khoi"), vec!["khoi"]);
    }

    // prefix_upper_bound

    #[test]
    fn prefix_range_contains_the_terms_starting_with_the_prefix() {
        let bound = prefix_upper_bound("cu");
        for term in ["cu", "cu khoi", "cuz", "cu\u{FFFF}", "cu\u{10FFFE}"] {
            assert!("cu" <= term && term < bound.as_str(), "{term:?}");
        }
        assert!(prefix_upper_bound("cu").as_str() > "cu khoi");
    }

    #[test]
    fn prefix_range_excludes_terms_with_another_start() {
        let bound = prefix_upper_bound("cu");
        for term in ["cv", "d", "c", "ct", "cú"] {
            assert!(!("cu" <= term && term < bound.as_str()), "{term:?}");
        }
    }

    #[test]
    fn prefix_upper_bound_of_the_empty_prefix_is_above_ordinary_text() {
        assert_eq!(prefix_upper_bound(""), "\u{10FFFF}");
        assert!("đảng" < prefix_upper_bound("").as_str());
    }

    // PersonName

    #[test]
    fn parse_removes_dong_chi_and_remembers_it() {
        let name = PersonName::parse("đồng chí Ngô Văn An");
        assert_eq!(name.as_ref().map(PersonName::as_str), Ok("Ngô Văn An"));
        assert_eq!(name.as_ref().map(PersonName::removed_honorific), Ok(Some("đồng chí")));
    }

    #[test]
    fn parse_removes_the_abbreviated_honorific() {
        let name = PersonName::parse("Đ/c Nguyễn Huy Hoàng");
        assert_eq!(name.as_ref().map(PersonName::as_str), Ok("Nguyễn Huy Hoàng"));
        assert_eq!(name.as_ref().map(PersonName::removed_honorific), Ok(Some("Đ/c")));
    }

    #[test]
    fn parse_removes_honorifics_in_any_case_and_normal_form() {
        for text in [
            "ĐỒNG CHÍ Lê Thị Bình",
            "Đồng chí: Lê Thị Bình",
            "đ/c. Lê Thị Bình",
            "Đ/C:Lê Thị Bình",
            "ĐC Lê Thị Bình",
            "đc. Lê Thị Bình",
            "Comrade Lê Thị Bình",
            "comrade: Lê Thị Bình",
            "\u{00A0}Đồng\u{00A0}chí\tLê  Thị Bình ",
        ] {
            let name = PersonName::parse(text);
            assert_eq!(name.as_ref().map(PersonName::as_str), Ok("Lê Thị Bình"), "{text:?}");
            let nfd_name = PersonName::parse(&nfd(text));
            assert_eq!(nfd_name.as_ref().map(PersonName::as_str), Ok("Lê Thị Bình"), "{text:?}");
        }
    }

    #[test]
    fn parse_removes_honorifics_repeatedly() {
        let name = PersonName::parse("Đồng chí đ/c Trần Văn Bảy");
        assert_eq!(name.as_ref().map(PersonName::as_str), Ok("Trần Văn Bảy"));
        assert_eq!(
            name.as_ref().map(PersonName::removed_honorific),
            Ok(Some("Đồng chí đ/c"))
        );
    }

    #[test]
    fn parse_keeps_names_that_only_start_like_an_honorific() {
        let glued = PersonName::parse("Đcao Văn A");
        assert_eq!(glued.as_ref().map(PersonName::as_str), Ok("Đcao Văn A"));
        assert_eq!(glued.as_ref().map(PersonName::removed_honorific), Ok(None));
        let longer = PersonName::parse("Comradeson Smith");
        assert_eq!(longer.as_ref().map(PersonName::as_str), Ok("Comradeson Smith"));
    }

    #[test]
    fn parse_cleans_the_name_without_moving_tone_marks() {
        let name = PersonName::parse(&nfd("  Nguyễn   Thị Hoà "));
        assert_eq!(name.as_ref().map(PersonName::as_str), Ok("Nguyễn Thị Hoà"));
        assert_eq!(name.as_ref().map(PersonName::removed_honorific), Ok(None));
    }

    #[test]
    fn parse_of_only_an_honorific_is_empty() {
        assert_eq!(PersonName::parse("đ/c"), Err(PersonNameError::Empty));
        assert_eq!(PersonName::parse("Đồng chí: "), Err(PersonNameError::Empty));
        assert_eq!(PersonName::parse(""), Err(PersonNameError::Empty));
        assert_eq!(PersonName::parse(" \n "), Err(PersonNameError::Empty));
    }

    #[test]
    fn parse_rejects_names_over_200_characters() {
        let at_limit = "ệ".repeat(200);
        assert!(PersonName::parse(&at_limit).is_ok());
        assert_eq!(
            PersonName::parse(&format!("đồng chí {at_limit}")).map(|n| n.as_str().chars().count()),
            Ok(200)
        );
        assert_eq!(PersonName::parse(&"ệ".repeat(201)), Err(PersonNameError::TooLong));
    }

    #[test]
    fn parse_rejects_digits_control_characters_and_text_without_letters() {
        assert_eq!(PersonName::parse("Nguyễn Văn 3"), Err(PersonNameError::NotAName));
        assert_eq!(PersonName::parse("Nguyễn\u{0007}Văn"), Err(PersonNameError::NotAName));
        assert_eq!(PersonName::parse("Nguyễn \u{202E}nầV"), Err(PersonNameError::NotAName));
        assert_eq!(PersonName::parse("-- / --"), Err(PersonNameError::NotAName));
    }

    #[test]
    fn person_name_errors_read_as_plain_english() {
        assert_eq!(
            PersonNameError::Empty.to_string(),
            "the name is empty once honorifics such as \"đồng chí\" are removed"
        );
        assert_eq!(
            PersonNameError::TooLong.to_string(),
            "the name is longer than 200 characters"
        );
        assert_eq!(
            PersonNameError::NotAName.to_string(),
            "the name must contain a letter and no digits or control characters"
        );
        let as_error: &dyn std::error::Error = &PersonNameError::Empty;
        assert!(as_error.source().is_none());
    }
}
