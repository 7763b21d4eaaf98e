//! Place names and the names of organizations: districts and the communes and wards under them,
//! grassroots organizations by what they are, their cells and partial committees.

use crate::plan::Sort;
use crate::random::pick;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// Syllables of place names ("Tân Phú", "Hòa Bình"): the first from one list, the second from another.
const PLACE_FIRST: [&str; 50] = [
    "Tân", "Phú", "An", "Bình", "Hòa", "Long", "Phước", "Thạnh", "Đông", "Tây", "Nam", "Bắc", "Vĩnh", "Hưng", "Thuận",
    "Mỹ", "Quảng", "Đức", "Thanh", "Xuân", "Hải", "Sơn", "Trung", "Hiệp", "Cẩm", "Kim", "Ngọc", "Thái", "Yên", "Hồng",
    "Minh", "Lạc", "Gia", "Hương", "Định", "Khánh", "Phong", "Tiên", "Cát", "Lộc", "Nghĩa", "Quế", "Hoài", "Triệu",
    "Thọ", "Diên", "Châu", "Tam", "Kỳ", "Lương",
];

const PLACE_SECOND: [&str; 46] = [
    "An", "Bình", "Hòa", "Phú", "Thạnh", "Long", "Hưng", "Thắng", "Lợi", "Sơn", "Hải", "Thủy", "Phước", "Lộc", "Thành",
    "Thịnh", "Tiến", "Lâm", "Điền", "Trung", "Đông", "Tây", "Mỹ", "Khánh", "Hiệp", "Quang", "Xuân", "Hà", "Giang",
    "Phong", "Yên", "Lạc", "Ninh", "Định", "Tân", "Hậu", "Đức", "Vinh", "Dương", "Nghĩa", "Hội", "Tường", "Khê",
    "Cường", "Thái", "Hợp",
];

const INDUSTRIES: [&str; 16] = [
    "Xây dựng",
    "Cơ khí",
    "May",
    "Thủy sản",
    "Vận tải",
    "Điện lực",
    "Cấp nước",
    "Môi trường Đô thị",
    "Lương thực",
    "Dược phẩm",
    "Thương mại",
    "Du lịch",
    "Cao su",
    "Chè",
    "Xi măng",
    "Phân bón",
];

/// A two-syllable place name ("Tân Phú"), its syllables different.
pub(crate) fn place_name(rng: &mut StdRng) -> String {
    let first = *pick(rng, &PLACE_FIRST);
    let mut second = *pick(rng, &PLACE_SECOND);
    while second == first {
        second = *pick(rng, &PLACE_SECOND);
    }
    format!("{first} {second}")
}

/// What a district was called: it decides what its communes are called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DistrictUnit {
    Urban,
    Rural,
    Town,
    City,
}

impl DistrictUnit {
    pub(crate) fn word(self) -> &'static str {
        match self {
            Self::Urban => "quận",
            Self::Rural => "huyện",
            Self::Town => "thị xã",
            Self::City => "thành phố",
        }
    }

    pub(crate) fn choose(city_province: bool, index: usize, rng: &mut StdRng) -> Self {
        if city_province {
            if rng.random_bool(0.6) { Self::Urban } else { Self::Rural }
        } else if index == 0 {
            // A province's first district is its provincial city.
            Self::City
        } else if rng.random_bool(0.08) {
            Self::Town
        } else {
            Self::Rural
        }
    }

    pub(crate) fn commune_unit(self, rng: &mut StdRng) -> CommuneUnit {
        match self {
            Self::Urban => CommuneUnit::Ward,
            Self::City | Self::Town if rng.random_bool(0.7) => CommuneUnit::Ward,
            Self::City | Self::Town => CommuneUnit::Commune,
            Self::Rural if rng.random_bool(0.1) => CommuneUnit::Township,
            Self::Rural => CommuneUnit::Commune,
        }
    }
}

/// What a commune-level unit is called: it decides how its organizations are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommuneUnit {
    Ward,
    Commune,
    Township,
}

impl CommuneUnit {
    pub(crate) fn word(self) -> &'static str {
        match self {
            Self::Ward => "phường",
            Self::Commune => "xã",
            Self::Township => "thị trấn",
        }
    }

    pub(crate) fn urban(self) -> bool {
        self != Self::Commune
    }
}

/// Where a grassroots organization stands, for its name.
pub(crate) struct CommuneContext<'a> {
    pub(crate) unit: CommuneUnit,
    pub(crate) place: &'a str,
}

