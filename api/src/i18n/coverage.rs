//! The catalog covers every message a user can get: this test reads the server's source, finds
//! every place a message is made (an issue, an `ApiError`, a pipeline or HTTP refusal) and
//! takes its text (a literal, or the literal of a `format!`), and requires a Vietnamese template
//! for each. A new message without a translation fails here, naming it.

use std::collections::BTreeSet;
use syn::visit::Visit;

/// Calls whose argument at this position (from 0) is a message a user sees.
const FUNCTIONS: [(&str, usize); 14] = [
    ("authenticated", 1),
    ("malformed", 0),
    ("Malformed", 0),
    ("invalid", 2),
    ("not_found", 0),
    ("Conflict", 0),
    ("Unauthenticated", 0),
    ("Forbidden", 0),
    ("QueryTooComplex", 0),
    ("NotFound", 0),
    ("too_complex", 0),
    ("plain_error", 2),
    ("coded", 0),
    ("Rejected", 0),
];

/// Methods likewise, with their number of arguments: an issue's message (`issues.error(rule,
/// path, message)`), a text put in a language (`language.message(text)`).
const METHODS: [(&str, usize, usize); 3] = [("error", 2, 3), ("warn", 2, 3), ("message", 0, 1)];

/// The text of a message expression: a literal, `format!("...")`, or either behind `&`,
/// `.into()`, `.to_owned()`, `.to_string()`, a block or a branch (every branch's text).
fn texts(expr: &syn::Expr, out: &mut BTreeSet<String>) {
    match expr {
        // A plain literal's braces are braces: written `{{`/`}}` as in a format string.
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) => {
            out.insert(text.value().replace('{', "{{").replace('}', "}}"));
        }
        syn::Expr::Macro(mac) if mac.mac.path.is_ident("format") => {
            if let Ok(args) = mac
                .mac
                .parse_body_with(syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
                && let Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                })) = args.first()
            {
                out.insert(text.value());
            }
        }
        syn::Expr::Reference(reference) => texts(&reference.expr, out),
        syn::Expr::Paren(paren) => texts(&paren.expr, out),
        syn::Expr::MethodCall(call)
            if ["into", "to_owned", "to_string"].contains(&call.method.to_string().as_str()) =>
        {
            texts(&call.receiver, out)
        }
        syn::Expr::If(branch) => {
            if let Some(syn::Stmt::Expr(last, None)) = branch.then_branch.stmts.last() {
                texts(last, out);
            }
            if let Some((_, otherwise)) = &branch.else_branch {
                texts(otherwise, out);
            }
        }
        syn::Expr::Block(block) => {
            if let Some(syn::Stmt::Expr(last, None)) = block.block.stmts.last() {
                texts(last, out);
            }
        }
        syn::Expr::Match(choice) => {
            for arm in &choice.arms {
                texts(&arm.body, out);
            }
        }
        _ => {}
    }
}

#[derive(Default)]
struct Finder {
    messages: BTreeSet<String>,
}

impl<'ast> Visit<'ast> for Finder {
    /// Test modules (`#[cfg(test)]`) make fixtures, not messages a user gets.
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        let for_tests = module.attrs.iter().any(|attr| {
            attr.path().is_ident("cfg")
                && attr
                    .parse_args::<syn::Ident>()
                    .is_ok_and(|predicate| predicate == "test")
        });
        if !for_tests {
            syn::visit::visit_item_mod(self, module);
        }
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(path) = &*call.func
            && let Some(last) = path.path.segments.last()
        {
            let name = last.ident.to_string();
            // `ServerError::new(message, ..)`, `async_graphql::Error::new(message)`.
            let owner = path.path.segments.iter().rev().nth(1).map(|s| s.ident.to_string());
            if name == "new"
                && matches!(owner.as_deref(), Some("ServerError" | "Error"))
                && let Some(argument) = call.args.first()
            {
                texts(argument, &mut self.messages);
            }
            for (function, position) in FUNCTIONS {
                if name == function
                    && let Some(argument) = call.args.iter().nth(position)
                {
                    texts(argument, &mut self.messages);
                }
            }
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        for (method, position, arity) in METHODS {
            // By arity: an issue (rule, path, message), not `tracing::error!` or a logger.
            if name == method
                && call.args.len() == arity
                && let Some(argument) = call.args.iter().nth(position)
            {
                texts(argument, &mut self.messages);
            }
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    /// Macros' bodies are tokens to syn: read the ones that are lists of expressions (`vec![..]`,
    /// `format!(..)`, `matches!(..)`), so that a message made inside one is found.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Ok(args) =
            mac.parse_body_with(syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated)
        {
            // `write!(f, message)` in a `Display` whose text reaches a message.
            if mac.path.is_ident("write")
                && let Some(syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                })) = args.iter().nth(1)
            {
                self.messages.insert(text.value());
            }
            for arg in &args {
                self.visit_expr(arg);
            }
        }
    }

    /// `let message = ...;` (or `reason`): a message made first and passed on.
    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let syn::Pat::Ident(binding) = &local.pat
            && ["message", "reason"].contains(&binding.ident.to_string().as_str())
            && let Some(init) = &local.init
        {
            texts(&init.expr, &mut self.messages);
        }
        syn::visit::visit_local(self, local);
    }

    fn visit_expr_struct(&mut self, object: &'ast syn::ExprStruct) {
        // `Issue { rule, path, message, .. }` written out.
        if object.path.segments.last().is_some_and(|last| last.ident == "Issue") {
            for field in &object.fields {
                if matches!(&field.member, syn::Member::Named(name) if name == "message") {
                    texts(&field.expr, &mut self.messages);
                }
            }
        }
        syn::visit::visit_expr_struct(self, object);
    }
}

/// Every message template the server's source makes, and the file it is in.
pub fn messages_in_source() -> BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut finder = Finder::default();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let file = syn::parse_file(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
                finder.visit_file(&file);
            }
        }
    }
    finder.messages
}

/// Texts a message construction site makes that are not messages of their own (an escape).
const NOT_MESSAGES: [&str; 1] = ["\\u{byte:04x}"];

#[test]
fn every_message_in_the_source_has_a_vietnamese_template() {
    let catalog: BTreeSet<&str> = super::vi::CATALOG.iter().map(|(english, _)| *english).collect();
    let found = messages_in_source();
    assert!(found.len() > 100, "the scan finds the messages ({} found)", found.len());
    let missing: Vec<&String> = found
        .iter()
        .filter(|message| !NOT_MESSAGES.contains(&message.as_str()))
        // Only values ("{}", "{what}; {EXPECTED}") say nothing of their own.
        .filter(|message| {
            super::pieces(message, false)
                .iter()
                .any(|piece| matches!(piece, super::Piece::Text(text) if text.chars().any(char::is_alphabetic)))
        })
        .filter(|message| !catalog.contains(message.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "messages without a Vietnamese template in i18n/vi.rs: {missing:#?}"
    );
}
