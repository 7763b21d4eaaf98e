//! The operations of the client mix: each a document as a client library writes and sends it
//! (in `ours/*.graphql`), the same question written for PostGraphile's generated schema (in
//! `postgraphile/*.graphql`), the records it is asked about, and what of the two answers must
//! agree.

use super::pools::{LEADERSHIP_ON, MixPools, PARENT_ON};
use crate::workloads::node_id;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

/// How the client shapes and sends the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Apollo Client: a named fragment per type, `__typename` in every selection set, POST.
    Apollo,
    /// The same fields without fragments or `__typename`, POST.
    Plain,
    /// urql: `__typename` in every selection set, GET with the operation in the query string.
    UrqlGet,
    /// Relay: connections with `edges { cursor node }` and `pageInfo`, fragments, POST.
    Relay,
}

impl Form {
    pub fn label(self) -> &'static str {
        match self {
            Form::Apollo => "Apollo, POST",
            Form::Plain => "plain, POST",
            Form::UrqlGet => "urql, GET",
            Form::Relay => "Relay, POST",
        }
    }

    pub fn get(self) -> bool {
        self == Form::UrqlGet
    }
}

/// One record asked about: the variables for each server.
#[derive(Debug, Clone)]
pub struct Target {
    pub ours: Value,
    pub postgraphile: Value,
}

/// Something both answers must agree on: a count of the values a path reaches (`a.b[].c`,
/// `[]` walking a list), or with a leading `=`, the first such value itself.
pub struct Agree {
    pub what: &'static str,
    pub ours: &'static str,
    pub postgraphile: &'static str,
}

const fn agree(what: &'static str, ours: &'static str, postgraphile: &'static str) -> Agree {
    Agree {
        what,
        ours,
        postgraphile,
    }
}

pub struct Operation {
    /// "1", "3a", ...: the brief's numbering.
    pub key: &'static str,
    pub title: &'static str,
    pub form: Form,
    /// Levels of nested objects (the longest path): with batching, one statement per level.
    pub depth: usize,
    /// The file names under `ours/` and `postgraphile/`, for the report.
    pub file: &'static str,
    pub ours: &'static str,
    pub postgraphile: &'static str,
    pub targets: Vec<Target>,
    pub agree: &'static [Agree],
    /// One or two sentences of Markdown for the report.
    pub about: String,
}

/// A document as the client sends it: our files start with comments for the reader, which a
/// client's printer (graphql-js `print`) would not send.
pub fn document(text: &str, form: Form) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with('#')).collect();
    if form.get() {
        // On GET the document is the longest part of the URL; its whitespace is collapsed
        // to keep it short, as GET-sending clients do.
        lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        let mut out = lines.join("\n");
        out.push('\n');
        out.trim_start().to_owned()
    }
}

/// The operation's name as written in its document (`query Name(`).
pub fn operation_name(document: &str) -> Option<&str> {
    let rest = document.split("query ").nth(1)?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end])
}

/// PostGraphile's global ID for a row: base64 of `["Type","id"]` (its default node ID codec).
pub fn postgraphile_node_id(type_name: &str, id: i64) -> String {
    STANDARD.encode(format!("[\"{type_name}\",\"{id}\"]"))
}

const HISTORY_AGREE: &[Agree] = &[
    agree("organization", "organization", "organizationByRowId"),
    agree(
        "congresses",
        "organization.congresses[]",
        "organizationByRowId.congressesByOrganizationId.nodes[]",
    ),
    agree(
        "committees",
        "organization.congresses[].committees[]",
        "organizationByRowId.congressesByOrganizationId.nodes[].committeesByCongressId.nodes[]",
    ),
    agree(
        "members",
        "organization.congresses[].committees[].members[]",
        "organizationByRowId.congressesByOrganizationId.nodes[].committeesByCongressId.nodes[].membershipsByCommitteeId.nodes[]",
    ),
];

const CONGRESS_PAGE_AGREE: &[Agree] = &[
    agree("congress", "congress", "congressByRowId"),
    agree(
        "organization",
        "=congress.organization.name",
        "=congressByRowId.organizationByOrganizationId.name",
    ),
    agree(
        "committees",
        "congress.committees[]",
        "congressByRowId.committeesByCongressId.nodes[]",
    ),
    agree(
        "members",
        "congress.committees[].members[]",
        "congressByRowId.committeesByCongressId.nodes[].membershipsByCommitteeId.nodes[]",
    ),
    agree(
        "targets",
        "congress.resolution.targets[]",
        "congressByRowId.resolutionsByCongressId.nodes[].targetsByResolutionId.nodes[]",
    ),
    agree(
        "results",
        "congress.resolution.targets[].results[]",
        "congressByRowId.resolutionsByCongressId.nodes[].targetsByResolutionId.nodes[].targetResultsByTargetId.nodes[]",
    ),
    agree(
        "reviews",
        "congress.reviews[]",
        "congressByRowId.reviewsByCongressId.nodes[]",
    ),
];

