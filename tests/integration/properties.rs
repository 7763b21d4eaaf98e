//! Property-based tests of every parser the API exposes: Roman ordinals, document symbols, the
//! text keys behind search (folding, tone placement, word-start suffixes, person names), the
//! `Date` and `Decimal` scalars, global IDs, and the CSV export's query parameters over HTTP.
//! Arbitrary input never panics, and generated valid input always survives a round trip.
//!
//! Failing cases are shrunk and printed but not saved to a regressions file.

use crate::common::TestApp;
use api::domain::roman::{parse_roman, to_roman};
use api::domain::text::{PersonName, clean, exact_key, fold, normalize_tone_placement, word_start_suffixes};
use api::graphql::ids::{NodeType, decode, encode};
use api::graphql::scalars::{Date, DecimalValue};
use api::vocabulary::symbol::DocumentSymbol;
use async_graphql::{Number, ScalarType, Value as GqlValue};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::NaiveDate;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestRunner;
use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;

/// Pure properties are cheap: many cases, and nothing written next to the sources on failure.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn nfc(text: &str) -> String {
    text.nfc().collect()
}

fn nfd(text: &str) -> String {
    text.nfd().collect()
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// Any text: short arbitrary strings, long ones, and runs of combining marks and odd code points.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        1 => vec(any::<char>(), 0..5_000).prop_map(|chars| chars.into_iter().collect()),
        1 => "[a-zA-Z\u{300}-\u{36f}\u{1ea0}-\u{1ef9}đĐðÐİ /.:\\-\u{a0}\u{200b}\u{202e}\u{0}]{0,40}",
        1 => vietnamese_text(),
    ]
}

const LETTERS: &[char] = &[
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ', 'p', 'q', 'r', 's',
    't', 'u', 'ư', 'v', 'x', 'y',
];

/// The five tone marks (grave, acute, tilde, hook above, dot below), or none.
const TONES: &[Option<char>] = &[
    None,
    Some('\u{300}'),
    Some('\u{301}'),
    Some('\u{303}'),
    Some('\u{309}'),
    Some('\u{323}'),
];

const SEPARATORS: &[&str] = &[
    " ", " ", " ", "  ", "\t", ", ", "-", " (", ") ", "\u{a0}", ". ", "\n", ": ",
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y')
}

/// One letter of the Vietnamese alphabet in either case, a vowel perhaps with a tone mark (the
/// mark written as a combining character, so the result is neither NFC nor NFD yet).
fn vietnamese_letter() -> impl Strategy<Value = String> {
    (select(LETTERS), select(TONES), any::<bool>()).prop_map(|(letter, tone, upper)| {
        let mut out = String::new();
        if upper {
            out.extend(letter.to_uppercase());
        } else {
            out.push(letter);
        }
        if let Some(tone) = tone.filter(|_| is_vowel(letter)) {
            out.push(tone);
        }
        out
    })
}

fn vietnamese_word() -> impl Strategy<Value = String> {
    prop_oneof![
        9 => vec(vietnamese_letter(), 1..7).prop_map(|letters| letters.concat()),
        1 => "[0-9]{1,4}",
    ]
}

/// Words of the Vietnamese alphabet (and some numbers) joined by spaces and punctuation.
fn vietnamese_text() -> impl Strategy<Value = String> {
    (select(SEPARATORS), vec((vietnamese_word(), select(SEPARATORS)), 0..8)).prop_map(|(lead, words)| {
        let mut out = lead.to_owned();
        for (word, separator) in words {
            out.push_str(&word);
            out.push_str(separator);
        }
        out
    })
}

/// Vietnamese text in NFC or in NFD.
fn vietnamese_text_in_either_form() -> impl Strategy<Value = String> {
    (vietnamese_text(), any::<bool>()).prop_map(|(text, composed)| if composed { nfc(&text) } else { nfd(&text) })
}

