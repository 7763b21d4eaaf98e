//! The layering of the server, drawn from the code and held: every file of `api/src` is mapped to
//! a layer, its `crate::`/`super::`/`self::` references are read, and the test fails on an edge
//! the matrix below does not allow, on any import cycle between files, on any SeaORM query API
//! outside the store, and on any source file of the workspace over 1,000 lines.
//!
//! The layers, top to bottom (a layer may use those listed for it, never one above):
//!
//! ```text
//! app      lib, app, cli, seed        wiring, the command line, the sample data
//! http     http/                      routes, the CSV endpoint, GraphiQL
//! graphql  graphql/                   schema, resolvers, loaders, the planner
//! support  config, admission,      settings, load shedding, counters, tracing export
//!          metrics, telemetry
//! write    write/                     use cases: load (store) -> check (domain) -> persist (store)
//! domain   domain/                    rules: pure functions over loaded facts, no I/O
//! store    store/                     every query and statement
//! bottom   vocabulary/, error,      the words every layer speaks, and the message catalog
//!          events, i18n/
//! ```
//!
//! Domain and store never import each other: a write use case is what brings them together.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layer each top-level module of `api/src` belongs to (the crate root is `app`).
const LAYERS: &[(&str, &str)] = &[
    ("", "app"),
    ("app", "app"),
    ("cli", "app"),
    ("seed", "app"),
    ("http", "http"),
    ("graphql", "graphql"),
    ("config", "support"),
    ("admission", "support"),
    ("metrics", "support"),
    ("telemetry", "support"),
    ("write", "write"),
    ("domain", "domain"),
    ("store", "store"),
    ("vocabulary", "bottom"),
    ("i18n", "bottom"),
    ("error", "bottom"),
    ("events", "bottom"),
];

/// Which layers each layer may use (besides itself).
const ALLOWED: &[(&str, &[&str])] = &[
    (
        "app",
        &["http", "graphql", "support", "write", "domain", "store", "bottom"],
    ),
    ("http", &["graphql", "support", "write", "domain", "store", "bottom"]),
    ("graphql", &["support", "write", "domain", "store", "bottom"]),
    ("support", &["store", "bottom"]),
    ("write", &["domain", "store", "bottom"]),
    ("domain", &["bottom"]),
    ("store", &["bottom"]),
    ("bottom", &[]),
];

/// SeaORM's query API: building or running a query or statement. Only the store (and the
/// entity, migration and generator crates, which this test does not read) may use it. Entity
/// models, `ActiveModel` values built with `Set` (the row a write hands the store), enums and
/// the transaction type are data, and allowed everywhere.
const QUERY_API: &[&str] = &[
    "EntityTrait",
    "ActiveModelTrait",
    "ConnectionTrait",
    "TransactionTrait",
    "QueryFilter",
    "QuerySelect",
    "QueryOrder",
    "PaginatorTrait",
    "Statement",
    "sea_query",
    "sea_orm::prelude",
    "Entity::find",
    "update_many(",
    "insert_many(",
    "delete_many(",
    ".exec(",
    "exec_without_returning(",
    "query_all(",
    "query_one(",
    "execute_unprepared(",
];

/// Import cycles that are known: a cycle found must lie within one of these sets of files (so
/// they may shrink, never grow or appear elsewhere). The one left is inherent: the schema's object
/// types name each other (an organization has congresses and a history of audit events, a
/// congress and an audit event their organization), and each file of `graphql/types/` holds some
/// of them. Nothing outside `graphql/types/` is in a cycle.
const KNOWN_CYCLES: &[&[&str]] = &[&[
    "api/src/graphql/types/audit.rs",
    "api/src/graphql/types/congress.rs",
    "api/src/graphql/types/misc.rs",
    "api/src/graphql/types/node.rs",
    "api/src/graphql/types/organization.rs",
    "api/src/graphql/types/target.rs",
]];

