//! People's names, drawn with the frequencies of Vietnamese family, middle and given names, and
//! the search keys every name is stored with.

use crate::random::weighted_index;
use api::domain::text;
use rand::Rng;
use rand::rngs::StdRng;
use std::collections::HashMap;
use std::rc::Rc;

/// Family names with their weight per thousand (Nguyễn is about 38%).
const FAMILY_NAMES: [(&str, u32); 32] = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 50),
    ("Huỳnh", 25),
    ("Phan", 45),
    ("Vũ", 39),
    ("Võ", 30),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đào", 8),
    ("Đinh", 8),
    ("Trương", 7),
    ("Lâm", 5),
    ("Mai", 5),
    ("Trịnh", 5),
    ("Đoàn", 5),
    ("Lương", 4),
    ("Cao", 4),
    ("Hà", 4),
    ("Tạ", 3),
    ("Chu", 3),
    ("Lưu", 3),
    ("Tô", 2),
    ("Kiều", 2),
    ("Quách", 2),
];

const MIDDLE_NAMES_MEN: [(&str, u32); 20] = [
    ("Văn", 35),
    ("Hữu", 6),
    ("Đức", 8),
    ("Minh", 8),
    ("Quốc", 6),
    ("Thanh", 6),
    ("Ngọc", 4),
    ("Công", 5),
    ("Xuân", 4),
    ("Đình", 6),
    ("Quang", 5),
    ("Trọng", 4),
    ("Duy", 3),
    ("Tiến", 3),
    ("Mạnh", 3),
    ("Hoàng", 3),
    ("Anh", 3),
    ("Thành", 3),
    ("Viết", 2),
    ("Bá", 2),
];

const MIDDLE_NAMES_WOMEN: [(&str, u32); 14] = [
    ("Thị", 45),
    ("Thị Thu", 8),
    ("Thị Thanh", 6),
    ("Thị Ngọc", 5),
    ("Thị Minh", 4),
    ("Thị Kim", 4),
    ("Thị Hồng", 4),
    ("Thị Thúy", 3),
    ("Thị Bích", 3),
    ("Ngọc", 5),
    ("Thanh", 4),
    ("Thu", 4),
    ("Minh", 3),
    ("Hồng", 2),
];

const GIVEN_NAMES_MEN: [&str; 56] = [
    "An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hùng", "Hưng", "Hoàng", "Huy", "Khánh", "Lâm", "Long",
    "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Thuận", "Tiến", "Toàn",
    "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Hiếu", "Hòa", "Lợi", "Kiên", "Đông", "Chiến", "Thịnh", "Tâm", "Thái",
    "Hậu", "Bảo", "Công", "Đạt", "Định", "Hiển", "Khoa", "Lực", "Phương", "Sang", "Tú", "Vũ", "Duy", "Toản",
];

const GIVEN_NAMES_WOMEN: [&str; 40] = [
    "Anh", "Bích", "Châu", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương", "Huyền",
    "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thủy", "Trang",
    "Tuyết", "Vân", "Yến", "Hậu", "Hòa", "Lý", "Nhàn", "Thắm", "Xuân", "Trinh", "Tâm", "Hảo",
];

/// Women's share of committee members.
const WOMEN: f64 = 0.28;

/// A name with everything search needs, computed once per distinct name.
pub(crate) struct NameKeys {
    pub(crate) full: String,
    pub(crate) search_key: String,
    pub(crate) search_exact: String,
    pub(crate) terms: Vec<String>,
}

impl NameKeys {
    pub(crate) fn new(name: &str) -> Self {
        let full = text::clean(name);
        let search_key = text::fold(&full);
        Self {
            search_exact: text::exact_key(&full),
            terms: text::word_start_suffixes(&search_key),
            search_key,
            full,
        }
    }
}

/// People's names: a few tens of thousands of distinct ones, so their keys are cached.
#[derive(Default)]
pub(crate) struct NameBook {
    cache: HashMap<(bool, u8, u8, u8), Rc<NameKeys>>,
}

impl NameBook {
    pub(crate) fn person(&mut self, rng: &mut StdRng) -> Rc<NameKeys> {
        let woman = rng.random_bool(WOMEN);
        let family = weighted_index(rng, &FAMILY_NAMES);
        let (middle, given) = if woman {
            (
                weighted_index(rng, &MIDDLE_NAMES_WOMEN),
                rng.random_range(0..GIVEN_NAMES_WOMEN.len()),
            )
        } else {
            (
                weighted_index(rng, &MIDDLE_NAMES_MEN),
                rng.random_range(0..GIVEN_NAMES_MEN.len()),
            )
        };
        // The lists are far shorter than 256 entries.
        let key = (woman, family as u8, middle as u8, given as u8);
        self.cache
            .entry(key)
            .or_insert_with(|| {
                let (middle, given) = if woman {
                    (MIDDLE_NAMES_WOMEN[middle].0, GIVEN_NAMES_WOMEN[given])
                } else {
                    (MIDDLE_NAMES_MEN[middle].0, GIVEN_NAMES_MEN[given])
                };
                Rc::new(NameKeys::new(&format!("{} {middle} {given}", FAMILY_NAMES[family].0)))
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_the_lists_are_already_nfc() {
        let lists: [&[&str]; 2] = [&GIVEN_NAMES_MEN, &GIVEN_NAMES_WOMEN];
        for name in lists.iter().flat_map(|l| l.iter()) {
            assert_eq!(text::clean(name), *name);
        }
        for (name, _) in FAMILY_NAMES.iter().chain(&MIDDLE_NAMES_MEN).chain(&MIDDLE_NAMES_WOMEN) {
            assert_eq!(text::clean(name), *name);
        }
    }
}
