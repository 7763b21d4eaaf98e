//! The records the client mix asks about, picked from the dataset with SQL: deterministic (a
//! fixed pseudo-random order, `md5` of the id, as W1 picks), and chosen so that congress-api and
//! PostGraphile can be asked the same question (see each field).

use crate::pg::Cluster;
use anyhow::bail;

/// How many records an operation that takes an ID picks from.
const POOL: usize = 100;
/// How many search terms an operation that searches picks from.
const TERMS: usize = 16;
/// The date of the leadership question (op 2): inside the 2020-2025 term of every ward.
pub const LEADERSHIP_ON: &str = "2024-06-01";
/// The date of `parent(on:)` in op 1.
pub const PARENT_ON: &str = "2020-06-30";

/// A ward (a commune-level organization named "phường ...") whose normalized full name our search
/// matches exactly once, so PostGraphile's equality on `search_key` finds the same organization.
pub struct Ward {
    /// The name without diacritics, in lower case: what `search_key` holds.
    pub key: String,
    pub name: String,
    /// The first year of its congress term that contains [`LEADERSHIP_ON`].
    pub leadership_term_start: i32,
}

/// A ward's term report: the ward, a year inside one of its terms with results, and that term.
pub struct Report {
    pub id: i64,
    pub year: i32,
    pub start_year: i32,
    pub end_year: i32,
}

pub struct MixPools {
    pub wards: Vec<Ward>,
    /// People's names (normalized) that our search matches exactly as often as there are people
    /// with that `search_key` (2 to 20), so both servers list the same people on one page.
    pub people_names: Vec<String>,
    /// Organizations with the median number of memberships over every organization that has any.
    pub median: Vec<i64>,
    pub median_memberships: i64,
    /// The organization with the most memberships, and how many.
    pub largest: (i64, i64),
    /// Congresses of commune and district organizations whose resolution has targets with results.
    pub congresses: Vec<i64>,
    /// People who held two positions or more.
    pub people: Vec<i64>,
    /// Commune and grassroots organizations (the head of W1's pool).
    pub organizations: Vec<i64>,
    /// Organization search terms with more than two pages of 20 matches.
    pub search_terms: Vec<String>,
    /// Levels with more than two pages of 20 organizations: PostGraphile's search pages.
    pub levels: Vec<String>,
    pub reports: Vec<Report>,
}

/// Terms a search page is typed with: place-name syllables and kinds of organization.
const SEARCH_CANDIDATES: [&str; 16] = [
    "tan",
    "an",
    "phu",
    "hoa",
    "binh",
    "long",
    "thanh",
    "dong",
    "trung",
    "nam",
    "chi bo",
    "truong",
    "xa",
    "phuong",
    "thon",
    "to dan pho",
];

fn ids(text: &str) -> Vec<i64> {
    text.lines().filter_map(|line| line.trim().parse().ok()).collect()
}

/// `search_terms` rows of a record type whose term starts with the text of `key` (SQL): what our
/// search matches. Normalized keys hold only a-z, 0-9 and spaces, all before `~` in the C
/// collation the column uses, so the range is the prefix.
fn prefix_matches(record_type: &str, key: &str) -> String {
    format!(
        "(SELECT count(DISTINCT t.record_id) FROM search_terms t WHERE t.record_type = '{record_type}' AND t.term >= {key} AND t.term < {key} || '~')"
    )
}