const CAREER_AGREE: &[Agree] = &[
    agree("name", "=person.fullName", "=personByRowId.fullName"),
    agree(
        "memberships",
        "person.memberships[]",
        "personByRowId.membershipsByPersonId.nodes[]",
    ),
    agree(
        "organizations",
        "person.memberships[].committee.congress.organization",
        "personByRowId.membershipsByPersonId.nodes[].committeeByCommitteeId.congressByCongressId.organizationByOrganizationId",
    ),
];

const SEARCH_PAGE_AGREE: &[Agree] = &[
    agree("edges", "organizations.edges[].node", "allOrganizations.edges[].node"),
    agree(
        "hasNextPage",
        "=organizations.pageInfo.hasNextPage",
        "=allOrganizations.pageInfo.hasNextPage",
    ),
];

const SEARCH_HISTORY_AGREE: &[Agree] = &[
    agree("organizations", "organizations.nodes[]", "allOrganizations.nodes[]"),
    agree(
        "congresses",
        "organizations.nodes[].congresses[]",
        "allOrganizations.nodes[].congressesByOrganizationId.nodes[]",
    ),
    agree(
        "members",
        "organizations.nodes[].congresses[].committees[].members[]",
        "allOrganizations.nodes[].congressesByOrganizationId.nodes[].committeesByCongressId.nodes[].membershipsByCommitteeId.nodes[]",
    ),
];

const PEOPLE_AGREE: &[Agree] = &[
    agree("people", "people.nodes[]", "allPeople.nodes[]"),
    agree(
        "memberships",
        "people.nodes[].memberships[]",
        "allPeople.nodes[].membershipsByPersonId.nodes[]",
    ),
    agree("organizations", "organizations.nodes[]", "allOrganizations.nodes[]"),
    agree(
        "stats",
        "organizations.nodes[].stats[]",
        "allOrganizations.nodes[].organizationStatsByOrganizationId.nodes[]",
    ),
];

const NODE_ORGANIZATION_AGREE: &[Agree] = &[
    agree("type", "=node.__typename", "=node.__typename"),
    agree("name", "=node.name", "=node.name"),
    agree(
        "congresses",
        "node.congresses[]",
        "node.congressesByOrganizationId.nodes[]",
    ),
];

const NODE_CONGRESS_AGREE: &[Agree] = &[
    agree("type", "=node.__typename", "=node.__typename"),
    agree("committees", "node.committees[]", "node.committeesByCongressId.nodes[]"),
    agree(
        "members",
        "node.committees[].members[]",
        "node.committeesByCongressId.nodes[].membershipsByCommitteeId.nodes[]",
    ),
];

const REPORT_AGREE: &[Agree] = &[
    agree(
        "organization",
        "=termReport.organization.name",
        "=organizationByRowId.name",
    ),
    agree(
        "targets",
        "termReport.rows.nodes[]",
        "organizationByRowId.targetsByOrganizationId.nodes[]",
    ),
    agree(
        "with a result",
        "termReport.rows.nodes[].latest",
        "organizationByRowId.targetsByOrganizationId.nodes[].targetResultsByTargetId.nodes[]",
    ),
];

