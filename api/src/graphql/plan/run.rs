//! Running a [`Plan`]: the root rows, then every relation of the plan read once for all the rows
//! above it (the relations of a level in one statement, see `reads`), then the answer written in
//! one pass over the plan. Statements: one per level of the plan, and one per root list or
//! report part, whatever the rows.

use super::compile::{
    Arguments, Below, ConnectionField, ConnectionSelection, EdgeField, Field, NodeSelection, OrganizationSummaryField,
    PageInfoField, Plan, ReportField, Root, RootKind, RootList, Selection, SummaryField, What, resolve, resolve_all,
};
use super::reads::Reads;
use super::stop::{Result, Stop};
use crate::domain::report::{Summaries, Summary};
use crate::graphql::describe::json::Json;
use crate::graphql::describe::object::{FieldArgs, FieldPlan, Pick};
use crate::graphql::describe::record::{Kind, Record};
use crate::graphql::describe::relation::{Args, Relation};
use crate::graphql::describe::relations;
use crate::graphql::ids::{self, NodeType};
use crate::graphql::lists::{ListPage, ListQuery};
use crate::store::ReadConn;
use crate::store::page::PageRequest;
use crate::store::targets::{self, ReportScope, ResultsRead, RowKey};
use async_graphql::parser::types::VariableDefinition;
use async_graphql::{Value as ConstValue, Variables};
use futures::future::{BoxFuture, try_join_all};
use std::collections::HashMap;

mod report;
use report::{ReportRows, write_report};

/// The rows read for one selection over a set of parent rows.
#[derive(Default)]
struct Loaded {
    /// Per field of the selection (same order): its arguments, and its related rows.
    fields: Vec<(FieldArgs, Option<RelatedRows>)>,
}

/// A relation field's rows for every parent, and what was read below them.
struct RelatedRows {
    rows: Vec<Record>,
    /// The rows of each (parent key, arguments), as indexes into `rows`.
    by_parent: HashMap<(i64, Args), Vec<usize>>,
    below: Below_,
}

enum Below_ {
    None,
    Object(Loaded),
    /// Rows of a `Node` field, by kind.
    Nodes(HashMap<Kind, Loaded>),
}

/// What the roots read.
enum RootRows {
    Typename,
    Rows {
        rows: Vec<Option<Record>>,
        loaded: NodeLoaded,
    },
    List {
        page: ListPage,
        total: Option<i64>,
        loaded: Vec<Loaded>,
    },
    Report(Box<ReportRows>),
}

/// Rows of object or node selections.
enum NodeLoaded {
    Object(Loaded),
    Nodes(HashMap<Kind, Loaded>),
}

/// Runs a plan and writes the whole response body, `{"data":{...}}`.
#[tracing::instrument(name = "graphql.plan", level = "debug", skip_all)]
pub async fn run(plan: &Plan, conn: &ReadConn, variables: &Variables) -> Result<String> {
    let context = Context {
        conn,
        variables,
        definitions: &plan.variables,
        reads: Reads::new(conn),
    };
    // Side by side, so that the relations of one level under different roots share a statement.
    let read = try_join_all(plan.roots.iter().map(|root| context.root(root))).await?;
    let mut out = Json::with_capacity(4096);
    out.begin_object();
    out.key("data");
    out.begin_object();
    for (root, rows) in plan.roots.iter().zip(&read) {
        out.key(&root.key);
        write_root(&mut out, root, rows)?;
    }
    out.end_object();
    out.end_object();
    Ok(out.into_string())
}

struct Context<'a> {
    conn: &'a ReadConn,
    variables: &'a Variables,
    definitions: &'a [VariableDefinition],
    /// The run's reads of relations, batched by level.
    reads: Reads<'a>,
}