/// A grassroots organization's name, from what it is and where; urban residential ones are
/// numbered in their commune (`residential_number`).
pub(crate) fn grassroots_name(
    rng: &mut StdRng,
    sort: Sort,
    commune: &CommuneContext<'_>,
    residential_number: &mut u32,
) -> String {
    let unit = commune.unit.word();
    let here = commune.place;
    match sort {
        Sort::Residential if commune.unit.urban() => {
            *residential_number += 1;
            format!("Đảng bộ Khu dân cư số {residential_number}")
        }
        Sort::Residential => format!("Đảng bộ thôn {}", place_name(rng)),
        Sort::Company => format!(
            "Đảng bộ Công ty {} {} {}",
            pick(rng, &["Cổ phần", "TNHH MTV"]),
            pick(rng, &INDUSTRIES),
            place_name(rng)
        ),
        Sort::HighSchool => format!("Đảng bộ Trường Trung học phổ thông {}", place_name(rng)),
        Sort::Education => format!("Đảng bộ Khối Giáo dục {unit} {here}"),
        Sort::Health if rng.random_bool(0.5) => format!("Đảng bộ Bệnh viện Đa khoa {}", place_name(rng)),
        Sort::Health => format!("Đảng bộ Trung tâm Y tế {}", place_name(rng)),
        Sort::Agency => format!("Đảng bộ Cơ quan Ủy ban nhân dân {unit} {here}"),
        Sort::Military => format!("Đảng bộ Quân sự {unit} {here}"),
        Sort::Police => format!("Đảng bộ Công an {unit} {here}"),
        Sort::Cooperative => format!("Đảng bộ Hợp tác xã Nông nghiệp {}", place_name(rng)),
    }
}

/// Names the cells of one grassroots organization: its usual units first, then numbered ones.
pub(crate) struct CellNamer {
    sort: Sort,
    urban: bool,
    units: Vec<&'static str>,
    number: u32,
}

impl CellNamer {
    pub(crate) fn new(sort: Sort, urban: bool, rng: &mut StdRng) -> Self {
        let mut units: Vec<&'static str> = match sort {
            Sort::Company => vec![
                "Phòng Tổ chức - Hành chính",
                "Phòng Kế toán",
                "Phòng Kỹ thuật",
                "Phòng Kinh doanh",
                "Đội Xe",
            ],
            Sort::HighSchool => vec![
                "Tổ Khoa học Tự nhiên",
                "Tổ Khoa học Xã hội",
                "Tổ Ngoại ngữ - Tin học",
                "Tổ Văn phòng",
            ],
            Sort::Health => vec![
                "Khoa Nội",
                "Khoa Ngoại",
                "Khoa Nhi",
                "Khoa Khám bệnh",
                "Khoa Dược",
                "Phòng Kế hoạch - Tổng hợp",
            ],
            Sort::Agency => vec![
                "Văn phòng",
                "Phòng Kinh tế",
                "Phòng Văn hóa - Xã hội",
                "Trung tâm Phục vụ hành chính công",
            ],
            Sort::Military => vec!["Ban Chỉ huy Quân sự", "Dân quân Thường trực"],
            Sort::Police => vec!["Đội Cảnh sát Khu vực", "Đội An ninh", "Tổng hợp"],
            Sort::Residential | Sort::Education | Sort::Cooperative => Vec::new(),
        };
        units.shuffle(rng);
        // Residential cells are numbered from wherever the organization's area starts ("Tổ dân phố 14").
        let number = if sort == Sort::Residential {
            rng.random_range(0..=15)
        } else {
            0
        };
        Self {
            sort,
            urban,
            units,
            number,
        }
    }

    pub(crate) fn cell(&mut self, rng: &mut StdRng) -> String {
        if let Some(unit) = self.units.pop() {
            return format!("Chi bộ {unit}");
        }
        self.number += 1;
        let n = self.number;
        match self.sort {
            Sort::Residential if self.urban => format!("Chi bộ Tổ dân phố {n}"),
            Sort::Residential => format!("Chi bộ Xóm {n}"),
            Sort::Education => format!(
                "Chi bộ Trường {} {}",
                pick(rng, &["Mầm non", "Tiểu học", "Trung học cơ sở"]),
                place_name(rng)
            ),
            Sort::Company => format!("Chi bộ Phân xưởng {n}"),
            Sort::HighSchool => format!("Chi bộ Giáo viên {n}"),
            Sort::Health => format!("Chi bộ Khoa Lâm sàng {n}"),
            Sort::Agency => format!("Chi bộ Cơ quan {n}"),
            Sort::Military => format!("Chi bộ Dân quân {n}"),
            Sort::Police => format!("Chi bộ Công an khu vực {n}"),
            Sort::Cooperative => format!("Chi bộ Đội Sản xuất {n}"),
        }
    }

    pub(crate) fn partial_committee(&self, rng: &mut StdRng) -> String {
        let n = rng.random_range(1..=5);
        match self.sort {
            Sort::Residential if self.urban => format!("Đảng bộ bộ phận Khu phố {n}"),
            Sort::Residential => format!("Đảng bộ bộ phận Cụm dân cư số {n}"),
            Sort::Company => format!("Đảng bộ bộ phận Xí nghiệp {n}"),
            _ => format!("Đảng bộ bộ phận Khối {n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api::domain::text;

    #[test]
    fn place_syllables_are_already_nfc() {
        for name in PLACE_FIRST.iter().chain(&PLACE_SECOND) {
            assert_eq!(text::clean(name), *name);
        }
    }
}
