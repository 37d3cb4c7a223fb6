//! The Rust back-end's files import each other in one direction only: the
//! plan knows no printer, printers know no other printer, and the assembler
//! sits on top. A cycle would mean no file of the back-end can be read or
//! changed without the others, so this test fails on any, naming it.
//!
//! The import graph is read from the source with syn: every path that starts
//! with `crate::`, `self::` or `super::` (or, in a module that declares it, a
//! child module's name), in `use` items and in code, resolved to the file
//! that defines what it names. Paths inside `quote!` and its kin are the
//! generated crate's, not ours, and are skipped; other macros' arguments are
//! read when they parse as expressions. `mod x;` declarations and
//! `pub(super)` are structure, not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit_mut::{self, VisitMut};

/// A module path from the crate root, e.g. `["rust", "plan"]`.
type ModPath = Vec<String>;

/// Files by module path, and the files each one imports.
struct Graph {
    files: BTreeMap<ModPath, String>,
    edges: BTreeMap<String, BTreeSet<String>>,
}

/// The module path of a file under `src/`.
fn module_path(relative: &Path) -> ModPath {
    let mut parts: ModPath = relative
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.strip_suffix(".rs").unwrap_or(&last);
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// Builds the graph of `sources` (path under `src/`, text).
fn graph(sources: &[(String, String)]) -> Graph {
    let files: BTreeMap<ModPath, String> = sources
        .iter()
        .map(|(path, _)| (module_path(Path::new(path)), path.clone()))
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut walk = Walk {
            files: &files,
            from: path,
            at: module_path(Path::new(path)),
            to: BTreeSet::new(),
        };
        let mut file = file;
        walk.visit_file_mut(&mut file);
        edges.insert(path.clone(), walk.to);
    }
    Graph { files, edges }
}

struct Walk<'a> {
    files: &'a BTreeMap<ModPath, String>,
    from: &'a str,
    /// The module being read: the file's, or an inline module in it.
    at: ModPath,
    to: BTreeSet<String>,
}

impl Walk<'_> {
    /// Records the file `segments` (read in module `self.at`) leads to.
    fn reference(&mut self, segments: &[String], in_use: bool) {
        let Some(first) = segments.first() else {
            return;
        };
        let absolute: ModPath = match first.as_str() {
            "crate" => segments[1..].to_vec(),
            "self" => self.at.iter().chain(&segments[1..]).cloned().collect(),
            "super" => {
                let ups = segments.iter().take_while(|s| *s == "super").count();
                let base = &self.at[..self.at.len().saturating_sub(ups)];
                base.iter().chain(&segments[ups..]).cloned().collect()
            }
            // A child module named bare; a one-segment path in code is a
            // local binding, not a module.
            name if in_use || segments.len() > 1 => {
                let mut child = self.at.clone();
                child.push(name.to_string());
                if !self.files.contains_key(&child) {
                    return;
                }
                self.at.iter().chain(segments).cloned().collect()
            }
            _ => return,
        };
        // The file that defines it: the longest module path that is a file.
        let target = (0..=absolute.len())
            .rev()
            .find_map(|n| self.files.get(&absolute[..n]));
        if let Some(target) = target {
            if target != self.from {
                self.to.insert(target.clone());
            }
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.use_leaf(prefix, n.ident.to_string()),
            syn::UseTree::Rename(r) => self.use_leaf(prefix, r.ident.to_string()),
            syn::UseTree::Glob(_) => {
                let path = prefix.clone();
                self.reference(&path, true);
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn use_leaf(&mut self, prefix: &[String], name: String) {
        let mut path = prefix.to_vec();
        // `use super::plan::{self, Gate}`: `self` is the prefix itself.
        if name != "self" {
            path.push(name);
        }
        self.reference(&path, true);
    }
}

/// Macros whose input is the generated crate's code.
const GENERATING: &[&str] = &[
    "quote",
    "quote_spanned",
    "parse_quote",
    "parse_quote_spanned",
    "format_ident",
];

impl VisitMut for Walk<'_> {
    fn visit_item_mod_mut(&mut self, item: &mut syn::ItemMod) {
        self.at.push(item.ident.to_string());
        visit_mut::visit_item_mod_mut(self, item);
        self.at.pop();
    }

    // `pub(super)` says who may see an item; it depends on nothing.
    fn visit_visibility_mut(&mut self, _: &mut syn::Visibility) {}

    fn visit_item_use_mut(&mut self, item: &mut syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if path.leading_colon.is_none() {
            self.reference(&segments, false);
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string());
        if name.is_some_and(|n| GENERATING.contains(&n.as_str())) {
            return;
        }
        visit_mut::visit_macro_mut(self, mac);
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(mut args) = mac.parse_body_with(parser) {
            for arg in args.iter_mut() {
                self.visit_expr_mut(arg);
            }
        }
    }
}

/// A cycle of files, first file repeated at the end, if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = stack.iter().position(|n| n == node).unwrap_or(0);
                let mut cycle = stack[start..].to_vec();
                cycle.push(node.to_string());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node.to_string(), Mark::Open);
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, marks, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut marks, &mut Vec::new()))
}

