//! `Target` and `TargetResult`: what a term set out to do, and what each year achieved.

use crate::domain::report::{self, Assessment};
use crate::domain::targets;
use crate::graphql::describe::fields::{executor, history, id, related, source, value};
use crate::graphql::describe::json::Json;
use crate::graphql::describe::object::{DerivedField, FieldArgs, FieldDef, FieldPlan, ObjectDef, Unplannable, no_args};
use crate::graphql::describe::record::{Kind, Record};
use crate::graphql::describe::relations::*;
use entity::enums::AchievementStatus;
use entity::{target, target_result};

/// A target's status: of its latest result, NO_DATA without one.
fn target_status(record: &Record, results: &[&Record], _: &FieldArgs, out: &mut Json) -> Result<(), Unplannable> {
    let target: &target::Model = record.try_into().map_err(|_| Unplannable)?;
    let results: Vec<&target_result::Model> = results
        .iter()
        .map(|record| <&target_result::Model>::try_from(*record).map_err(|_| Unplannable))
        .collect::<Result<_, _>>()?;
    let status = match targets::latest(results) {
        Some(result) => targets::status_of(target, result),
        None => AchievementStatus::NoData,
    };
    out.enumeration(&status);
    Ok(())
}

/// A result's status against its target.
fn result_status(record: &Record, target: &[&Record], _: &FieldArgs, out: &mut Json) -> Result<(), Unplannable> {
    out.enumeration(&status_against_target(record, target)?);
    Ok(())
}

/// A result's status against its target, in Vietnamese.
fn result_status_label(record: &Record, target: &[&Record], _: &FieldArgs, out: &mut Json) -> Result<(), Unplannable> {
    out.str(crate::graphql::labels::achievement_status(status_against_target(
        record, target,
    )?));
    Ok(())
}

fn status_against_target(record: &Record, target: &[&Record]) -> Result<AchievementStatus, Unplannable> {
    let result: &target_result::Model = record.try_into().map_err(|_| Unplannable)?;
    let Some(target) = target.first() else {
        // A result without its target: the executor reports the dangling reference.
        return Err(Unplannable);
    };
    let target: &target::Model = (*target).try_into().map_err(|_| Unplannable)?;
    Ok(targets::status_of(target, result))
}

/// A report row's assessment, from its target and results (see `domain::report::assess`).
fn row_assessment(record: &Record, results: &[&Record]) -> Result<Assessment, Unplannable> {
    let target: &target::Model = record.try_into().map_err(|_| Unplannable)?;
    let results: Vec<target_result::Model> = results
        .iter()
        .map(|record| {
            <&target_result::Model>::try_from(*record)
                .cloned()
                .map_err(|_| Unplannable)
        })
        .collect::<Result<_, _>>()?;
    Ok(report::assess(target, &results))
}

/// A report row's field derived from its assessment.
macro_rules! assessed {
    ($name:literal, |$assessment:ident, $out:ident| $write:expr) => {{
        fn write(record: &Record, results: &[&Record], _: &FieldArgs, $out: &mut Json) -> Result<(), Unplannable> {
            let $assessment = row_assessment(record, results)?;
            $write;
            Ok(())
        }
        FieldDef {
            name: $name,
            complexity: None,
            plan: FieldPlan::Derived(DerivedField {
                relation: &RESULTS,
                key: own_id,
                key_column: "id",
                args: no_args,
                write,
            }),
        }
    }};
}

fn own_id(record: &Record) -> Option<i64> {
    Some(record.id())
}

fn target_of(record: &Record) -> Option<i64> {
    <&target_result::Model>::try_from(record).ok().map(|m| m.target_id)
}

pub static TARGET_TYPE: ObjectDef = ObjectDef {
    name: "Target",
    kind: Kind::Target,
    fields: &[
        id!(target::Model, Target),
        history!(),
        value!("ordinal", target::Model, |m, out| out.int(i64::from(m.ordinal))),
        value!("text", target::Model, |m, out| out.str(&m.text)),
        related!("parent", TARGET_BY_ID, target::Model, key parent_id, First, required false, complexity None),
        related!("children", SUB_TARGETS, target::Model, key id, All, required true,
            complexity Some(SUB_TARGETS.complexity)),
        value!("measure", target::Model, |m, out| out
            .opt_enumeration(m.measure.as_ref())),
        value!("comparator", target::Model, |m, out| out
            .opt_enumeration(m.comparator.as_ref())),
        value!("minValue", target::Model, |m, out| out
            .opt_decimal(targets::stored_decimal(m.min_value.as_deref()))),
        value!("maxValue", target::Model, |m, out| out
            .opt_decimal(targets::stored_decimal(m.max_value.as_deref()))),
        value!("unit", target::Model, |m, out| out.opt_str(m.unit.as_deref())),
        value!("period", target::Model, |m, out| out.opt_enumeration(m.period.as_ref())),
        value!("assignedBy", target::Model, |m, out| out.enumeration(&m.assigned_by)),
        related!("assignedByOrganization", ORGANIZATION_BY_ID, target::Model, key assigned_by_organization_id,
            First, required false, complexity None),
        related!("organization", ORGANIZATION_BY_ID, target::Model, key organization_id, First,
            required true, complexity None),
        related!("congress", CONGRESS_BY_ID, target::Model, key congress_id, First, required false,
            complexity None),
        value!("startYear", target::Model, |m, out| out.int(i64::from(m.start_year))),
        value!("endYear", target::Model, |m, out| out.int(i64::from(m.end_year))),
        value!("note", target::Model, |m, out| out.opt_str(m.note.as_deref())),
        related!("results", RESULTS, target::Model, key id, All, required true,
            complexity Some(RESULTS.complexity)),
        // The results are in year order, so the latest is the last (see `targets::latest`).
        related!("latestResult", RESULTS, target::Model, key id, Last, required false,
            complexity None),
        FieldDef {
            name: "status",
            complexity: None,
            plan: FieldPlan::Derived(DerivedField {
                relation: &RESULTS,
                key: own_id,
                key_column: "id",
                args: no_args,
                write: target_status,
            }),
        },
        source!(target::Model),
    ],
};

