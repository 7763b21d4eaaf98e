//! W1's answer checked before timing: congress-api, PostGraphile and the SQL give the same rows.

use crate::{Endpoint, load, pg, workloads};

/// The W1 answer of congress-api or PostGraphile as rows (term, ordinal, opened, committee kind,
/// position, started, name), in answer order.
pub fn w1_rows(answer: &serde_json::Value, postgraphile: bool) -> Vec<String> {
    let mut rows = Vec::new();
    let (org, congresses_of, committees_of, members_of, person_of) = if postgraphile {
        (
            &answer["data"]["organizationByRowId"],
            "congressesByOrganizationId",
            "committeesByCongressId",
            "membershipsByCommitteeId",
            "personByPersonId",
        )
    } else {
        (
            &answer["data"]["organization"],
            "congresses",
            "committees",
            "members",
            "person",
        )
    };
    let list = |value: &serde_json::Value, field: &str| -> Vec<serde_json::Value> {
        let v = &value[field];
        let v = if postgraphile { &v["nodes"] } else { v };
        v.as_array().cloned().unwrap_or_default()
    };
    rows.push(format!("O|{}", org["name"]));
    for g in list(org, congresses_of) {
        let term = if postgraphile {
            format!("{}-{}", g["termStartYear"], g["termEndYear"])
        } else {
            g["term"].as_str().unwrap_or("").to_owned()
        };
        let congress = format!("{term}|{}|{}", g["ordinal"], g["openedOn"]);
        rows.push(format!("G|{congress}"));
        for c in list(&g, committees_of) {
            rows.push(format!("C|{congress}|{}", c["kind"]));
            for m in list(&c, members_of) {
                rows.push(format!(
                    "M|{congress}|{}|{}|{}|{}",
                    c["kind"], m["position"], m["startedOn"], m[person_of]["fullName"]
                ));
            }
        }
    }
    rows
}

/// Checks on a few organizations that congress-api, PostGraphile and the SQL return the same rows.
pub async fn verify_w1(
    cluster: &pg::Cluster,
    database: &str,
    ours: &Endpoint,
    postgraphile: Option<&Endpoint>,
    pools: &workloads::Pools,
) -> String {
    let mut notes = Vec::new();
    let mut same = 0;
    let sample: Vec<i64> = pools.w1.iter().take(5).copied().collect();
    for id in &sample {
        let ours_body = serde_json::json!({
            "operationName": "W1", "query": workloads::W1_QUERY,
            "variables": { "id": workloads::node_id("Organization", *id) }
        });
        let ours_rows = match load::request_once(ours, ours_body.to_string().into()).await {
            Ok(answer) => w1_rows(&answer, false),
            Err(error) => {
                notes.push(format!("organization {id}: congress-api failed: {error:#}"));
                continue;
            }
        };
        let members = ours_rows.iter().filter(|r| r.starts_with("M|")).count();
        let sql_members: usize = cluster
            .psql(
                database,
                &format!(
                    "SELECT count(m.id) FROM congresses g JOIN committees c ON c.congress_id = g.id \
                     JOIN memberships m ON m.committee_id = c.id WHERE g.organization_id = {id} AND g.retracted_at IS NULL"
                ),
            )
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(usize::MAX);
        let mut ok = sql_members == members;
        if let Some(pg_endpoint) = postgraphile {
            let pg_body = serde_json::json!({
                "operationName": "W1", "query": workloads::W1_POSTGRAPHILE_QUERY,
                "variables": { "id": id.to_string() }
            });
            match load::request_once(pg_endpoint, pg_body.to_string().into()).await {
                Ok(answer) => {
                    let pg_rows = w1_rows(&answer, true);
                    if pg_rows != ours_rows {
                        let (mut a, mut b) = (ours_rows.clone(), pg_rows.clone());
                        a.sort();
                        b.sort();
                        if a == b {
                            notes.push(format!(
                                "organization {id}: same rows, in a different order in PostGraphile"
                            ));
                        } else {
                            ok = false;
                            notes.push(format!(
                                "organization {id}: DIFFERENT rows: congress-api {} vs PostGraphile {}",
                                ours_rows.len(),
                                pg_rows.len()
                            ));
                        }
                    }
                }
                Err(error) => {
                    ok = false;
                    notes.push(format!("organization {id}: PostGraphile failed: {error:#}"));
                }
            }
        }
        if sql_members != members {
            notes.push(format!(
                "organization {id}: congress-api lists {members} memberships, SQL counts {sql_members}"
            ));
        }
        if ok {
            same += 1;
        }
    }
    let mut text = format!(
        "W1 equivalence: {same} of {} sampled organizations gave the same rows from congress-api{} and the SQL.",
        sample.len(),
        if postgraphile.is_some() { ", PostGraphile" } else { "" }
    );
    for note in notes {
        text.push_str("\n  - ");
        text.push_str(&note);
    }
    text
}