/// A name: letter-only Vietnamese words separated by single spaces.
fn vietnamese_name() -> impl Strategy<Value = String> {
    vec(
        vec(vietnamese_letter(), 1..7).prop_map(|letters| letters.concat()),
        1..5,
    )
    .prop_map(|words| words.join(" "))
}

/// Initials that do not change the nucleus ("qu" and "gi" would).
const INITIALS: &[&str] = &[
    "", "h", "th", "kh", "l", "t", "x", "ch", "tr", "ng", "nh", "s", "d", "đ", "b", "m", "n", "v", "ph",
];

/// An open syllable with nucleus "oa", "oe" or "uy" and a tone mark: (the new placement, tone on
/// the second vowel as in "hoà"; the traditional one the records use, as in "hòa"; the bare
/// syllable without its tone), the first two in NFC.
fn open_syllable() -> impl Strategy<Value = (String, String, String)> {
    (
        select(INITIALS),
        select(&["oa", "oe", "uy"][..]),
        select(&TONES[1..]),
        0..3_u8,
    )
        .prop_map(|(initial, nucleus, tone, case)| {
            let tone = tone.unwrap_or('\u{300}');
            let base = format!("{initial}{nucleus}");
            let base = match case {
                0 => base,
                1 => {
                    let mut chars = base.chars();
                    chars
                        .next()
                        .map(|first| first.to_uppercase().chain(chars).collect())
                        .unwrap_or_default()
                }
                _ => base.to_uppercase(),
            };
            let letters: Vec<char> = base.chars().collect();
            let split = letters.len() - 1;
            let head: String = letters[..split].iter().collect();
            let last = letters[split];
            let new_placement = nfc(&format!("{head}{last}{tone}"));
            let traditional = nfc(&format!("{head}{tone}{last}"));
            (new_placement, traditional, base)
        })
}

// ---------------------------------------------------------------------------------------------
// Roman numerals
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn every_ordinal_from_1_to_3999_reads_back_from_its_numeral(n in 1_i64..=3999, lower in any::<bool>()) {
        let numeral = to_roman(n).expect("a numeral");
        let written = if lower { format!("  {} \n", numeral.to_lowercase()) } else { numeral.clone() };
        prop_assert_eq!(parse_roman(&written), Some(u32::try_from(n).expect("in range")));
    }

    #[test]
    fn only_1_to_3999_have_a_numeral(n in any::<i64>()) {
        prop_assert_eq!(to_roman(n).is_some(), (1..=3999).contains(&n));
    }

    #[test]
    fn a_numeral_that_parses_is_the_canonical_spelling_of_its_value(
        text in prop_oneof![any_text(), "[ \tIVXLCDMivxlcdm]{0,18}", "[IVXLCDM]{1,4}"],
    ) {
        if let Some(n) = parse_roman(&text) {
            prop_assert_eq!(to_roman(i64::from(n)), Some(text.trim().to_uppercase()));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Document symbols
// ---------------------------------------------------------------------------------------------

const KNOWN_TYPES: [&str; 16] = [
    "NQ", "KL", "QĐ", "QĐi", "CT", "CTr", "KH", "HD", "TB", "BC", "QC", "TTr", "CV", "ĐA", "BB", "TT",
];

fn spaces() -> impl Strategy<Value = &'static str> {
    select(&["", "", "", " ", "  ", "\u{a0}", "\t"][..])
}

/// A known type in a random case, or up to six random code letters.
fn type_code() -> impl Strategy<Value = String> {
    prop_oneof![
        (select(&KNOWN_TYPES[..]), vec(any::<bool>(), 3)).prop_map(|(code, upper)| {
            code.chars()
                .zip(upper.into_iter().cycle())
                .flat_map(|(c, up)| {
                    if up {
                        c.to_uppercase().collect::<Vec<_>>()
                    } else {
                        c.to_lowercase().collect()
                    }
                })
                .collect()
        }),
        "[A-Za-zĐđ]{1,6}",
    ]
}

/// An issuer: one group of up to ten code letters, or two groups joined by a (spaced) hyphen.
fn issuer() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        "[A-Za-zĐđ]{1,10}".prop_map(|group| (group.clone(), group.to_uppercase())),
        ("[A-Za-zĐđ]{1,5}", spaces(), spaces(), "[A-Za-zĐđ]{1,5}")
            .prop_map(|(a, s1, s2, b)| { (format!("{a}{s1}-{s2}{b}"), format!("{a}-{b}").to_uppercase()) }),
    ]
}