impl Context<'_> {
    fn argument(&self, arguments: &Arguments, name: &str) -> ConstValue {
        resolve(arguments, name, self.variables, self.definitions)
    }

    async fn root(&self, root: &Root) -> Result<RootRows> {
        Ok(match &root.kind {
            RootKind::Typename => RootRows::Typename,
            RootKind::ById {
                kind,
                arguments,
                selection,
            } => {
                let ConstValue::String(id) = self.argument(arguments, "id") else {
                    return Err(Stop::Unplannable);
                };
                let key = ids::decode_as(&id, node_type(*kind), "id").map_err(|_| Stop::Unplannable)?;
                let keys = [key];
                let (rows, ()) = futures::try_join!(self.by_id(*kind, &keys), self.read_own(selection, key))?;
                let row = rows.into_iter().next();
                let parents: Vec<&Record> = row.iter().collect();
                let loaded = self.load(selection, &parents).await?;
                RootRows::Rows {
                    rows: vec![row],
                    loaded: NodeLoaded::Object(loaded),
                }
            }
            RootKind::Node { arguments, selection } => {
                let ConstValue::String(id) = self.argument(arguments, "id") else {
                    return Err(Stop::Unplannable);
                };
                // The record's kind is in its ID: what its selection reads by the record's id
                // goes with the record's own statement, as under a root by id.
                let own = ids::decode(&id).and_then(|(node_type, key)| Some((selection.of(kind_of(node_type)?)?, key)));
                let read_own = async {
                    match own {
                        Some((selection, key)) => self.read_own(selection, key).await,
                        None => Ok(()),
                    }
                };
                let ids = [id.to_string()];
                let (rows, ()) = futures::try_join!(self.nodes(&ids), read_own)?;
                let loaded = self.load_nodes(selection, &rows).await?;
                RootRows::Rows {
                    rows,
                    loaded: NodeLoaded::Nodes(loaded),
                }
            }
            RootKind::Nodes { arguments, selection } => {
                let ids: Vec<String> = match self.argument(arguments, "ids") {
                    ConstValue::List(items) => items
                        .into_iter()
                        .map(|item| match item {
                            ConstValue::String(id) => Ok(id),
                            _ => Err(Stop::Unplannable),
                        })
                        .collect::<Result<_>>()?,
                    _ => return Err(Stop::Unplannable),
                };
                if ids.len() > crate::graphql::limits::MAX_PAGE_SIZE as usize {
                    return Err(Stop::Unplannable);
                }
                let rows = self.nodes(&ids).await?;
                let loaded = self.load_nodes(selection, &rows).await?;
                RootRows::Rows {
                    rows,
                    loaded: NodeLoaded::Nodes(loaded),
                }
            }
            RootKind::List {
                list,
                arguments,
                selection,
            } => {
                let args = resolve_all(arguments, self.variables, self.definitions);
                let query = list_query(*list, &args)?;
                let wants_total = selection
                    .fields
                    .iter()
                    .any(|field| matches!(field, ConnectionField::TotalCount(_)));
                let (page, total) = if wants_total {
                    let (page, total) = futures::try_join!(
                        self.reads.tracked(query.page(self.conn)),
                        self.reads.tracked(query.count(self.conn))
                    )?;
                    (page, Some(total))
                } else {
                    (self.reads.tracked(query.page(self.conn)).await?, None)
                };
                let parents: Vec<&Record> = page.rows.iter().map(|(row, _)| row).collect();
                let loaded = self.load_each(node_selections(selection), &parents).await?;
                RootRows::List { page, total, loaded }
            }
            RootKind::TermReport { arguments, fields } => {
                RootRows::Report(Box::new(self.report(arguments, fields).await?))
            }
        })
    }

    async fn by_id(&self, kind: Kind, keys: &[i64]) -> Result<Vec<Record>> {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        keys.dedup();
        let rows = self.reads.fetch_once(relations::by_id(kind), keys, Args::NONE).await?;
        Ok(rows.iter().map(|(_, row)| row.clone()).collect())
    }

    /// Records by global ID, in the order asked, `None` where there is none.
    async fn nodes(&self, ids: &[String]) -> Result<Vec<Option<Record>>> {
        let mut wanted: Vec<(Kind, i64)> = Vec::with_capacity(ids.len());
        for id in ids {
            let (node_type, key) = ids::decode(id).ok_or(Stop::Unplannable)?;
            wanted.push((kind_of(node_type).ok_or(Stop::Unplannable)?, key));
        }
        let mut by_kind: HashMap<Kind, Vec<i64>> = HashMap::new();
        for (kind, key) in &wanted {
            by_kind.entry(*kind).or_default().push(*key);
        }
        let mut found: HashMap<(Kind, i64), Record> = HashMap::new();
        let read = try_join_all(by_kind.iter().map(|(kind, keys)| self.by_id(*kind, keys))).await?;
        for ((kind, _), rows) in by_kind.iter().zip(read) {
            for row in rows {
                found.insert((*kind, row.id()), row);
            }
        }
        Ok(wanted.iter().map(|key| found.get(key).cloned()).collect())
    }

    /// Reads, beside a root's own row, the relations of its selection that are keyed by its id
    /// (an organization's `congresses`, a person's `memberships`): their key is the one the
    /// request gave, so they need not wait for the row, and they go in the row's statement.
    /// [`load`](Self::load) then finds them read (same relation, arguments and keys). If there
    /// is no such row, nothing reads them: a few rows read for nothing, never an answer.
    async fn read_own(&self, selection: &Selection, key: i64) -> Result<()> {
        let reads = selection.fields.iter().filter_map(|field| {
            let What::Def { def, .. } = &field.what else {
                return None;
            };
            let (relation, key_column, args_of) = match &def.plan {
                FieldPlan::Related(related) => (related.relation, related.key_column, related.args),
                FieldPlan::Derived(derived) => (derived.relation, derived.key_column, derived.args),
                _ => return None,
            };
            // Arguments the relation cannot take are `load`'s to report.
            let args = args_of(&resolve_all(&field.arguments, self.variables, self.definitions)).ok()?;
            (key_column == "id").then(|| self.reads.fetch_once(relation, vec![key], args))
        });
        try_join_all(reads).await?;
        Ok(())
    }

    /// Reads every relation of `selection` for `parents`, and recursively what is below.
    fn load<'a>(&'a self, selection: &'a Selection, parents: &'a [&'a Record]) -> BoxFuture<'a, Result<Loaded>> {
        Box::pin(async move {
            let fields = try_join_all(selection.fields.iter().map(|field| self.load_field(field, parents))).await?;
            Ok(Loaded { fields })
        })
    }

    /// [`load`](Self::load) for each selection, side by side.
    async fn load_each<'s>(
        &self,
        selections: impl IntoIterator<Item = &'s Selection>,
        parents: &[&Record],
    ) -> Result<Vec<Loaded>> {
        try_join_all(selections.into_iter().map(|selection| self.load(selection, parents))).await
    }

    async fn load_field(&self, field: &Field, parents: &[&Record]) -> Result<(FieldArgs, Option<RelatedRows>)> {
        let args = resolve_all(&field.arguments, self.variables, self.definitions);
        let What::Def { def, below } = &field.what else {
            return Ok((args, None));
        };
        let (relation, key_of, args_of) = match &def.plan {
            FieldPlan::Related(related) => (related.relation, related.key, related.args),
            FieldPlan::Derived(derived) => (derived.relation, derived.key, derived.args),
            FieldPlan::NodeRef(reference) => {
                let rows = self.referenced(parents, *reference).await?;
                let Some(Below::Node(selection)) = below else {
                    return Err(Stop::Unplannable);
                };
                let related = self.node_rows(rows, selection).await?;
                return Ok((args, Some(related)));
            }
            FieldPlan::Same(_) => {
                let rows: Vec<Record> = parents.iter().map(|parent| (*parent).clone()).collect();
                let by_parent = rows
                    .iter()
                    .enumerate()
                    .map(|(index, row)| ((row.id(), Args::NONE), vec![index]))
                    .collect();
                let Some(Below::Object(selection)) = below else {
                    return Err(Stop::Unplannable);
                };
                let below = Below_::Object(self.load(selection, parents).await?);
                return Ok((args, Some(RelatedRows { rows, by_parent, below })));
            }
            FieldPlan::Value(_) => return Ok((args, None)),
            FieldPlan::Executor => return Err(Stop::Unplannable),
        };
        // One statement per distinct arguments (a date can default per parent).
        let mut groups: HashMap<Args, Vec<i64>> = HashMap::new();
        for parent in parents {
            if let Some(key) = key_of(parent) {
                groups.entry(args_of(&args)?).or_default().push(key);
            }
        }
        let fetched = try_join_all(groups.into_iter().map(|(relation_args, mut keys)| async move {
            keys.sort_unstable();
            keys.dedup();
            let rows = self.reads.fetch_once(relation, keys, relation_args).await?;
            Ok::<_, Stop>((relation_args, rows))
        }))
        .await?;
        let mut rows = Vec::new();
        let mut by_parent: HashMap<(i64, Args), Vec<usize>> = HashMap::new();
        for (relation_args, fetched) in fetched {
            for (key, row) in fetched.iter() {
                by_parent.entry((*key, relation_args)).or_default().push(rows.len());
                rows.push(row.clone());
            }
        }
        let below = match below {
            Some(Below::Object(selection)) => {
                let children: Vec<&Record> = rows.iter().collect();
                Below_::Object(self.load(selection, &children).await?)
            }
            _ => Below_::None,
        };
        Ok((args, Some(RelatedRows { rows, by_parent, below })))
    }

    /// The records that parents refer to by kind and key (`DataQualityIssue.record`).
    async fn referenced(
        &self,
        parents: &[&Record],
        reference: fn(&Record) -> Option<(Kind, i64)>,
    ) -> Result<Vec<(i64, Record)>> {
        let mut by_kind: HashMap<Kind, Vec<i64>> = HashMap::new();
        for parent in parents {
            if let Some((kind, key)) = reference(parent) {
                by_kind.entry(kind).or_default().push(key);
            }
        }
        let read = try_join_all(by_kind.iter().map(|(kind, keys)| self.by_id(*kind, keys))).await?;
        let out = read.into_iter().flatten().map(|row| (row.id(), row)).collect();
        Ok(out)
    }

    async fn node_rows(&self, rows: Vec<(i64, Record)>, selection: &NodeSelection) -> Result<RelatedRows> {
        let mut by_parent: HashMap<(i64, Args), Vec<usize>> = HashMap::new();
        let mut records = Vec::with_capacity(rows.len());
        for (key, row) in rows {
            // Keyed by kind too: ids of different tables can be equal.
            by_parent
                .entry((key, kind_args(row.kind())))
                .or_default()
                .push(records.len());
            records.push(row);
        }
        let options: Vec<Option<Record>> = records.iter().cloned().map(Some).collect();
        let loaded = self.load_nodes(selection, &options).await?;
        Ok(RelatedRows {
            rows: records,
            by_parent,
            below: Below_::Nodes(loaded),
        })
    }

    /// Reads what each kind's selection needs for the rows of that kind.
    async fn load_nodes(&self, selection: &NodeSelection, rows: &[Option<Record>]) -> Result<HashMap<Kind, Loaded>> {
        let mut by_kind: HashMap<Kind, Vec<&Record>> = HashMap::new();
        for row in rows.iter().flatten() {
            by_kind.entry(row.kind()).or_default().push(row);
        }
        let loaded = try_join_all(by_kind.iter().map(|(kind, parents)| async move {
            let selection = selection.of(*kind).ok_or(Stop::Unplannable)?;
            Ok::<_, Stop>((*kind, self.load(selection, parents).await?))
        }))
        .await?;
        Ok(loaded.into_iter().collect())
    }
}

