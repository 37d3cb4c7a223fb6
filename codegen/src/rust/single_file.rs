//! The single-file variant of the crate, for `include!` from a build script.
//!
//! It is the crate's own provider modules, as the assembler (`module.rs`)
//! puts them together, reshaped here rather than printed a second time, so
//! the two cannot drift apart:
//!
//! - `#[cfg(feature = ..)]` is decided here: the user's crate has no such
//!   features, so a gate over the selected events is dropped, and an item
//!   gated only on other events is left out with it. `undocumented` needs
//!   nothing and is on. An item gated on a feature of the runtime
//!   (`delivery`, `axum`, `validate`, `testing`) gets the runtime's
//!   `cfg_feature` instead: it exists when the user's crate turns that
//!   feature of `webhook-runtime` on.
//! - The modules the crate keeps in files (`types`, `validation`) are
//!   written inline; the embedded schemas and payloads are files beside the
//!   module, under [`DATA_DIR`].
//! - Inner attributes become outer attributes of the nested `mod`s, since
//!   `include!` accepts items only.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{AttrStyle, Attribute, Expr, Item, Meta, Stmt};

use super::output::{parse_rust, space_items, BackendError, PREAMBLE};
use super::tokens::ident;

/// The directory beside the module that holds `schemas/<provider>/` and
/// `payloads/<provider>/`, which it embeds.
pub const DATA_DIR: &str = "webhooks";

/// Features of `webhook-runtime` that items of the module may need.
const RUNTIME_FEATURES: &[&str] = &["delivery", "axum", "validate", "testing"];

/// Writes a provider's module into `items` as one inline `mod`: `module` is
/// its `mod.rs`, `inline` the modules it keeps in files, by name, and
/// `enabled` the event features that are on. `single`: the provider is the
/// crate's only one, whose items the root re-exports.
pub(crate) fn push_provider(
    items: &mut Vec<Item>,
    module_name: &Ident,
    single: bool,
    module: TokenStream,
    inline: [(&str, TokenStream); 2],
    enabled: &BTreeSet<String>,
) -> Result<(), BackendError> {
    let mut module = parse_file("provider", module)?;
    for (name, tokens) in inline {
        let mut file = parse_file(name, tokens)?;
        for item in &mut module.items {
            if let Item::Mod(m) = item {
                if m.ident == name && m.content.is_none() {
                    m.attrs.extend(outer(std::mem::take(&mut file.attrs)));
                    m.content = Some((Default::default(), std::mem::take(&mut file.items)));
                    m.semi = None;
                }
            }
        }
    }
    Reshape { enabled }.visit_file_mut(&mut module);

    // Other modules kept in files of their own hold what needs the
    // crate's extra dependencies (`schemars`); they stay out, with the
    // re-exports that name them.
    let dropped: Vec<Ident> = module
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Mod(m) if m.content.is_none() => Some(m.ident.clone()),
            _ => None,
        })
        .collect();
    module.items.retain(|i| match i {
        Item::Mod(m) => !dropped.contains(&m.ident),
        Item::Use(u) => !names_dropped(&u.tree, &dropped),
        _ => true,
    });
    let attrs = outer(std::mem::take(&mut module.attrs));
    let vis = if single { quote!() } else { quote!(pub) };
    items.push(syn::parse_quote! {
        #(#attrs)*
        #vis mod #module_name {}
    });
    set_content(items.last_mut(), module.items);
    if single {
        items.push(syn::parse_quote!(pub use self::#module_name::*;));
    }
    Ok(())
}

/// The text of the file: the preamble, how to include it, then `items`.
pub(crate) fn print(items: Vec<Item>) -> String {
    let file = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    };
    let intro: String = INTRO.iter().map(|line| format!("//{line}\n")).collect();
    format!(
        "// {PREAMBLE}\n{intro}{}",
        space_items(&prettyplease::unparse(&file))
    )
}

/// `a::b` (or `crate::a::b`) as identifiers; empty for the crate root;
/// `None` when a segment is not an identifier.
pub fn parse_module_path(path: &str) -> Option<Vec<Ident>> {
    let path = path.trim();
    let path = path.strip_prefix("crate").unwrap_or(path);
    let path = path.strip_prefix("::").unwrap_or(path);
    if path.is_empty() {
        return Some(Vec::new());
    }
    path.split("::")
        .map(|segment| syn::parse_str::<Ident>(segment.trim()).ok())
        .collect()
}