const MAX_LINES: usize = 1_000;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One source file of the server library: its module path and its code without comments and
/// test modules.
struct SourceFile {
    path: String,
    module: Vec<String>,
    is_mod_file: bool,
    code: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

/// The code of a file without line comments (outside strings) and without its `#[cfg(test)]`
/// module, which may use anything.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut out = String::new();
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        let mut cut = line.len();
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
            } else if b == b'"' {
                in_string = true;
            } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
                cut = i;
                break;
            }
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

fn library_files() -> Vec<SourceFile> {
    let src = root().join("api/src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(&src)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let mut module: Vec<String> = relative.trim_end_matches(".rs").split('/').map(str::to_owned).collect();
            let is_mod_file = matches!(module.last().map(String::as_str), Some("mod" | "lib"));
            if is_mod_file {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            SourceFile {
                path: format!("api/src/{relative}"),
                module,
                is_mod_file,
                code: code_of(&text),
            }
        })
        .collect()
}

/// Every path the code names from `start` (`crate::`, `super::`, `self::`), groups expanded:
/// `crate::a::{b, c::d}` gives `a::b` and `a::c::d`, as segments after the prefix.
fn paths_after(code: &str, start: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(found) = rest.find(start) {
        let before = rest[..found].chars().next_back();
        let tail = &rest[found + start.len()..];
        rest = tail;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        expand(tail, Vec::new(), &mut out);
    }
    out
}

/// Reads one path (possibly a group) at the start of `text`, after the segments in `prefix`.
fn expand(text: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        let mut depth = 0;
        let mut item_start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    expand(&group[item_start..i], prefix.clone(), out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&group[item_start..i], prefix.clone(), out);
                    item_start = i + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let segment = &text[..end];
    if segment.is_empty() {
        if !prefix.is_empty() {
            out.push(prefix);
        }
        return;
    }
    let mut path = prefix;
    if segment != "self" {
        path.push(segment.to_owned());
    }
    match text[end..].strip_prefix("::") {
        Some(more) => expand(more, path, out),
        None => out.push(path),
    }
}

/// The dependency graph between files: module path -> the modules it names.
struct Graph {
    files: Vec<SourceFile>,
    modules: BTreeSet<Vec<String>>,
    /// `pub use` re-exports: (module, name) -> the absolute path it re-exports.
    reexports: BTreeMap<(Vec<String>, String), Vec<String>>,
}

impl Graph {
    fn build() -> Self {
        let files = library_files();
        let modules = files.iter().map(|f| f.module.clone()).collect();
        let mut graph = Graph {
            files,
            modules,
            reexports: BTreeMap::new(),
        };
        let mut reexports = BTreeMap::new();
        for file in &graph.files {
            for line in file.code.lines().map(str::trim).filter(|l| l.starts_with("pub use ")) {
                let mut paths = Vec::new();
                expand(
                    line.trim_start_matches("pub use ").trim_end_matches(';'),
                    Vec::new(),
                    &mut paths,
                );
                for path in paths {
                    let Some(name) = path.last().cloned() else { continue };
                    if let Some(absolute) = graph.absolute(file, &path) {
                        reexports.insert((file.module.clone(), name), absolute);
                    }
                }
            }
        }
        graph.reexports = reexports;
        graph
    }