pub fn load(cluster: &Cluster, database: &str) -> anyhow::Result<MixPools> {
    let psql = |sql: &str| cluster.psql(database, sql);
    let wards: Vec<Ward> = psql(&format!(
        "SELECT o.search_key || '|' || o.name || '|' || COALESCE((SELECT max(g.term_start_year) FROM congresses g \
WHERE g.organization_id = o.id AND g.retracted_at IS NULL AND g.term_start_year <= {year}), {year}) \
FROM organizations o WHERE o.level = 'COMMUNE' AND o.search_key LIKE 'dang bo phuong %' AND {matches} = 1 \
ORDER BY md5(o.id::text) LIMIT {TERMS}",
        year = &LEADERSHIP_ON[..4],
        matches = prefix_matches("organization", "o.search_key"),
    ))?
    .lines()
    .filter_map(|line| {
        let mut parts = line.splitn(3, '|');
        Some(Ward {
            key: parts.next()?.to_owned(),
            name: parts.next()?.to_owned(),
            leadership_term_start: parts.next()?.parse().ok()?,
        })
    })
    .collect();
    let people_names: Vec<String> = psql(&format!(
        "WITH c AS (SELECT DISTINCT p.search_key FROM memberships m JOIN people p ON p.id = m.person_id \
WHERE m.id IN (SELECT id FROM memberships ORDER BY md5(id::text) LIMIT 400)), \
n AS (SELECT c.search_key, (SELECT count(*) FROM people q WHERE q.search_key = c.search_key) AS exact FROM c) \
SELECT n.search_key FROM n WHERE n.exact BETWEEN 2 AND 20 AND {matches} = n.exact ORDER BY md5(n.search_key) LIMIT {TERMS}",
        matches = prefix_matches("person", "n.search_key"),
    ))?
    .lines()
    .map(str::to_owned)
    .collect();
    // One pass over the memberships for both the median and the largest organization (a CTE
    // used twice is computed once).
    let sized = psql(&format!(
        "WITH sizes AS (SELECT g.organization_id AS id, count(m.id) AS n FROM congresses g \
JOIN committees c ON c.congress_id = g.id JOIN memberships m ON m.committee_id = c.id WHERE g.retracted_at IS NULL GROUP BY 1), \
med AS (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) AS n FROM sizes) \
SELECT 'median ' || med.n || ' ' || (SELECT string_agg(x.id::text, ' ' ORDER BY md5(x.id::text)) FROM \
(SELECT id FROM sizes WHERE n = med.n ORDER BY md5(id::text) LIMIT {POOL}) x) FROM med \
UNION ALL SELECT 'largest ' || l.n || ' ' || l.id FROM (SELECT id, n FROM sizes ORDER BY n DESC, id LIMIT 1) l"
    ))?;
    let mut median = Vec::new();
    let mut median_memberships = 0;
    let mut largest = (0, 0);
    for line in sized.lines() {
        let mut words = line.split_whitespace();
        match (words.next(), words.next().and_then(|n| n.parse::<i64>().ok())) {
            (Some("median"), Some(n)) => {
                median_memberships = n;
                median = words.filter_map(|w| w.parse().ok()).collect();
            }
            (Some("largest"), Some(n)) => {
                largest = (words.next().and_then(|w| w.parse().ok()).unwrap_or(0), n);
            }
            _ => {}
        }
    }
    let congresses = ids(&psql(&format!(
        "SELECT g.id FROM congresses g JOIN organizations o ON o.id = g.organization_id \
WHERE g.retracted_at IS NULL AND o.level IN ('COMMUNE', 'DISTRICT') AND EXISTS (SELECT 1 FROM resolutions r \
JOIN targets t ON t.resolution_id = r.id JOIN target_results x ON x.target_id = t.id WHERE r.congress_id = g.id) \
ORDER BY md5(g.id::text) LIMIT {POOL}"
    ))?);
    let people = ids(&psql(&format!(
        "SELECT person_id FROM memberships GROUP BY person_id HAVING count(*) >= 2 ORDER BY md5(person_id::text) LIMIT {POOL}"
    ))?);
    let organizations = ids(&psql(&format!(
        "SELECT id FROM organizations WHERE level IN ('COMMUNE', 'GRASSROOTS') ORDER BY md5(id::text) LIMIT {POOL}"
    ))?);
    let candidates: Vec<String> = SEARCH_CANDIDATES.iter().map(|t| format!("('{t}')")).collect();
    let search_terms: Vec<String> = psql(&format!(
        "SELECT v.term FROM (VALUES {}) AS v(term) WHERE {} > 40 ORDER BY md5(v.term)",
        candidates.join(", "),
        prefix_matches("organization", "v.term"),
    ))?
    .lines()
    .map(str::to_owned)
    .collect();
    let levels: Vec<String> =
        psql("SELECT level FROM organizations GROUP BY level HAVING count(*) > 40 ORDER BY count(*) DESC, level")?
            .lines()
            .map(str::to_owned)
            .collect();
    // A year in the middle of a term (never a boundary year, which two terms share), whose term
    // has results by then, for wards whose targets of that year all belong to that term.
    let reports: Vec<Report> = psql(&format!(
        "SELECT o.id || ' ' || y.year || ' ' || g.term_start_year || ' ' || g.term_end_year FROM organizations o \
CROSS JOIN LATERAL (SELECT (ARRAY[2012, 2017, 2022])[1 + (o.id % 3)::int] AS year) y \
JOIN congresses g ON g.organization_id = o.id AND g.retracted_at IS NULL AND g.term_start_year < y.year AND g.term_end_year > y.year \
WHERE o.level = 'COMMUNE' AND o.search_key LIKE 'dang bo phuong %' \
AND EXISTS (SELECT 1 FROM targets t JOIN target_results r ON r.target_id = t.id WHERE t.organization_id = o.id \
AND t.start_year = g.term_start_year AND r.year_to <= y.year) \
AND NOT EXISTS (SELECT 1 FROM targets t WHERE t.organization_id = o.id AND t.start_year <= y.year AND t.end_year >= y.year \
AND (t.start_year <> g.term_start_year OR t.end_year <> g.term_end_year)) \
ORDER BY md5(o.id::text) LIMIT {POOL}"
    ))?
    .lines()
    .filter_map(|line| {
        let n: Vec<i64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
        match n[..] {
            [id, year, start, end] => Some(Report {
                id,
                year: i32::try_from(year).ok()?,
                start_year: i32::try_from(start).ok()?,
                end_year: i32::try_from(end).ok()?,
            }),
            _ => None,
        }
    })
    .collect();
    let pools = MixPools {
        wards,
        people_names,
        median,
        median_memberships,
        largest,
        congresses,
        people,
        organizations,
        search_terms,
        levels,
        reports,
    };
    let empty: Vec<&str> = [
        ("wards", pools.wards.is_empty()),
        ("people names", pools.people_names.is_empty()),
        ("median organizations", pools.median.is_empty()),
        ("largest organization", pools.largest.0 == 0),
        ("congresses", pools.congresses.is_empty()),
        ("people", pools.people.is_empty()),
        ("organizations", pools.organizations.is_empty()),
        ("search terms", pools.search_terms.is_empty()),
        ("levels with 40 organizations", pools.levels.is_empty()),
        ("ward reports", pools.reports.is_empty()),
    ]
    .iter()
    .filter(|(_, empty)| *empty)
    .map(|(name, _)| *name)
    .collect();
    if !empty.is_empty() {
        bail!(
            "{database} has nothing the client mix can ask about for: {}",
            empty.join(", ")
        );
    }
    Ok(pools)
}
