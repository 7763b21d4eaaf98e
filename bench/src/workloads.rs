//! The workloads: their GraphQL documents, the pools of records they pick from, and the request
//! bodies (built ahead of time where they do not change, so the load generator only picks one).

use crate::load::MakeBody;
use crate::pg::Cluster;
use anyhow::{Context as _, bail};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use rand::Rng as _;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// W1 on congress-api: an organization's full congress history.
pub const W1_QUERY: &str = "query W1($id: ID!) { organization(id: $id) { name congresses { ordinal term openedOn \
committees { kind members { position startedOn person { fullName } } } } } }";

/// W1 on PostGraphile: the same rows, in the same order (congresses by term, ordinal, id without
/// retracted ones; committees by id; memberships by start date, id).
pub const W1_POSTGRAPHILE_QUERY: &str = "query W1($id: BigInt!) { organizationByRowId(rowId: $id) { name \
congressesByOrganizationId(condition: {retractedAt: null}, orderBy: [TERM_START_YEAR_ASC, ORDINAL_ASC, PRIMARY_KEY_ASC]) { nodes { \
ordinal termStartYear termEndYear openedOn committeesByCongressId(orderBy: PRIMARY_KEY_ASC) { nodes { kind \
membershipsByCommitteeId(orderBy: [STARTED_ON_ASC, PRIMARY_KEY_ASC]) { nodes { position startedOn personByPersonId { fullName } } } } } } } } }";

/// W1 as one SQL statement with joins: the floor. `:k` picks an organization from the pool.
pub fn w1_pgbench_script(pool: &[i64]) -> String {
    let ids: Vec<String> = pool.iter().map(i64::to_string).collect();
    format!(
        "\\set k random(1, {n})\n\
SELECT o.name, g.ordinal, g.term_start_year, g.term_end_year, g.opened_on, c.kind, m.position, m.started_on, p.full_name \
FROM organizations o \
LEFT JOIN congresses g ON g.organization_id = o.id AND g.retracted_at IS NULL \
LEFT JOIN committees c ON c.congress_id = g.id \
LEFT JOIN memberships m ON m.committee_id = c.id \
LEFT JOIN people p ON p.id = m.person_id \
WHERE o.id = ('{{{list}}}'::bigint[])[:k] \
ORDER BY g.term_start_year, g.ordinal, g.id, c.id, m.started_on NULLS FIRST, m.id;\n",
        n = pool.len(),
        list = ids.join(",")
    )
}

pub const W2_QUERY: &str = "query W2($parent: ID!) { organizations(parentId: $parent, activeOn: \"2024-06-01\", first: 100) { \
nodes { name leadership(on: \"2024-06-01\") { position person { fullName } } } } }";

pub const W3_QUERY: &str = "query W3($org: ID!) { termReport(organizationId: $org, termYear: 2022, includeDescendants: true) { \
summary { targets met exceeded notMet noData } rows { organization { name } target { text } latest { year achieved computedPercent } status } } }";

pub const W4_MUTATION: &str = "mutation W4($input: CongressResultInput!) { submitCongressResult(input: $input) { \
congress { id ordinal term } warnings { rule } } }";

pub const W5_PEOPLE_QUERY: &str =
    "query W5People($q: String!) { people(search: $q, first: 20) { totalCount nodes { fullName } } }";

pub const W5_ORGANIZATIONS_QUERY: &str =
    "query W5Organizations($q: String!) { organizations(search: $q, first: 20) { totalCount nodes { name } } }";

/// Names as people type them: no diacritics, lower case.
pub const PEOPLE_SEARCHES: [&str; 16] = [
    "nguyen van an",
    "tran thi hoa",
    "le van hung",
    "pham minh tuan",
    "hoang thi lan",
    "vu duc thang",
    "phan van nam",
    "nguyen thi thu trang",
    "tran quoc toan",
    "le thi mai",
    "nguyen huu phuc",
    "huynh thanh son",
    "dang van long",
    "bui thi huong",
    "do minh quan",
    "ngo van dung",
];

pub const ORGANIZATION_SEARCHES: [&str; 16] = [
    "xa tan phu",
    "phuong hoa binh",
    "dang bo xa an binh",
    "thon long hung",
    "truong trung hoc pho thong tan",
    "benh vien da khoa",
    "hop tac xa nong nghiep",
    "cong an xa",
    "chi bo to dan pho 5",
    "dang bo thanh pho ha noi",
    "tinh quang ninh",
    "trung tam y te",
    "phuong thanh xuan",
    "xa vinh loc",
    "quan su xa",
    "khu dan cu so 3",
];