pub static TARGET_RESULT_TYPE: ObjectDef = ObjectDef {
    name: "TargetResult",
    kind: Kind::TargetResult,
    fields: &[
        id!(target_result::Model, TargetResult),
        history!(),
        related!("target", TARGET_BY_ID, target_result::Model, key target_id, First, required true,
            complexity None),
        value!("year", target_result::Model, |m, out| out.int(i64::from(m.year_to))),
        value!("yearFrom", target_result::Model, |m, out| out
            .int(i64::from(m.year_from))),
        value!("yearTo", target_result::Model, |m, out| out.int(i64::from(m.year_to))),
        value!("achieved", target_result::Model, |m, out| out
            .opt_decimal(targets::stored_decimal(m.achieved.as_deref()))),
        value!("planned", target_result::Model, |m, out| out
            .opt_decimal(targets::stored_decimal(m.planned.as_deref()))),
        value!("outOf", target_result::Model, |m, out| out
            .opt_decimal(targets::stored_decimal(m.out_of.as_deref()))),
        value!("reportedPercent", target_result::Model, |m, out| {
            out.opt_decimal(targets::stored_decimal(m.reported_percent.as_deref()))
        }),
        value!("computedPercent", target_result::Model, |m, out| out
            .opt_decimal(targets::computed_percent_of(m))),
        value!("qualifier", target_result::Model, |m, out| out
            .opt_enumeration(m.qualifier.as_ref())),
        value!("reportedStatus", target_result::Model, |m, out| out
            .opt_enumeration(m.reported_status.as_ref())),
        FieldDef {
            name: "status",
            complexity: None,
            plan: FieldPlan::Derived(DerivedField {
                relation: &TARGET_BY_ID,
                key: target_of,
                key_column: "target_id",
                args: no_args,
                write: result_status,
            }),
        },
        FieldDef {
            name: "statusLabel",
            complexity: None,
            plan: FieldPlan::Derived(DerivedField {
                relation: &TARGET_BY_ID,
                key: target_of,
                key_column: "target_id",
                args: no_args,
                write: result_status_label,
            }),
        },
        value!("note", target_result::Model, |m, out| out.opt_str(m.note.as_deref())),
        source!(target_result::Model),
    ],
};

/// A row of a term report: a target, seen with the fields of a report row.
pub static TERM_REPORT_ROW_TYPE: ObjectDef = ObjectDef {
    name: "TermReportRow",
    kind: Kind::Target,
    fields: &[
        related!("organization", ORGANIZATION_BY_ID, target::Model, key organization_id, First,
            required true, complexity None),
        related!("congress", CONGRESS_BY_ID, target::Model, key congress_id, First, required false,
            complexity None),
        FieldDef {
            name: "target",
            complexity: None,
            plan: FieldPlan::Same(&TARGET_TYPE),
        },
        related!("results", RESULTS, target::Model, key id, All, required true, complexity Some(5)),
        related!("latest", RESULTS, target::Model, key id, Last, required false, complexity None),
        FieldDef {
            name: "status",
            complexity: None,
            plan: FieldPlan::Derived(DerivedField {
                relation: &RESULTS,
                key: own_id,
                key_column: "id",
                args: no_args,
                write: target_status,
            }),
        },
        assessed!("statedStatus", |assessment, out| out
            .opt_enumeration(assessment.stated_status.as_ref())),
        assessed!("statusDisagrees", |assessment, out| out
            .bool(assessment.status_disagrees)),
        assessed!("approximate", |assessment, out| out.bool(assessment.approximate)),
        assessed!("conflicting", |assessment, out| out
            .bool(!assessment.conflicting.is_empty())),
        assessed!("conflictingValues", |assessment, out| {
            out.begin_list();
            for value in assessment.conflicting.iter().filter_map(|(_, value)| *value) {
                out.opt_decimal(Some(value));
            }
            out.end_list();
        }),
        related!("dataQualityIssues", TARGET_ISSUES, target::Model, key id, All, required true,
            complexity Some(5)),
        // It reads two relations per row (results and warnings).
        executor!("dataQualityCodes"),
    ],
};