fn symbol_number() -> impl Strategy<Value = String> {
    "[0-9]{1,6}".prop_filter("the number is at least 1", |digits| digits.bytes().any(|b| b != b'0'))
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn parsing_any_text_as_a_symbol_never_panics(
        text in prop_oneof![any_text(), "[0-9 \\-/A-Za-zĐđỈ\u{a0}]{0,30}"],
    ) {
        if let Ok(symbol) = DocumentSymbol::parse(&text) {
            let again = DocumentSymbol::parse(&symbol.canonical());
            prop_assert_eq!(again.map(|s| s.canonical()), Ok(symbol.canonical()));
            prop_assert!(symbol.number() >= 1);
        }
    }

    #[test]
    fn a_well_formed_symbol_parses_and_its_canonical_form_is_stable(
        lead in spaces(),
        digits in symbol_number(),
        s1 in spaces(),
        s2 in spaces(),
        code in type_code(),
        s3 in spaces(),
        s4 in spaces(),
        (issuer, issuer_upper) in issuer(),
        trail in spaces(),
    ) {
        let written = format!("{lead}{digits}{s1}-{s2}{code}{s3}/{s4}{issuer}{trail}");
        let symbol = DocumentSymbol::parse(&written);
        prop_assert!(symbol.is_ok(), "{:?} -> {:?}", written, symbol);
        let symbol = symbol.expect("checked");
        prop_assert_eq!(symbol.number(), digits.parse::<u32>().expect("digits"));
        prop_assert_eq!(symbol.issuer_code(), issuer_upper.as_str());
        let known = KNOWN_TYPES.iter().find(|known| known.to_lowercase() == code.to_lowercase());
        prop_assert_eq!(symbol.is_known_type(), known.is_some());
        prop_assert_eq!(symbol.type_code(), known.copied().unwrap_or(code.as_str()));
        let canonical = symbol.canonical();
        prop_assert_eq!(&canonical, &format!("{}-{}/{}", symbol.number(), symbol.type_code(), issuer_upper));
        let again = DocumentSymbol::parse(&canonical).expect("the canonical form parses");
        prop_assert_eq!(again.canonical(), canonical);
    }
}

// ---------------------------------------------------------------------------------------------
// Text keys and names
// ---------------------------------------------------------------------------------------------

fn is_search_key(folded: &str) -> bool {
    folded
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' ')
        && !folded.starts_with(' ')
        && !folded.ends_with(' ')
        && !folded.contains("  ")
}

/// Whether a name still starts with "đồng chí" or "đ/c" as an honorific (followed by a space, the
/// end, or its own dot or colon).
fn starts_with_honorific(name: &str) -> bool {
    let lower = nfc(&name.to_lowercase());
    ["đồng chí", "đ/c"].iter().any(|honorific| {
        lower.strip_prefix(honorific).is_some_and(|after| {
            after.is_empty() || after.starts_with(' ') || after.starts_with('.') || after.starts_with(':')
        })
    })
}