/// The records the workloads pick from, sampled once per dataset (a fixed pseudo-random order,
/// so runs on the same data pick from the same pool).
pub struct Pools {
    /// Commune and grassroots organizations (W1).
    pub w1: Vec<i64>,
    /// Provinces (W2, W3).
    pub provinces: Vec<i64>,
    /// Grassroots organizations that exist in late 2025, with their highest congress ordinal (W4);
    /// none of them is in the W1 pool, so the submissions do not change what W1 reads.
    pub w4: Vec<(i64, i32)>,
}

pub fn node_id(type_name: &str, id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{type_name}:{id}"))
}

fn ids(text: &str) -> Vec<i64> {
    text.lines().filter_map(|line| line.trim().parse().ok()).collect()
}

pub fn load_pools(cluster: &Cluster, database: &str, size: usize) -> anyhow::Result<Pools> {
    let w1 = ids(&cluster.psql(
        database,
        &format!(
            "SELECT id FROM organizations WHERE level IN ('COMMUNE', 'GRASSROOTS') ORDER BY md5(id::text) LIMIT {size}"
        ),
    )?);
    let provinces = ids(&cluster.psql(
        database,
        "SELECT id FROM organizations WHERE level = 'PROVINCE' ORDER BY id",
    )?);
    // Grassroots organizations outside the W1 pool; on a dataset so small that the W1 pool holds
    // nearly all of them, any grassroots organization (W4 runs after W1 there).
    let w4_query = |exclude_w1: bool| {
        format!(
            "WITH w1 AS (SELECT id FROM organizations WHERE level IN ('COMMUNE', 'GRASSROOTS') ORDER BY md5(id::text) LIMIT {size}) \
SELECT o.id || ' ' || COALESCE((SELECT max(g.ordinal) FROM congresses g WHERE g.organization_id = o.id AND g.retracted_at IS NULL), 0) \
FROM organizations o WHERE o.level = 'GRASSROOTS' AND {} \
AND (o.founded_on IS NULL OR o.founded_on <= DATE '2025-01-01') AND (o.dissolved_on IS NULL OR o.dissolved_on > DATE '2025-12-31') \
ORDER BY md5(o.id::text || 'w4') LIMIT 4000",
            if exclude_w1 {
                "o.id NOT IN (SELECT id FROM w1)"
            } else {
                "TRUE"
            }
        )
    };
    let parse = |text: String| -> Vec<(i64, i32)> {
        text.lines()
            .filter_map(|line| {
                let (id, max) = line.split_once(' ')?;
                Some((id.parse().ok()?, max.parse().ok()?))
            })
            .filter(|(_, max)| *max < 150)
            .collect()
    };
    let mut w4 = parse(cluster.psql(database, &w4_query(true))?);
    if w4.len() < 100 {
        w4 = parse(cluster.psql(database, &w4_query(false))?);
    }
    if w1.is_empty() || provinces.is_empty() || w4.is_empty() {
        bail!(
            "{database} has no commune/grassroots organizations or provinces to benchmark with (w1 {}, provinces {}, w4 {})",
            w1.len(),
            provinces.len(),
            w4.len()
        );
    }
    Ok(Pools { w1, provinces, w4 })
}

fn body(operation: &str, query: &str, variables: serde_json::Value) -> Bytes {
    Bytes::from(
        json!({ "operationName": operation, "query": query, "variables": variables })
            .to_string()
            .into_bytes(),
    )
}

/// A body maker that picks one of prepared bodies at random.
pub fn pick(bodies: Vec<Bytes>) -> MakeBody {
    let bodies = Arc::new(bodies);
    Arc::new(move |rng| bodies[rng.random_range(0..bodies.len())].clone())
}

pub fn w1_ours(pools: &Pools) -> MakeBody {
    pick(
        pools
            .w1
            .iter()
            .map(|id| body("W1", W1_QUERY, json!({ "id": node_id("Organization", *id) })))
            .collect(),
    )
}

pub fn w1_postgraphile(pools: &Pools) -> MakeBody {
    pick(
        pools
            .w1
            .iter()
            .map(|id| body("W1", W1_POSTGRAPHILE_QUERY, json!({ "id": id.to_string() })))
            .collect(),
    )
}

pub fn w2(pools: &Pools) -> MakeBody {
    pick(
        pools
            .provinces
            .iter()
            .map(|id| body("W2", W2_QUERY, json!({ "parent": node_id("Organization", *id) })))
            .collect(),
    )
}

pub fn w3(pools: &Pools) -> MakeBody {
    pick(
        pools
            .provinces
            .iter()
            .map(|id| body("W3", W3_QUERY, json!({ "org": node_id("Organization", *id) })))
            .collect(),
    )
}