/// Every operation of the mix. `second_pages` are the targets of op 7b: the search terms with
/// the endCursor each server gave for their first page.
pub fn build(pools: &MixPools, second_pages: Vec<Target>) -> Vec<Operation> {
    let ward_searches: Vec<Target> = pools
        .wards
        .iter()
        .map(|w| Target {
            ours: json!({ "search": w.key, "on": PARENT_ON }),
            postgraphile: json!({ "searchKey": w.key }),
        })
        .collect();
    // README example 2 searches a person typed without diacritics and a place as written.
    let people_and_places: Vec<Target> = pools
        .people_names
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let ward = &pools.wards[i % pools.wards.len()];
            Target {
                ours: json!({ "person": person, "place": ward.name, "on": LEADERSHIP_ON }),
                postgraphile: json!({
                    "personKey": person,
                    "placeKey": ward.key,
                    "termStartYear": ward.leadership_term_start,
                }),
            }
        })
        .collect();
    let history = |ids: &[i64]| -> Vec<Target> {
        ids.iter()
            .map(|id| Target {
                ours: json!({ "id": node_id("Organization", *id) }),
                postgraphile: json!({ "rowId": id.to_string() }),
            })
            .collect()
    };
    let median = history(&pools.median);
    let largest = history(&[pools.largest.0]);
    let congresses: Vec<Target> = pools
        .congresses
        .iter()
        .map(|id| Target {
            ours: json!({ "id": node_id("Congress", *id) }),
            postgraphile: json!({ "rowId": id.to_string() }),
        })
        .collect();
    let people: Vec<Target> = pools
        .people
        .iter()
        .map(|id| Target {
            ours: json!({ "id": node_id("Person", *id) }),
            postgraphile: json!({ "rowId": id.to_string() }),
        })
        .collect();
    let first_pages: Vec<Target> = first_page_targets(pools);
    let organization_nodes: Vec<Target> = pools
        .organizations
        .iter()
        .map(|id| Target {
            ours: json!({ "id": node_id("Organization", *id) }),
            postgraphile: json!({ "id": postgraphile_node_id("Organization", *id) }),
        })
        .collect();
    let congress_nodes: Vec<Target> = pools
        .congresses
        .iter()
        .map(|id| Target {
            ours: json!({ "id": node_id("Congress", *id) }),
            postgraphile: json!({ "id": postgraphile_node_id("Congress", *id) }),
        })
        .collect();
    let reports: Vec<Target> = pools
        .reports
        .iter()
        .map(|r| Target {
            ours: json!({ "organizationId": node_id("Organization", r.id), "termYear": r.year }),
            postgraphile: json!({ "rowId": r.id.to_string(), "startYear": r.start_year, "endYear": r.end_year }),
        })
        .collect();

    vec![
        Operation {
            key: "1",
            title: "README 1: ward history by search",
            form: Form::Apollo,
            depth: 5,
            file: "search_history.apollo.graphql",
            ours: include_str!("ours/search_history.apollo.graphql"),
            postgraphile: include_str!("postgraphile/search_history.apollo.graphql"),
            targets: ward_searches,
            agree: SEARCH_HISTORY_AGREE,
            about: format!(
                "README example 1: `organizations(search:)` with `parent(on: \"{PARENT_ON}\")` and every congress → committee → member → person, a named fragment per type and `__typename` everywhere. Searched by one of {} ward names typed without diacritics that match one organization. PostGraphile: equality on `searchKey` (it has no word search), every placement with its parent instead of `parent(on:)`.",
                pools.wards.len()
            ),
        },
        Operation {
            key: "2",
            title: "README 2: people and leadership",
            form: Form::Apollo,
            depth: 5,
            file: "people_leadership.apollo.graphql",
            ours: include_str!("ours/people_leadership.apollo.graphql"),
            postgraphile: include_str!("postgraphile/people_leadership.apollo.graphql"),
            targets: people_and_places,
            agree: PEOPLE_AGREE,
            about: format!(
                "README example 2 (two root fields): `people(search:)` with memberships → committee → congress → organization, and `organizations(search:)` with `leadership(on: \"{LEADERSHIP_ON}\")` and `stats`. Names from {} whose search matches exactly the people of that name. PostGraphile: `searchKey` equalities; for the leadership, the committees of the congress whose term holds the date with all their members (leadership is computed).",
                pools.people_names.len()
            ),
        },
        Operation {
            key: "3a",
            title: "History, median organization",
            form: Form::Apollo,
            depth: 5,
            file: "history.apollo.graphql",
            ours: include_str!("ours/history.apollo.graphql"),
            postgraphile: include_str!("postgraphile/history.apollo.graphql"),
            targets: median.clone(),
            agree: HISTORY_AGREE,
            about: format!(
                "W1's question (organization → congresses → committees → members → person) with fragments, `__typename` and `id`, for one of {} organizations with the median number of memberships ({}).",
                pools.median.len(),
                pools.median_memberships
            ),
        },
        Operation {
            key: "3b",
            title: "History, median organization",
            form: Form::Plain,
            depth: 5,
            file: "history.plain.graphql",
            ours: include_str!("ours/history.plain.graphql"),
            postgraphile: include_str!("postgraphile/history.plain.graphql"),
            targets: median,
            agree: HISTORY_AGREE,
            about: "3a written plainly: the same fields, no fragments, no `__typename`.".into(),
        },
        Operation {
            key: "4a",
            title: "History, largest organization",
            form: Form::Apollo,
            depth: 5,
            file: "history.apollo.graphql",
            ours: include_str!("ours/history.apollo.graphql"),
            postgraphile: include_str!("postgraphile/history.apollo.graphql"),
            targets: largest.clone(),
            agree: HISTORY_AGREE,
            about: format!(
                "3a for the organization with the most memberships (organization {}, {} memberships): the largest answer.",
                pools.largest.0, pools.largest.1
            ),
        },
        Operation {
            key: "4b",
            title: "History, largest organization",
            form: Form::Plain,
            depth: 5,
            file: "history.plain.graphql",
            ours: include_str!("ours/history.plain.graphql"),
            postgraphile: include_str!("postgraphile/history.plain.graphql"),
            targets: largest,
            agree: HISTORY_AGREE,
            about: "4a written plainly.".into(),
        },
        Operation {
            key: "5a",
            title: "Congress page",
            form: Form::Apollo,
            depth: 4,
            file: "congress_page.apollo.graphql",
            ours: include_str!("ours/congress_page.apollo.graphql"),
            postgraphile: include_str!("postgraphile/congress_page.apollo.graphql"),
            targets: congresses.clone(),
            agree: CONGRESS_PAGE_AGREE,
            about: format!(
                "`congress(id:)` with its organization, committees → members → person, resolution → targets → results, and reviews (four branches under the congress), for one of {} congresses of communes and districts whose targets have results. PostGraphile reads the stored columns of computed fields (`ordinalRoman`, `term`, `computedPercent`, `status`).",
                pools.congresses.len()
            ),
        },
        Operation {
            key: "5b",
            title: "Congress page",
            form: Form::UrqlGet,
            depth: 4,
            file: "congress_page.urql.graphql",
            ours: include_str!("ours/congress_page.urql.graphql"),
            postgraphile: include_str!("postgraphile/congress_page.urql.graphql"),
            targets: congresses,
            agree: CONGRESS_PAGE_AGREE,
            about: "5a as urql sends it: `GET /graphql?query=...&operationName=...&variables=...`, `__typename` added to every selection set, no named fragments.".into(),
        },
        Operation {
            key: "6a",
            title: "Person's career",
            form: Form::Apollo,
            depth: 5,
            file: "career.apollo.graphql",
            ours: include_str!("ours/career.apollo.graphql"),
            postgraphile: include_str!("postgraphile/career.apollo.graphql"),
            targets: people.clone(),
            agree: CAREER_AGREE,
            about: format!(
                "`person(id:)` → memberships → committee → congress → organization for one of {} people who held two positions or more.",
                pools.people.len()
            ),
        },
        Operation {
            key: "6b",
            title: "Person's career",
            form: Form::UrqlGet,
            depth: 5,
            file: "career.urql.graphql",
            ours: include_str!("ours/career.urql.graphql"),
            postgraphile: include_str!("postgraphile/career.urql.graphql"),
            targets: people,
            agree: CAREER_AGREE,
            about: "6a as urql sends it, over GET.".into(),
        },
        Operation {
            key: "7a",
            title: "Search page 1",
            form: Form::Relay,
            depth: 2,
            file: "search_page.relay.graphql",
            ours: include_str!("ours/search_page.relay.graphql"),
            postgraphile: include_str!("postgraphile/search_page.relay.graphql"),
            targets: first_pages,
            agree: SEARCH_PAGE_AGREE,
            about: format!(
                "`organizations(search:, first: 20)` as a Relay connection (`edges {{ cursor node {{ ...Fragment }} }}`, `pageInfo`, `totalCount`) with each result's latest congress, for one of: {}. PostGraphile cannot search by word: it is asked for the same shape, a page of 20 organizations of one level in name order with `totalCount`.",
                pools.search_terms.join(", ")
            ),
        },
        Operation {
            key: "7b",
            title: "Search page 2",
            form: Form::Relay,
            depth: 2,
            file: "search_page.relay.graphql",
            ours: include_str!("ours/search_page.relay.graphql"),
            postgraphile: include_str!("postgraphile/search_page.relay.graphql"),
            targets: second_pages,
            agree: SEARCH_PAGE_AGREE,
            about: "7a's next page: `after:` the endCursor each server gave for the first page (fetched once before timing).".into(),
        },
        Operation {
            key: "8a",
            title: "node(id:) refetch, organization",
            form: Form::Relay,
            depth: 2,
            file: "node_organization.relay.graphql",
            ours: include_str!("ours/node_organization.relay.graphql"),
            postgraphile: include_str!("postgraphile/node_organization.relay.graphql"),
            targets: organization_nodes,
            agree: NODE_ORGANIZATION_AGREE,
            about: format!(
                "Relay's refetch: `node(id:) {{ __typename id ... on Organization {{ ...Fragment }} }}` with the organization's congresses, for one of {} commune and grassroots organizations; PostGraphile gets its own global IDs.",
                pools.organizations.len()
            ),
        },
        Operation {
            key: "8b",
            title: "node(id:) refetch, congress",
            form: Form::Relay,
            depth: 4,
            file: "node_congress.relay.graphql",
            ours: include_str!("ours/node_congress.relay.graphql"),
            postgraphile: include_str!("postgraphile/node_congress.relay.graphql"),
            targets: congress_nodes,
            agree: NODE_CONGRESS_AGREE,
            about: "The same for a congress ID (the congresses of op 5): `... on Congress` with its organization and committees → members → person.".into(),
        },
        Operation {
            key: "9",
            title: "Ward term report",
            form: Form::Apollo,
            depth: 3,
            file: "term_report.apollo.graphql",
            ours: include_str!("ours/term_report.apollo.graphql"),
            postgraphile: include_str!("postgraphile/term_report.apollo.graphql"),
            targets: reports,
            agree: REPORT_AGREE,
            about: format!(
                "`termReport(organizationId:, termYear:)` of one of {} wards for a mid-term year (2012, 2017 or 2022) with results: organization, summary, every row's target, latest result and status. PostGraphile: the ward's targets of that term with each one's latest result (`first: 1`) and `totalCount`; statuses and the summary are computed and cannot be asked.",
                pools.reports.len()
            ),
        },
    ]
}