fn honorific() -> impl Strategy<Value = String> {
    (
        select(
            &[
                "đồng chí",
                "Đồng chí",
                "ĐỒNG CHÍ",
                "Đồng Chí",
                "đ/c",
                "Đ/c",
                "Đ/C",
                "đ/C",
            ][..],
        ),
        select(&["", ".", ":"][..]),
        select(&[" ", "  ", "\u{a0}", "\t", ""][..]),
    )
        .prop_map(|(word, mark, space)| {
            // Without a space only the honorific's own dot or colon ends it.
            let space = if space.is_empty() && mark.is_empty() {
                " "
            } else {
                space
            };
            format!("{word}{mark}{space}")
        })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_text_functions_never_panic_on_any_text(text in any_text()) {
        let _ = clean(&text);
        let _ = exact_key(&text);
        let _ = normalize_tone_placement(&text);
        let _ = word_start_suffixes(&text);
        let folded = fold(&text);
        let _ = word_start_suffixes(&folded);
        if let Ok(name) = PersonName::parse(&text) {
            prop_assert!(!starts_with_honorific(name.as_str()), "{:?} -> {:?}", text, name.as_str());
            prop_assert!(!name.as_str().is_empty());
        }
    }

    #[test]
    fn folding_twice_changes_nothing(text in any_text()) {
        let once = fold(&text);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn vietnamese_text_folds_to_plain_lowercase_ascii_words(text in vietnamese_text_in_either_form()) {
        let folded = fold(&text);
        prop_assert!(is_search_key(&folded), "{:?} -> {:?}", text, folded);
        prop_assert_eq!(fold(&folded), folded.clone());
    }

    #[test]
    fn folding_ignores_unicode_normalization(text in prop_oneof![3 => vietnamese_text(), 1 => any_text()]) {
        prop_assert_eq!(fold(&nfc(&text)), fold(&nfd(&text)));
    }

    #[test]
    fn folding_reads_the_stroked_d_as_d(text in prop_oneof![3 => vietnamese_text_in_either_form(), 1 => any_text()]) {
        let plain = text.replace('đ', "d").replace('Đ', "D");
        prop_assert_eq!(fold(&text), fold(&plain));
    }

    #[test]
    fn old_and_new_tone_placement_of_open_syllables_share_one_exact_key(
        (new_placement, traditional, bare) in open_syllable(),
        before in vietnamese_text(),
        after in vietnamese_text(),
    ) {
        prop_assert_eq!(exact_key(&new_placement), exact_key(&traditional));
        prop_assert_eq!(exact_key(&nfd(&new_placement)), exact_key(&traditional));
        prop_assert_eq!(normalize_tone_placement(&new_placement), traditional.clone());
        prop_assert_eq!(normalize_tone_placement(&traditional), traditional.clone());
        // The tone mark still counts: "Hoa" is not "Hòa".
        prop_assert_ne!(exact_key(&bare), exact_key(&traditional));
        let in_context = |syllable: &str| exact_key(&format!("{before} {syllable} {after}"));
        prop_assert_eq!(in_context(&new_placement), in_context(&traditional));
        prop_assert_eq!(in_context(&nfd(&new_placement)), in_context(&traditional));
    }

    #[test]
    fn word_start_suffixes_are_one_suffix_per_word_of_the_folded_text(
        text in prop_oneof![vietnamese_text_in_either_form(), any_text()],
    ) {
        let folded = fold(&text);
        let suffixes = word_start_suffixes(&folded);
        prop_assert_eq!(suffixes.len(), folded.split_whitespace().count(), "{:?}", folded);
        for suffix in &suffixes {
            prop_assert!(!suffix.is_empty());
            prop_assert!(folded.ends_with(suffix.as_str()), "{:?} is not a suffix of {:?}", suffix, folded);
            let start = folded.len() - suffix.len();
            prop_assert!(start == 0 || folded[..start].ends_with(' '), "{:?} starts mid-word", suffix);
        }
    }

    #[test]
    fn a_name_written_after_honorifics_is_stored_without_them(
        honorifics in vec(honorific(), 1..4),
        name in vietnamese_name(),
        decomposed in any::<bool>(),
    ) {
        let written = format!("{}{name}", honorifics.concat());
        let written = if decomposed { nfd(&written) } else { written };
        let parsed = PersonName::parse(&written);
        prop_assert!(parsed.is_ok(), "{:?} -> {:?}", written, parsed);
        let parsed = parsed.expect("checked");
        prop_assert!(!starts_with_honorific(parsed.as_str()), "{:?} -> {:?}", written, parsed.as_str());
        prop_assert!(clean(&name).ends_with(parsed.as_str()), "{:?} -> {:?}", written, parsed.as_str());
        prop_assert!(parsed.removed_honorific().is_some());
    }
}

#[test]
fn the_usual_pairs_of_old_and_new_tone_placement_share_one_exact_key() {
    for (new_placement, traditional) in [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("Hoà Bình", "Hòa Bình"),
    ] {
        assert_eq!(exact_key(new_placement), exact_key(traditional), "{new_placement}");
        assert_eq!(
            exact_key(&nfd(new_placement)),
            exact_key(traditional),
            "{new_placement}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// GraphQL scalars
// ---------------------------------------------------------------------------------------------

fn any_number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<u64>().prop_map(Number::from),
        any::<f64>().prop_filter_map("finite", Number::from_f64),
    ]
}

fn decimal_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any_text(),
        "[ +\\-]{0,2}[0-9]{0,40}(\\.[0-9]{0,40})?([eE][+\\-]?[0-9]{1,12})?[ ]{0,2}",
        select(
            &[
                "NaN", "inf", "-0", "1e", "e5", ".", "-.5", "1_000", "1,5", "0x10", "٣", "1e-28", "1e29"
            ][..]
        )
        .prop_map(str::to_owned),
    ]
}