pub fn w5_people() -> MakeBody {
    pick(
        PEOPLE_SEARCHES
            .iter()
            .map(|q| body("W5People", W5_PEOPLE_QUERY, json!({ "q": q })))
            .collect(),
    )
}

pub fn w5_organizations() -> MakeBody {
    pick(
        ORGANIZATION_SEARCHES
            .iter()
            .map(|q| body("W5Organizations", W5_ORGANIZATIONS_QUERY, json!({ "q": q })))
            .collect(),
    )
}

const FAMILY: [&str; 12] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
];
const MIDDLE: [&str; 8] = ["Văn", "Thị", "Minh", "Đức", "Quốc", "Thanh", "Hữu", "Ngọc"];
/// Distinct given names, so that no committee lists the same name twice.
const GIVEN: [&str; 16] = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hùng", "Khánh", "Lan", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Thảo",
    "Vinh",
];

/// The next submission: a different grassroots organization each time (round robin over the
/// pool) with the ordinal after its highest, for the 2025-2030 term (a congress held in
/// September 2025: the latest term whose congress can already have happened). An organization
/// that already holds a 2025 congress gets a `term_overlap` warning, which is stored, not refused.
pub fn w4(pools: &Pools) -> MakeBody {
    let pool = Arc::new(pools.w4.clone());
    let next = Arc::new(AtomicU64::new(0));
    Arc::new(move |rng| {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let (org, max_ordinal) = pool[(n % pool.len() as u64) as usize];
        let ordinal = max_ordinal + 1 + (n / pool.len() as u64) as i32;
        let day = 8 + rng.random_range(0..20);
        let mut given: Vec<&str> = GIVEN.to_vec();
        for i in (1..given.len()).rev() {
            given.swap(i, rng.random_range(0..=i));
        }
        let mut name = |i: usize| {
            format!(
                "{} {} {}",
                FAMILY[rng.random_range(0..FAMILY.len())],
                MIDDLE[rng.random_range(0..MIDDLE.len())],
                given[i]
            )
        };
        let executive: Vec<serde_json::Value> = (0..7)
            .map(|i| {
                let position = match i {
                    0 => "SECRETARY",
                    1 => "DEPUTY_SECRETARY",
                    _ => "MEMBER",
                };
                json!({ "fullName": name(i), "position": position })
            })
            .collect();
        let inspection: Vec<serde_json::Value> = (7..10)
            .map(|i| json!({ "fullName": name(i), "position": if i == 7 { "CHAIR" } else { "MEMBER" } }))
            .collect();
        let input = json!({
            "organizationId": node_id("Organization", org),
            "ordinal": ordinal,
            "termStartYear": 2025,
            "termEndYear": 2030,
            "kind": "MEMBERS",
            "openedOn": format!("2025-09-{day:02}"),
            "closedOn": format!("2025-09-{:02}", day + 1),
            "motto": "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới - Phát triển",
            "delegateCount": 40 + rng.random_range(0..60),
            "committees": [
                { "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "seatCount": 9, "members": executive },
                { "kind": "INSPECTION", "formation": "ELECTED_BY_PLENUM", "seatCount": 3, "members": inspection },
            ],
            "resolution": {
                "title": "Nghị quyết Đại hội nhiệm kỳ 2025-2030",
                "declaredTargetCount": 3,
                "targets": [
                    { "text": "Kết nạp đảng viên mới mỗi năm", "measure": "COUNT", "comparator": "AT_LEAST", "minValue": "3", "unit": "đảng viên", "period": "ANNUAL" },
                    { "text": "Tổ chức đảng được xếp loại hoàn thành tốt nhiệm vụ trở lên", "measure": "PERCENT", "comparator": "AT_LEAST", "minValue": "90", "period": "ANNUAL" },
                    { "text": "Đảng viên hoàn thành nhiệm vụ", "measure": "PERCENT", "comparator": "AT_LEAST", "minValue": "95", "period": "TERM" },
                ],
            },
            "source": { "title": "Benchmark submission (synthetic)", "publisher": "bench" },
        });
        body("W4", W4_MUTATION, json!({ "input": input }))
    })
}

/// Creates an admin token with `congress-api token create` and returns its secret (the last line).
pub fn admin_token(server_bin: &std::path::Path, database_url: &str) -> anyhow::Result<String> {
    let output = std::process::Command::new(server_bin)
        .args(["token", "create", "--role", "admin", "--name", "bench W4"])
        .arg("--database-url")
        .arg(database_url)
        .output()
        .context("cannot run congress-api token create")?;
    if !output.status.success() {
        bail!(
            "congress-api token create failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .map(|line| line.trim().to_owned())
        .context("congress-api token create printed no token")
}