fn rust_sources(dir: &Path, src: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_sources(&path, src, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(src).unwrap();
            let name = relative
                .iter()
                .map(|c| c.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

fn render(edges: &BTreeMap<String, BTreeSet<String>>) -> String {
    edges
        .iter()
        .map(|(from, to)| {
            let to: Vec<&str> = to.iter().map(String::as_str).collect();
            format!("  {from} -> {}\n", to.join(", "))
        })
        .collect()
}

#[test]
fn the_rust_back_end_has_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    rust_sources(&src.join("rust"), &src, &mut sources);
    let graph = graph(&sources);
    // The walk sees the imports there are: a graph without edges would pass
    // whatever the code did.
    assert!(graph.files.len() > 10, "{:?}", graph.files.values());
    let edge_count: usize = graph.edges.values().map(BTreeSet::len).sum();
    assert!(edge_count > graph.files.len(), "{}", render(&graph.edges));
    if let Some(cycle) = find_cycle(&graph.edges) {
        panic!(
            "import cycle in codegen/src/rust/: {}\n\nevery import:\n{}",
            cycle.join(" -> "),
            render(&graph.edges)
        );
    }
}

/// Files any file of the back-end may import: the plan and helpers that
/// import nothing else.
const SHARED: &[&str] = &[
    "rust/plan/",
    "rust/tokens.rs",
    "rust/output.rs",
    "rust/settings.rs",
    "rust/action_expr.rs",
];

/// Files that put the printers' output together, and the unit tests.
const ASSEMBLY: &[&str] = &["rust/mod.rs", "rust/module.rs", "rust/tests.rs"];

fn shared(file: &str) -> bool {
    SHARED.iter().any(|s| file.starts_with(s))
}

#[test]
fn printers_import_only_the_plan_and_shared_helpers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    rust_sources(&src.join("rust"), &src, &mut sources);
    let graph = graph(&sources);
    let mut wrong = Vec::new();
    for (from, to) in &graph.edges {
        if ASSEMBLY.contains(&from.as_str()) {
            continue;
        }
        // So the plan and the helpers never reach a printer either.
        for to in to.iter().filter(|to| !shared(to)) {
            wrong.push(format!("  {from} -> {to}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "only module.rs calls printers; a printer reads the plan and the helpers \
         in SHARED (move what two printers need there):\n{}",
        wrong.join("\n")
    );
}

fn source(path: &str, text: &str) -> (String, String) {
    (path.to_string(), text.to_string())
}

#[test]
fn the_check_finds_a_cycle_through_use_paths_and_macros() {
    let sources = [
        source("rust/mod.rs", "mod a; mod b; mod c; pub use a::run;"),
        source("rust/a.rs", "use super::b::{self, helper};\nfn run() {}"),
        source(
            "rust/b.rs",
            "fn helper() { let x = quote!(super::a::x); assert!(crate::rust::c::f()); }",
        ),
        source("rust/c.rs", "pub fn f() -> bool { super::a::run(); true }"),
    ];
    let graph = graph(&sources);
    let edges = &graph.edges;
    assert_eq!(edges["rust/mod.rs"], BTreeSet::from(["rust/a.rs".into()]));
    assert_eq!(edges["rust/b.rs"], BTreeSet::from(["rust/c.rs".into()]));
    let cycle = find_cycle(edges).expect("a -> b -> c -> a");
    assert_eq!(
        cycle,
        ["rust/a.rs", "rust/b.rs", "rust/c.rs", "rust/a.rs"].map(String::from)
    );
}

#[test]
fn the_check_reads_scopes_and_leaves_generated_paths_alone() {
    let sources = [
        source("rust/mod.rs", "mod plan; mod emit; pub const X: u8 = 0;"),
        source("rust/plan/mod.rs", "mod names; use names::claim;"),
        source(
            "rust/plan/names.rs",
            "pub(super) fn claim() {} #[cfg(test)] mod tests { use super::*; use super::super::super::X; }",
        ),
        source(
            "rust/emit.rs",
            "use super::plan; fn f(plan: u8) { let t = quote!(use self::types::*; super::X); }",
        ),
    ];
    let graph = graph(&sources);
    let edges = &graph.edges;
    assert_eq!(
        edges["rust/plan/mod.rs"],
        BTreeSet::from(["rust/plan/names.rs".into()])
    );
    // An inline module's `super` is its own file; one more is the parent.
    assert_eq!(
        edges["rust/plan/names.rs"],
        BTreeSet::from(["rust/mod.rs".into()])
    );
    assert_eq!(
        edges["rust/emit.rs"],
        BTreeSet::from(["rust/plan/mod.rs".into()])
    );
    assert!(edges["rust/mod.rs"].is_empty());
    assert_eq!(find_cycle(edges), None);
}