/// A decimal of an `i64` mantissa (up to 19 digits) and 0..=6 places.
fn exact_decimal() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0_u32..=6).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale))
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn the_date_scalar_never_panics_on_any_string_or_number(text in any_text(), number in any_number()) {
        let _ = <Date as ScalarType>::parse(GqlValue::String(text));
        prop_assert!(<Date as ScalarType>::parse(GqlValue::Number(number)).is_err());
    }

    #[test]
    fn every_calendar_date_round_trips_through_the_date_scalar(day in 1_i32..=3_652_059, padded in any::<bool>()) {
        let date = NaiveDate::from_num_days_from_ce_opt(day).expect("a date in years 1..=9999");
        let text = date.format("%Y-%m-%d").to_string();
        let written = if padded { format!(" {text}\t") } else { text.clone() };
        let parsed = <Date as ScalarType>::parse(GqlValue::String(written));
        prop_assert_eq!(parsed.as_ref().ok().map(|d| d.0), Some(date));
        prop_assert_eq!(parsed.expect("checked").to_value(), GqlValue::String(text));
    }

    #[test]
    fn the_decimal_scalar_never_panics_on_any_string_or_number(text in decimal_like(), number in any_number()) {
        for value in [GqlValue::String(text), GqlValue::Number(number)] {
            if let Ok(parsed) = <DecimalValue as ScalarType>::parse(value) {
                let GqlValue::String(printed) = parsed.to_value() else {
                    return Err(TestCaseError::fail("a decimal prints as a string"));
                };
                prop_assert!(is_canonical_decimal(&printed), "{:?}", printed);
            }
        }
    }

    #[test]
    fn a_decimal_string_parses_to_exactly_its_value_and_prints_canonically(value in exact_decimal(), padded in any::<bool>()) {
        let text = value.to_string();
        let written = if padded { format!("  {text} ") } else { text };
        let parsed = <DecimalValue as ScalarType>::parse(GqlValue::String(written)).expect("a decimal");
        prop_assert_eq!(parsed.0, value);
        let printed = parsed.to_value();
        prop_assert_eq!(&printed, &GqlValue::String(value.normalize().to_string()));
        let GqlValue::String(printed) = printed else { unreachable!() };
        prop_assert!(is_canonical_decimal(&printed), "{:?}", printed);
    }

    #[test]
    fn a_json_number_parses_to_the_decimal_it_spells_not_to_float_noise(
        mantissa in -999_999_999_999_999_i64..=999_999_999_999_999,
        scale in 0_u32..=6,
    ) {
        let value = Decimal::new(mantissa, scale);
        // What a client's JSON body carries: the shortest text of the nearest double.
        let json: serde_json::Value = serde_json::from_str(&value.to_string()).expect("JSON number");
        let number = match json {
            serde_json::Value::Number(number) => number,
            other => return Err(TestCaseError::fail(format!("not a number: {other}"))),
        };
        let parsed = <DecimalValue as ScalarType>::parse(GqlValue::Number(number)).expect("a decimal");
        prop_assert_eq!(parsed.0, value);
        prop_assert_eq!(parsed.to_value(), GqlValue::String(value.normalize().to_string()));
    }
}