    /// A path as written in `file` made absolute (segments from the crate root).
    fn absolute(&self, file: &SourceFile, path: &[String]) -> Option<Vec<String>> {
        let parent = |module: &[String]| module[..module.len().saturating_sub(1)].to_vec();
        let (mut base, rest) = match path.first().map(String::as_str) {
            Some("crate") => (Vec::new(), &path[1..]),
            Some("super") => {
                // `super` of a file `a/b.rs` (module a::b) is `a`; of `a/mod.rs` (module a) too.
                (parent(&file.module), &path[1..])
            }
            Some("self") => (file.module.clone(), &path[1..]),
            // A child module declared in this file, named without a prefix.
            Some(first)
                if file.is_mod_file
                    && self
                        .modules
                        .contains(&[file.module.clone(), vec![first.to_owned()]].concat()) =>
            {
                (file.module.clone(), path)
            }
            _ => return None,
        };
        let mut rest = rest;
        while rest.first().map(String::as_str) == Some("super") {
            base = parent(&base);
            rest = &rest[1..];
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The file a path lands in: its longest prefix that is a module, through re-exports (and
    /// re-exports of re-exports).
    fn module_of(&self, path: &[String]) -> Option<Vec<String>> {
        self.module_through(path, 0)
    }

    fn module_through(&self, path: &[String], depth: usize) -> Option<Vec<String>> {
        for len in (0..=path.len()).rev() {
            let prefix = &path[..len];
            if self.modules.contains(prefix) {
                if depth < 8
                    && let Some(name) = path.get(len)
                    && let Some(target) = self.reexports.get(&(prefix.to_vec(), name.clone()))
                    && target.as_slice() != &path[..=len]
                {
                    let mut followed = target.clone();
                    followed.extend(path[len + 1..].iter().cloned());
                    return self.module_through(&followed, depth + 1);
                }
                return Some(prefix.to_vec());
            }
        }
        None
    }

    /// Every file-to-file edge, with no self edges and nothing to a parent `mod.rs` that only
    /// declares modules.
    fn edges(&self) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
        let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        for file in &self.files {
            let entry = edges.entry(file.module.clone()).or_default();
            let named = ["crate::", "super::", "self::"].into_iter().flat_map(|start| {
                paths_after(&file.code, start)
                    .into_iter()
                    .map(move |rest| [vec![start.trim_end_matches("::").to_owned()], rest].concat())
            });
            let plain = if file.is_mod_file {
                // `pub use child::Name;` in a mod.rs or lib.rs names a child module without a prefix.
                file.code
                    .lines()
                    .map(str::trim)
                    .filter(|l| l.starts_with("pub use ") || l.starts_with("use "))
                    .flat_map(|l| {
                        let mut paths = Vec::new();
                        expand(
                            l.trim_start_matches("pub ")
                                .trim_start_matches("use ")
                                .trim_end_matches(';'),
                            Vec::new(),
                            &mut paths,
                        );
                        paths
                    })
                    .collect()
            } else {
                Vec::new()
            };
            for path in named.chain(plain) {
                if let Some(target) = self.absolute(file, &path).and_then(|p| self.module_of(&p))
                    && target != file.module
                {
                    entry.insert(target);
                }
            }
        }
        edges
    }
}

fn layer_of(module: &[String]) -> &'static str {
    let top = module.first().map(String::as_str).unwrap_or("");
    LAYERS
        .iter()
        .find(|(name, _)| *name == top)
        .map(|(_, layer)| *layer)
        .unwrap_or("unmapped")
}

fn file_name(module: &[String], graph: &Graph) -> String {
    graph
        .files
        .iter()
        .find(|f| f.module == module)
        .map(|f| f.path.clone())
        .unwrap_or_else(|| module.join("::"))
}

#[test]
fn every_module_of_the_server_is_mapped_to_a_layer() {
    let graph = Graph::build();
    let unmapped: Vec<String> = graph
        .files
        .iter()
        .filter(|f| layer_of(&f.module) == "unmapped")
        .map(|f| f.path.clone())
        .collect();
    assert!(
        unmapped.is_empty(),
        "these files are in no layer; add their top-level module to LAYERS in tests/integration/layers.rs: {unmapped:#?}"
    );
}

#[test]
fn no_layer_uses_a_layer_above_it_and_domain_and_store_stay_apart() {
    let graph = Graph::build();
    let mut forbidden = Vec::new();
    for (from, targets) in graph.edges() {
        let from_layer = layer_of(&from);
        let allowed = ALLOWED
            .iter()
            .find(|(l, _)| *l == from_layer)
            .map(|(_, a)| *a)
            .unwrap_or(&[]);
        for to in targets {
            let to_layer = layer_of(&to);
            if to_layer != from_layer && !allowed.contains(&to_layer) {
                forbidden.push(format!(
                    "{} ({from_layer}) uses {} ({to_layer})",
                    file_name(&from, &graph),
                    file_name(&to, &graph)
                ));
            }
        }
    }
    assert!(
        forbidden.is_empty(),
        "{} imports go against the layers (allowed: {ALLOWED:?}):\n{}",
        forbidden.len(),
        forbidden.join("\n")
    );
}

#[test]
fn no_two_files_import_each_other_even_through_others() {
    let graph = Graph::build();
    let edges = graph.edges();
    let cycles = strongly_connected(&edges);
    let mut known_seen = BTreeSet::new();
    let described: Vec<String> = cycles
        .iter()
        .filter(|members| {
            let names: BTreeSet<String> = members.iter().map(|m| file_name(m, &graph)).collect();
            match KNOWN_CYCLES
                .iter()
                .position(|known| names.iter().all(|n| known.contains(&n.as_str())))
            {
                Some(index) => {
                    known_seen.insert(index);
                    false
                }
                None => true,
            }
        })
        .map(|members| {
            let names: Vec<String> = members.iter().map(|m| file_name(m, &graph)).collect();
            format!("  {}", names.join(" <-> "))
        })
        .collect();
    assert!(
        described.is_empty(),
        "import cycles between files (each line is a set of files that reach each other):\n{}",
        described.join("\n")
    );
    let stale: Vec<_> = (0..KNOWN_CYCLES.len())
        .filter(|i| !known_seen.contains(i))
        .map(|i| KNOWN_CYCLES[i])
        .collect();
    assert!(
        stale.is_empty(),
        "these cycles are broken: remove them from KNOWN_CYCLES: {stale:?}"
    );
}

/// Tarjan's algorithm: the sets of more than one module that all reach each other.
fn strongly_connected(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on_stack: BTreeSet<&'a Vec<String>>,
        found: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a Vec<String>) {
        let next = state.index.len();
        state.index.insert(node, next);
        state.low.insert(node, next);
        state.stack.push(node);
        state.on_stack.insert(node);
        let edges = state.edges;
        for target in edges.get(node).into_iter().flatten() {
            if !state.index.contains_key(target) {
                visit(state, target);
                let low = state.low[target].min(state.low[node]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(target) {
                let low = state.index[target].min(state.low[node]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut members = Vec::new();
            while let Some(member) = state.stack.pop() {
                state.on_stack.remove(member);
                members.push(member.clone());
                if member == node {
                    break;
                }
            }
            if members.len() > 1 {
                members.sort();
                state.found.push(members);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in edges.keys() {
        if !state.index.contains_key(node) {
            visit(&mut state, node);
        }
    }
    state.found
}

#[test]
fn only_the_store_builds_or_runs_queries() {
    let mut paths = Vec::new();
    rust_files(&root().join("api/src"), &mut paths);
    rust_files(&root().join("src"), &mut paths);
    paths.sort();
    let mut found = Vec::new();
    for path in paths {
        let relative = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if relative.starts_with("api/src/store/") {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&path).unwrap_or_default());
        for (number, line) in code.lines().enumerate() {
            for api in QUERY_API.iter().filter(|api| line.contains(**api)) {
                found.push(format!("{relative}:{}: {api}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "SeaORM's query API outside the store (move the query into a function of api/src/store/):\n{}",
        found.join("\n")
    );
}

#[test]
fn no_source_file_is_over_a_thousand_lines() {
    let mut paths = Vec::new();
    rust_files(&root(), &mut paths);
    paths.sort();
    let over: Vec<String> = paths
        .iter()
        .filter_map(|path| {
            let relative = path
                .strip_prefix(root())
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let lines = std::fs::read_to_string(path).unwrap_or_default().lines().count();
            (lines > MAX_LINES).then(|| format!("{relative}: {lines} lines"))
        })
        .collect();
    assert!(
        over.is_empty(),
        "files over {MAX_LINES} lines; split them by concern:\n{}",
        over.join("\n")
    );
}