/// Op 7a's targets: a search term for congress-api, a level for PostGraphile (round robin over
/// the levels with more than two pages, so both servers have a full second page).
pub fn first_page_targets(pools: &MixPools) -> Vec<Target> {
    pools
        .search_terms
        .iter()
        .zip(pools.levels.iter().cycle())
        .map(|(term, level)| Target {
            ours: json!({ "search": term, "first": 20, "after": null }),
            postgraphile: json!({ "level": level, "first": 20, "after": null }),
        })
        .collect()
}

/// Walks `path` (`a.b[].c`) from `value` and returns every value it reaches that is not null.
pub fn reach<'a>(value: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut current: Vec<&Value> = vec![value];
    for segment in path.split('.') {
        let (name, list) = match segment.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        let mut next = Vec::new();
        for v in current {
            let child = &v[name];
            if list {
                if let Some(items) = child.as_array() {
                    next.extend(items.iter().filter(|i| !i.is_null()));
                }
            } else if !child.is_null() {
                next.push(child);
            }
        }
        current = next;
    }
    current
}

/// What an answer says about one [`Agree`]: a count, or the first value reached as JSON text.
pub fn measure(data: &Value, path: &str) -> String {
    match path.strip_prefix('=') {
        Some(path) => reach(data, path)
            .first()
            .map(|v| v.to_string())
            .unwrap_or_else(|| "null".into()),
        None => reach(data, path).len().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reach_counts_through_lists() {
        let v = json!({"a": {"b": [{"c": [1, 2]}, {"c": [3]}, {"c": null}]}});
        assert_eq!(measure(&v, "a.b[].c[]"), "3");
        assert_eq!(measure(&v, "a.b[]"), "3");
        assert_eq!(measure(&v, "a.b[].c"), "2");
        assert_eq!(measure(&v, "=a.b[].c[]"), "1");
        assert_eq!(measure(&v, "x"), "0");
    }

    #[test]
    fn documents_lose_comments_and_get_collapses_whitespace() {
        let text = "# about\nquery Q($id: ID!) {\n  node(id: $id) {\n    id\n  }\n}\n";
        assert_eq!(
            document(text, Form::Apollo),
            "query Q($id: ID!) {\n  node(id: $id) {\n    id\n  }\n}\n"
        );
        assert_eq!(
            document(text, Form::UrqlGet),
            "query Q($id: ID!) { node(id: $id) { id } }"
        );
        assert_eq!(operation_name(text), Some("Q"));
    }

    #[test]
    fn postgraphile_ids() {
        assert_eq!(postgraphile_node_id("Organization", 4), "WyJPcmdhbml6YXRpb24iLCI0Il0=");
    }
}