/// Distinguishes records of different kinds under one key in a node field's rows.
fn kind_args(kind: Kind) -> Args {
    Args {
        year: Some(kind as i32),
        ..Args::NONE
    }
}

fn node_selections(selection: &ConnectionSelection) -> Vec<&Selection> {
    let mut out = Vec::new();
    for field in &selection.fields {
        match field {
            ConnectionField::Nodes(_, selection) => out.push(selection),
            ConnectionField::Edges(_, edge) => {
                for field in edge {
                    if let EdgeField::Node(_, selection) = field {
                        out.push(selection);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn list_query(list: RootList, args: &FieldArgs) -> Result<ListQuery> {
    let first = args.int("first")?;
    let after = args.text("after")?;
    let query = match list {
        RootList::Organizations => {
            let kind = match args.enumeration("kind")? {
                Some(name) => Some(enum_named::<entity::enums::OrganizationKind>(name)?),
                None => None,
            };
            let level = match args.enumeration("level")? {
                Some(name) => Some(enum_named::<entity::enums::OrganizationLevel>(name)?),
                None => None,
            };
            ListQuery::organizations(
                args.text("search")?,
                kind,
                level,
                args.text("parentId")?,
                args.date("activeOn")?,
                first,
                after,
            )
        }
        RootList::Congresses => ListQuery::congresses(
            args.text("organizationId")?,
            args.text("underOrganizationId")?,
            args.int("termYear")?,
            first,
            after,
        ),
        RootList::People => ListQuery::people(args.text("search")?, first, after),
        RootList::Documents => ListQuery::documents(args.text("symbol")?, first, after),
        RootList::Issues => ListQuery::issues(args.text("organizationId")?, args.text("rule")?, first, after),
    };
    // An invalid argument is the executor's to report.
    query.map_err(|_| Stop::Unplannable)
}

/// A stored enumeration by its GraphQL name.
fn enum_named<E: sea_orm::ActiveEnum<Value = String> + sea_orm::Iterable>(name: &str) -> Result<E> {
    E::iter()
        .find(|value| value.to_value() == name)
        .ok_or(Stop::Unplannable)
}

fn node_type(kind: Kind) -> NodeType {
    match kind {
        Kind::Organization => NodeType::Organization,
        Kind::Placement => NodeType::Placement,
        Kind::Lineage => NodeType::Lineage,
        Kind::OrganizationStats => NodeType::OrganizationStats,
        Kind::Rating => NodeType::Rating,
        Kind::Commendation => NodeType::Commendation,
        Kind::Congress => NodeType::Congress,
        Kind::Committee => NodeType::Committee,
        Kind::Membership => NodeType::Membership,
        Kind::Person => NodeType::Person,
        Kind::Document => NodeType::Document,
        Kind::Resolution => NodeType::Resolution,
        Kind::Target => NodeType::Target,
        Kind::TargetResult => NodeType::TargetResult,
        Kind::Review => NodeType::Review,
        Kind::Source => NodeType::Source,
        Kind::Issue => NodeType::DataQualityIssue,
    }
}

fn kind_of(node_type: NodeType) -> Option<Kind> {
    Some(match node_type {
        NodeType::Organization => Kind::Organization,
        NodeType::Placement => Kind::Placement,
        NodeType::Lineage => Kind::Lineage,
        NodeType::OrganizationStats => Kind::OrganizationStats,
        NodeType::Rating => Kind::Rating,
        NodeType::Commendation => Kind::Commendation,
        NodeType::Congress => Kind::Congress,
        NodeType::Committee => Kind::Committee,
        NodeType::Membership => Kind::Membership,
        NodeType::Person => Kind::Person,
        NodeType::Document => Kind::Document,
        NodeType::Resolution => Kind::Resolution,
        NodeType::Target => Kind::Target,
        NodeType::TargetResult => Kind::TargetResult,
        NodeType::Review => Kind::Review,
        NodeType::Source => Kind::Source,
        NodeType::DataQualityIssue => Kind::Issue,
        NodeType::AuditEvent => return None,
    })
}

// Writing.

fn write_root(out: &mut Json, root: &Root, rows: &RootRows) -> Result<()> {
    match (&root.kind, rows) {
        (RootKind::Typename, _) => out.str("Query"),
        (
            RootKind::ById { selection, .. },
            RootRows::Rows {
                rows,
                loaded: NodeLoaded::Object(loaded),
            },
        ) => match rows.first().and_then(Option::as_ref) {
            Some(row) => write_selection(out, selection, loaded, row)?,
            None => out.null(),
        },
        (
            RootKind::Node { selection, .. },
            RootRows::Rows {
                rows,
                loaded: NodeLoaded::Nodes(loaded),
            },
        ) => match rows.first().and_then(Option::as_ref) {
            Some(row) => write_node(out, selection, loaded, row)?,
            None => out.null(),
        },
        (
            RootKind::Nodes { selection, .. },
            RootRows::Rows {
                rows,
                loaded: NodeLoaded::Nodes(loaded),
            },
        ) => {
            out.begin_list();
            for row in rows {
                match row {
                    Some(row) => write_node(out, selection, loaded, row)?,
                    None => out.null(),
                }
            }
            out.end_list();
        }
        (RootKind::List { selection, .. }, RootRows::List { page, total, loaded }) => {
            write_connection(out, selection, page, *total, loaded)?
        }
        (RootKind::TermReport { fields, .. }, RootRows::Report(report)) => write_report(out, fields, report)?,
        _ => return Err(Stop::Unplannable),
    }
    Ok(())
}

fn write_node(out: &mut Json, selection: &NodeSelection, loaded: &HashMap<Kind, Loaded>, row: &Record) -> Result<()> {
    let kind = row.kind();
    let (Some(selection), Some(loaded)) = (selection.of(kind), loaded.get(&kind)) else {
        return Err(Stop::Unplannable);
    };
    write_selection(out, selection, loaded, row)
}

fn write_connection(
    out: &mut Json,
    selection: &ConnectionSelection,
    page: &ListPage,
    total: Option<i64>,
    loaded: &[Loaded],
) -> Result<()> {
    let mut loaded = loaded.iter();
    out.begin_object();
    for field in &selection.fields {
        match field {
            ConnectionField::Typename(key) => {
                out.key(key);
                out.str(&selection.type_name);
            }
            ConnectionField::TotalCount(key) => {
                out.key(key);
                out.int(total.ok_or(Stop::Unplannable)?);
            }
            ConnectionField::PageInfo(key, fields) => {
                out.key(key);
                out.begin_object();
                for (key, field) in fields {
                    out.key(key);
                    match field {
                        PageInfoField::Typename => out.str("PageInfo"),
                        PageInfoField::HasNextPage => out.bool(page.has_next),
                        PageInfoField::HasPreviousPage => out.bool(false),
                        PageInfoField::StartCursor => out.opt_str(page.rows.first().map(|(_, c)| c.as_str())),
                        PageInfoField::EndCursor => out.opt_str(page.rows.last().map(|(_, c)| c.as_str())),
                    }
                }
                out.end_object();
            }
            ConnectionField::Edges(key, fields) => {
                out.key(key);
                // Each node selection of the edges was loaded in the order `node_selections`
                // lists them.
                let mut node_loaded = Vec::new();
                for field in fields {
                    if matches!(field, EdgeField::Node(..)) {
                        node_loaded.push(loaded.next().ok_or(Stop::Unplannable)?);
                    }
                }
                out.begin_list();
                for (row, cursor) in &page.rows {
                    let mut next_loaded = node_loaded.iter();
                    out.begin_object();
                    for field in fields {
                        match field {
                            EdgeField::Typename(key) => {
                                out.key(key);
                                out.str(&selection.edge_type_name);
                            }
                            EdgeField::Cursor(key) => {
                                out.key(key);
                                out.str(cursor);
                            }
                            EdgeField::Node(key, node_selection) => {
                                out.key(key);
                                let loaded = next_loaded.next().ok_or(Stop::Unplannable)?;
                                write_selection(out, node_selection, loaded, row)?;
                            }
                        }
                    }
                    out.end_object();
                }
                out.end_list();
            }
            ConnectionField::Nodes(key, node_selection) => {
                out.key(key);
                let node_loaded = loaded.next().ok_or(Stop::Unplannable)?;
                out.begin_list();
                for (row, _) in &page.rows {
                    write_selection(out, node_selection, node_loaded, row)?;
                }
                out.end_list();
            }
        }
    }
    out.end_object();
    Ok(())
}

fn write_selection(out: &mut Json, selection: &Selection, loaded: &Loaded, row: &Record) -> Result<()> {
    out.begin_object();
    for (field, (args, related)) in selection.fields.iter().zip(&loaded.fields) {
        out.key(&field.key);
        match &field.what {
            What::Typename(name) => out.str(name),
            What::Def { def, below } => match &def.plan {
                FieldPlan::Value(write) => write(row, args, out)?,
                FieldPlan::Related(field_plan) => {
                    let related = related.as_ref().ok_or(Stop::Unplannable)?;
                    let children = children_of(related, (field_plan.key)(row), (field_plan.args)(args)?);
                    let Below_::Object(below_loaded) = &related.below else {
                        return Err(Stop::Unplannable);
                    };
                    let Some(Below::Object(below_selection)) = below else {
                        return Err(Stop::Unplannable);
                    };
                    match field_plan.pick {
                        Pick::All => {
                            out.begin_list();
                            for child in children {
                                write_selection(out, below_selection, below_loaded, child)?;
                            }
                            out.end_list();
                        }
                        Pick::First | Pick::Last => {
                            let child = if field_plan.pick == Pick::First {
                                children.first()
                            } else {
                                children.last()
                            };
                            match child {
                                Some(child) => write_selection(out, below_selection, below_loaded, child)?,
                                None if field_plan.required => return Err(Stop::Unplannable),
                                None => out.null(),
                            }
                        }
                    }
                }
                FieldPlan::Derived(derived) => {
                    let related = related.as_ref().ok_or(Stop::Unplannable)?;
                    let children = children_of(related, (derived.key)(row), (derived.args)(args)?);
                    (derived.write)(row, &children, args, out)?;
                }
                FieldPlan::NodeRef(reference) => {
                    let related = related.as_ref().ok_or(Stop::Unplannable)?;
                    let (Below_::Nodes(below_loaded), Some(Below::Node(below_selection))) = (&related.below, below)
                    else {
                        return Err(Stop::Unplannable);
                    };
                    let child = reference(row)
                        .and_then(|(kind, key)| children_of(related, Some(key), kind_args(kind)).into_iter().next());
                    match child {
                        Some(child) => write_node(out, below_selection, below_loaded, child)?,
                        None => out.null(),
                    }
                }
                FieldPlan::Same(_) => {
                    let related = related.as_ref().ok_or(Stop::Unplannable)?;
                    let (Below_::Object(below_loaded), Some(Below::Object(below_selection))) = (&related.below, below)
                    else {
                        return Err(Stop::Unplannable);
                    };
                    let child = children_of(related, Some(row.id()), Args::NONE)
                        .into_iter()
                        .next()
                        .ok_or(Stop::Unplannable)?;
                    write_selection(out, below_selection, below_loaded, child)?;
                }
                FieldPlan::Executor => return Err(Stop::Unplannable),
            },
        }
    }
    out.end_object();
    Ok(())
}

fn children_of(related: &RelatedRows, key: Option<i64>, args: Args) -> Vec<&Record> {
    let Some(key) = key else {
        return Vec::new();
    };
    related
        .by_parent
        .get(&(key, args))
        .map(|indexes| indexes.iter().map(|index| &related.rows[*index]).collect())
        .unwrap_or_default()
}