/// The comment that opens the module.
const INTRO: &[&str] = &[
    " Meant for `include!(concat!(env!(\"OUT_DIR\"), \"/webhooks.rs\"));` inside a module;",
    " needs `serde`, `serde_json` and `webhook-runtime` in the including crate. Items",
    " marked `cfg_feature(name)` exist when that crate turns on the `name` feature",
    " of `webhook-runtime`.",
];

/// Whether a `use` goes through `self::<dropped>`.
fn names_dropped(tree: &syn::UseTree, dropped: &[Ident]) -> bool {
    match tree {
        syn::UseTree::Path(p) if p.ident == "self" => {
            matches!(&*p.tree, syn::UseTree::Path(next) if dropped.contains(&next.ident))
        }
        _ => false,
    }
}

pub(crate) fn parse_file(what: &str, tokens: TokenStream) -> Result<syn::File, BackendError> {
    parse_rust(&format!("{what} module"), tokens)
}

fn outer(mut attrs: Vec<Attribute>) -> Vec<Attribute> {
    for a in &mut attrs {
        a.style = AttrStyle::Outer;
    }
    attrs
}

fn set_content(item: Option<&mut Item>, items: Vec<Item>) {
    if let Some(Item::Mod(m)) = item {
        m.content = Some((Default::default(), items));
        m.semi = None;
    }
}

struct Reshape<'a> {
    enabled: &'a BTreeSet<String>,
}

/// What a `#[cfg]` comes to once the features are known.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cfg {
    Keep,
    Drop,
    /// On with a feature of the runtime.
    Runtime(String),
    /// Not about features (`test`, ...): left to the compiler.
    Unknown,
}

impl Reshape<'_> {
    fn eval(&self, meta: &Meta) -> Cfg {
        match meta {
            Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
                Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => {
                    let feature = s.value();
                    if self.enabled.contains(&feature) || feature == "undocumented" {
                        Cfg::Keep
                    } else if RUNTIME_FEATURES.contains(&feature.as_str()) {
                        Cfg::Runtime(feature)
                    } else {
                        Cfg::Drop
                    }
                }
                _ => Cfg::Unknown,
            },
            Meta::List(list) => {
                let Ok(args) =
                    list.parse_args_with(Punctuated::<Meta, syn::Token![,]>::parse_terminated)
                else {
                    return Cfg::Unknown;
                };
                let values: Vec<Cfg> = args.iter().map(|m| self.eval(m)).collect();
                // `any` is `Keep` with one `Keep`, `Drop` with all `Drop`;
                // `all` the other way round. One runtime feature among
                // values that do not matter is that feature.
                let (decides, neutral) = if list.path.is_ident("any") {
                    (Cfg::Keep, Cfg::Drop)
                } else if list.path.is_ident("all") {
                    (Cfg::Drop, Cfg::Keep)
                } else if list.path.is_ident("not") && values.len() == 1 {
                    return match &values[0] {
                        Cfg::Keep => Cfg::Drop,
                        Cfg::Drop => Cfg::Keep,
                        _ => Cfg::Unknown,
                    };
                } else {
                    return Cfg::Unknown;
                };
                if values.contains(&decides) {
                    return decides;
                }
                let open: Vec<Cfg> = values.into_iter().filter(|v| *v != neutral).collect();
                match open.as_slice() {
                    [] => neutral,
                    [Cfg::Runtime(feature)] => Cfg::Runtime(feature.clone()),
                    // Not about features only: the compiler's to decide.
                    _ if open.contains(&Cfg::Unknown) => Cfg::Unknown,
                    // Several runtime features: more than one gate can say.
                    _ => Cfg::Drop,
                }
            }
            _ => Cfg::Unknown,
        }
    }

    /// Settles the `#[cfg]`s of `attrs`; whether the owner stays. Only an
    /// item of a module can take the runtime's `cfg_feature`; anything else
    /// gated on a runtime feature is left out.
    fn decide(&self, attrs: &mut Vec<Attribute>, item: bool) -> bool {
        let mut keep = true;
        let mut runtime = Vec::new();
        attrs.retain(|a| {
            if !a.path().is_ident("cfg") {
                return true;
            }
            let cfg = match &a.meta {
                Meta::List(list) => list
                    .parse_args::<Meta>()
                    .map_or(Cfg::Unknown, |m| self.eval(&m)),
                _ => Cfg::Unknown,
            };
            match cfg {
                Cfg::Keep => false,
                Cfg::Drop => {
                    keep = false;
                    false
                }
                Cfg::Runtime(feature) if item => {
                    runtime.push(ident(&feature));
                    false
                }
                Cfg::Runtime(_) => {
                    keep = false;
                    false
                }
                Cfg::Unknown => true,
            }
        });
        for feature in runtime {
            attrs.insert(
                0,
                syn::parse_quote!(#[::webhook_runtime::__private::cfg_feature(#feature)]),
            );
        }
        keep
    }
}