/// "-12.5", "7", "0": no trailing zeros after the point, no "-0", no exponent.
fn is_canonical_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    text != "-0"
        && !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && (whole == "0" || !whole.starts_with('0'))
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !fraction.ends_with('0')
        && fraction.is_empty() != digits.contains('.')
}

#[test]
fn json_numbers_with_a_fraction_stay_exact() {
    for (json, expected) in [
        ("138.8", "138.8"),
        ("0.1", "0.1"),
        ("116.67", "116.67"),
        ("1e-7", "0.0000001"),
    ] {
        let value: async_graphql::Value = serde_json::from_str(json).expect("JSON");
        let parsed = <DecimalValue as ScalarType>::parse(value).expect("a decimal");
        assert_eq!(parsed.to_value(), GqlValue::String(expected.to_owned()), "{json}");
    }
}

// ---------------------------------------------------------------------------------------------
// Global IDs
// ---------------------------------------------------------------------------------------------

const NODE_TYPES: [NodeType; 17] = [
    NodeType::Organization,
    NodeType::Placement,
    NodeType::Lineage,
    NodeType::OrganizationStats,
    NodeType::Congress,
    NodeType::Committee,
    NodeType::Membership,
    NodeType::Person,
    NodeType::Document,
    NodeType::Resolution,
    NodeType::Target,
    NodeType::TargetResult,
    NodeType::Review,
    NodeType::Rating,
    NodeType::Source,
    NodeType::DataQualityIssue,
    NodeType::AuditEvent,
];

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn every_id_decodes_to_the_type_and_key_it_was_made_from(
        node_type in select(&NODE_TYPES[..]),
        key in prop_oneof![1_i64..1_000, 1_i64..=i64::MAX],
    ) {
        let id = encode(node_type, key);
        prop_assert_eq!(decode(&id), Some((node_type, key)));
        prop_assert_eq!(decode(&format!(" {} ", id.as_str())), Some((node_type, key)));
    }

    #[test]
    fn decoding_any_text_as_an_id_never_panics(
        text in prop_oneof![any_text(), "[A-Za-z0-9_\\-=+/]{0,40}"],
    ) {
        if let Some((_, key)) = decode(&text) {
            prop_assert!(key > 0);
        }
    }
}

