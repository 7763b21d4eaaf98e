//! Roman numerals as used for congress ordinals ("Đại hội XIII"): rendering 1..=3999 and parsing
//! only the canonical spelling, so that every number has exactly one accepted written form.

/// Value/symbol pairs from largest to smallest, including the six subtractive pairs; the greedy
/// walk over this table yields the canonical form.
const TABLE: [(u32, &str); 13] = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
];

/// The longest canonical numeral is "MMMDCCCLXXXVIII" (3888); anything longer is rejected before
/// any arithmetic, which also rules out overflow on hostile input.
const MAX_LEN: usize = 15;

/// 1..=3999 in canonical Roman numerals ("XXIII"); None outside that range.
pub fn to_roman(n: i64) -> Option<String> {
    let mut rest = u32::try_from(n).ok().filter(|v| (1..=3999).contains(v))?;
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while rest >= value {
            out.push_str(symbol);
            rest -= value;
        }
    }
    Some(out)
}

/// Canonical Roman numerals only (case-insensitive, surrounding whitespace ignored): "XXIII" -> 23; "IIII", "VX", "" -> None.
pub fn parse_roman(s: &str) -> Option<u32> {
    let upper = s.trim().to_ascii_uppercase();
    if upper.is_empty() || upper.len() > MAX_LEN {
        return None;
    }
    // Read the value with the usual subtractive rule, which accepts sloppy forms such as "IIII" or
    // "VX"; re-rendering and comparing then keeps only the canonical spelling.
    let digits: Vec<u32> = upper.chars().map(symbol_value).collect::<Option<_>>()?;
    // Signed, because a numeral such as "IX" starts by subtracting before the larger symbol is added.
    let signed: i64 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| match digits.get(i + 1) {
            Some(&next) if next > d => -i64::from(d),
            _ => i64::from(d),
        })
        .sum();
    let value = u32::try_from(signed).ok()?;
    (to_roman(i64::from(value))? == upper).then_some(value)
}

fn symbol_value(c: char) -> Option<u32> {
    Some(match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        'M' => 1000,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_number_from_1_to_3999_survives_a_round_trip() {
        for n in 1..=3999_i64 {
            let text = to_roman(n).unwrap();
            assert_eq!(parse_roman(&text), Some(u32::try_from(n).unwrap()), "{text}");
        }
    }

    #[test]
    fn twenty_three_is_written_xxiii() {
        assert_eq!(to_roman(23).as_deref(), Some("XXIII"));
    }

    #[test]
    fn the_largest_numbers_render_canonically() {
        assert_eq!(to_roman(3999).as_deref(), Some("MMMCMXCIX"));
        assert_eq!(to_roman(3888).as_deref(), Some("MMMDCCCLXXXVIII"));
        assert_eq!(to_roman(1994).as_deref(), Some("MCMXCIV"));
    }

    #[test]
    fn numbers_outside_1_to_3999_have_no_numeral() {
        assert_eq!(to_roman(0), None);
        assert_eq!(to_roman(-5), None);
        assert_eq!(to_roman(4000), None);
        assert_eq!(to_roman(i64::MAX), None);
        assert_eq!(to_roman(i64::MIN), None);
    }

    #[test]
    fn parsing_ignores_case_and_surrounding_whitespace() {
        assert_eq!(parse_roman("XXIII"), Some(23));
        assert_eq!(parse_roman("  xiii \n"), Some(13));
        assert_eq!(parse_roman("mCmXcIv"), Some(1994));
    }

    #[test]
    fn non_canonical_spellings_are_rejected() {
        for bad in [
            "IIII", "VX", "IC", "XM", "VV", "IIV", "XXXX", "CCCC", "MMMM", "IL", "DM", "IXI",
        ] {
            assert_eq!(parse_roman(bad), None, "{bad}");
        }
    }

    #[test]
    fn empty_and_foreign_text_is_rejected() {
        for bad in ["", "   ", "X I", "XIIIa", "13", "Ⅻ", "-X", "MMMDCCCLXXXVIIII"] {
            assert_eq!(parse_roman(bad), None, "{bad}");
        }
    }

    #[test]
    fn very_long_input_is_rejected_without_overflow() {
        assert_eq!(parse_roman(&"M".repeat(10_000)), None);
    }
}