/// The attributes of an item that can carry them here.
pub(super) fn item_attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::ExternCrate(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

fn stmt_attrs(stmt: &mut Stmt) -> Option<&mut Vec<Attribute>> {
    match stmt {
        Stmt::Local(l) => Some(&mut l.attrs),
        Stmt::Item(i) => item_attrs(i),
        Stmt::Macro(m) => Some(&mut m.attrs),
        Stmt::Expr(e, _) => match e {
            Expr::If(x) => Some(&mut x.attrs),
            Expr::Match(x) => Some(&mut x.attrs),
            Expr::Call(x) => Some(&mut x.attrs),
            Expr::MethodCall(x) => Some(&mut x.attrs),
            Expr::Block(x) => Some(&mut x.attrs),
            Expr::Return(x) => Some(&mut x.attrs),
            Expr::Macro(x) => Some(&mut x.attrs),
            Expr::Assign(x) => Some(&mut x.attrs),
            _ => None,
        },
    }
}

fn retain_punct<T, P: Default>(list: &mut Punctuated<T, P>, mut keep: impl FnMut(&mut T) -> bool) {
    let old = std::mem::take(list);
    for mut value in old {
        if keep(&mut value) {
            list.push(value);
        }
    }
}

impl VisitMut for Reshape<'_> {
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        file.items
            .retain_mut(|i| item_attrs(i).is_none_or(|a| self.decide(a, true)));
        visit_mut::visit_file_mut(self, file);
    }

    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut m.content {
            items.retain_mut(|i| item_attrs(i).is_none_or(|a| self.decide(a, true)));
        }
        visit_mut::visit_item_mod_mut(self, m);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        block
            .stmts
            .retain_mut(|s| stmt_attrs(s).is_none_or(|a| self.decide(a, false)));
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_item_impl_mut(&mut self, imp: &mut syn::ItemImpl) {
        imp.items.retain_mut(|i| match i {
            syn::ImplItem::Const(c) => self.decide(&mut c.attrs, false),
            syn::ImplItem::Fn(f) => self.decide(&mut f.attrs, false),
            syn::ImplItem::Type(t) => self.decide(&mut t.attrs, false),
            _ => true,
        });
        visit_mut::visit_item_impl_mut(self, imp);
    }

    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        m.arms.retain_mut(|arm| self.decide(&mut arm.attrs, false));
        visit_mut::visit_expr_match_mut(self, m);
    }

    fn visit_item_enum_mut(&mut self, e: &mut syn::ItemEnum) {
        retain_punct(&mut e.variants, |v| self.decide(&mut v.attrs, false));
        visit_mut::visit_item_enum_mut(self, e);
    }

    fn visit_fields_named_mut(&mut self, f: &mut syn::FieldsNamed) {
        retain_punct(&mut f.named, |field| self.decide(&mut field.attrs, false));
        visit_mut::visit_fields_named_mut(self, f);
    }

    fn visit_expr_struct_mut(&mut self, s: &mut syn::ExprStruct) {
        retain_punct(&mut s.fields, |field| self.decide(&mut field.attrs, false));
        visit_mut::visit_expr_struct_mut(self, s);
    }

    fn visit_expr_array_mut(&mut self, a: &mut syn::ExprArray) {
        retain_punct(&mut a.elems, |e| match e {
            Expr::Lit(l) => self.decide(&mut l.attrs, false),
            Expr::Path(p) => self.decide(&mut p.attrs, false),
            _ => true,
        });
        visit_mut::visit_expr_array_mut(self, a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reshape(enabled: &[&str], tokens: TokenStream) -> String {
        let enabled: BTreeSet<String> = enabled.iter().map(|s| s.to_string()).collect();
        let mut file: syn::File = syn::parse2(tokens).unwrap();
        Reshape { enabled: &enabled }.visit_file_mut(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn module_paths() {
        let path = |p: &str| {
            parse_module_path(p).map(|v| v.iter().map(|i| i.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(path("webhooks"), Some(vec!["webhooks".to_string()]));
        assert_eq!(
            path("crate::a::b"),
            Some(vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(path(""), Some(vec![]));
        assert_eq!(path("crate"), Some(vec![]));
        assert_eq!(path("a-b"), None);
        assert_eq!(path("a::"), None);
        assert_eq!(path("fn"), None);
    }

    #[test]
    fn feature_gates_are_decided() {
        let out = reshape(
            &["push"],
            quote! {
                #[cfg(feature = "push")] struct A;
                #[cfg(feature = "fork")] struct B;
                #[cfg(any(feature = "fork", feature = "push"))] struct C;
                #[cfg(not(feature = "push"))] struct D;
                #[cfg(test)] struct E;
                #[cfg(feature = "undocumented")] struct F;
                #[cfg(feature = "schemars")] struct G;
                enum Ev { #[cfg(feature = "push")] Push, #[cfg(feature = "delivery")] Gone }
                fn f(e: &str) { #[cfg(feature = "fork")] if e == "fork" { return; } match e { #[cfg(feature = "fork")] "a" => {}, _ => {} } }
            },
        );
        assert!(
            out.contains("struct A;") && out.contains("struct C;") && out.contains("struct F;"),
            "{out}"
        );
        assert!(
            !out.contains("struct B") && !out.contains("struct D") && !out.contains("struct G"),
            "{out}"
        );
        assert!(out.contains("#[cfg(test)]\nstruct E;"), "{out}");
        assert!(out.contains("Push") && !out.contains("Gone"), "{out}");
        assert!(!out.contains("fork") && !out.contains("\"a\""), "{out}");
        assert!(!out.contains("feature"), "{out}");
    }

    #[test]
    fn runtime_features_gate_items_through_the_runtime() {
        let out = reshape(
            &["push"],
            quote! {
                #[cfg(feature = "delivery")] pub fn receiver() {}
                #[cfg(any(feature = "validate", feature = "undocumented"))] static S: u8 = 0;
                #[cfg(any(feature = "validate", feature = "fork"))] pub fn validate() {}
                #[cfg(all(feature = "testing", feature = "push"))] pub fn examples() {}
                #[cfg(any(feature = "axum", feature = "testing"))] struct Unsure;
                mod inner { #[cfg(feature = "axum")] pub type Delivery = (); }
                fn f() { #[cfg(feature = "delivery")] g(); }
            },
        );
        let gate = |f: &str| format!("#[::webhook_runtime::__private::cfg_feature({f})]");
        assert!(
            out.contains(&format!("{}\npub fn receiver", gate("delivery"))),
            "{out}"
        );
        assert!(out.contains("\nstatic S: u8"), "{out}");
        assert!(
            out.contains(&format!("{}\npub fn validate", gate("validate"))),
            "{out}"
        );
        assert!(
            out.contains(&format!("{}\npub fn examples", gate("testing"))),
            "{out}"
        );
        assert!(
            out.contains(&format!("{}\n    pub type Delivery", gate("axum"))),
            "{out}"
        );
        // Two runtime features cannot be said with one gate: left out.
        assert!(!out.contains("Unsure"), "{out}");
        // Not an item: left out.
        assert!(!out.contains("g()"), "{out}");
        assert!(!out.contains("#[cfg"), "{out}");
    }
}