#[test]
fn ids_of_different_types_or_keys_never_collide() {
    let mut seen = std::collections::HashSet::new();
    for node_type in NODE_TYPES {
        for key in [1, 2, 10, 99, i64::MAX] {
            assert!(seen.insert(encode(node_type, key).0), "{node_type:?} {key}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The CSV export's parameters, over HTTP
// ---------------------------------------------------------------------------------------------

/// Percent-encodes every byte but the unreserved characters of RFC 3986.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A query parameter as a client might send it, or none: arbitrary text, numbers of any size, and
/// (for a good share of cases) a value the export reads.
fn query_parameter(readable: impl Strategy<Value = String>) -> impl Strategy<Value = Option<String>> {
    proptest::option::weighted(
        0.8,
        prop_oneof![
            3 => readable,
            2 => any_text(),
            1 => any::<i64>().prop_map(|n| n.to_string()),
            1 => select(&[i32::MIN, i32::MAX, -1, 0, 1, 1929, 2201, 9999][..]).prop_map(|n| n.to_string()),
            1 => select(&["", " ", "TRUE", "yes", "+2022", "2022.0", "2e3", "1\u{0}"][..]).prop_map(str::to_owned),
            1 => "[ +\\-0-9]{0,12}",
        ],
    )
}

fn term_year() -> impl Strategy<Value = Option<String>> {
    query_parameter((1930..=2200_i32, spaces()).prop_map(|(year, pad)| format!("{pad}{year}{pad}")))
}

fn include_descendants() -> impl Strategy<Value = Option<String>> {
    query_parameter(
        (select(&["true", "false", "0", "1"][..]), spaces()).prop_map(|(flag, pad)| format!("{pad}{flag}{pad}")),
    )
}

/// The status the export must answer: the file for a year and a flag it can read, 400 for text it
/// cannot. A readable year outside the range of recorded terms may go either way.
fn expected_statuses(term_year: Option<&str>, include_descendants: Option<&str>) -> &'static [StatusCode] {
    let year = term_year
        .map(str::trim)
        .filter(|year| !year.is_empty())
        .map(str::parse::<i32>);
    let descendants_ok =
        include_descendants.is_none_or(|flag| matches!(flag.trim(), "" | "true" | "false" | "0" | "1"));
    match year {
        Some(Err(_)) => &[StatusCode::BAD_REQUEST],
        _ if !descendants_ok => &[StatusCode::BAD_REQUEST],
        Some(Ok(year)) if !(1930..=2200).contains(&year) => &[StatusCode::OK, StatusCode::BAD_REQUEST],
        _ => &[StatusCode::OK],
    }
}

#[test]
fn the_csv_export_answers_any_term_year_and_flag_with_the_file_or_a_400() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (app, organization_id) = runtime.block_on(async {
        let app = TestApp::spawn().await;
        let id = app.organization_id("Cự Khối").await;
        (app, id)
    });
    let answered = std::cell::RefCell::new(std::collections::BTreeSet::new());
    let mut runner = TestRunner::new(config(64));
    let outcome = runner.run(
        &(term_year(), include_descendants()),
        |(term_year, include_descendants)| {
            let mut uri = format!(
                "/reports/term-indicators.csv?organizationId={}",
                percent_encode(&organization_id)
            );
            if let Some(year) = &term_year {
                uri.push_str(&format!("&termYear={}", percent_encode(year)));
            }
            if let Some(flag) = &include_descendants {
                uri.push_str(&format!("&includeDescendants={}", percent_encode(flag)));
            }
            let request = Request::get(uri.as_str()).body(Body::empty()).expect("request");
            let (status, headers, body) = runtime.block_on(app.send(request));
            let body_text = String::from_utf8_lossy(&body);
            prop_assert!(
                status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
                "GET {} answered {}: {}",
                uri,
                status,
                body_text
            );
            let expected = expected_statuses(term_year.as_deref(), include_descendants.as_deref());
            prop_assert!(
                expected.contains(&status),
                "GET {} answered {}: {}",
                uri,
                status,
                body_text
            );
            answered.borrow_mut().insert(status.as_u16());
            if status == StatusCode::OK {
                prop_assert!(
                    headers["content-type"]
                        .to_str()
                        .is_ok_and(|t| t.starts_with("text/csv")),
                    "{:?}",
                    headers
                );
                prop_assert!(body.starts_with(b"\xEF\xBB\xBForganization_id,"), "{}", body_text);
            }
            Ok(())
        },
    );
    if let Err(error) = outcome {
        panic!("{error}");
    }
    // The generated parameters reach both the file and the refusal.
    assert_eq!(answered.into_inner().into_iter().collect::<Vec<_>>(), [200, 400]);
}
