//! The single-file variant of the crate, for `include!` from a build script.
//!
//! It is the crate's own provider and support modules, reshaped rather than
//! printed a second time, so the two cannot drift apart:
//!
//! - `#[cfg(feature = ..)]` is decided here: the user's crate has no such
//!   features, so a gate over the selected events is dropped, and an item
//!   gated only on other events (or on `delivery`, which needs extra
//!   dependencies) is left out with it.
//! - `crate::<support>` becomes `super::..::<support>`: the file may be
//!   included at any depth of the user's crate.
//! - Inner attributes become outer attributes of the nested `mod`s, since
//!   `include!` accepts items only.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{AttrStyle, Attribute, Expr, Item, Meta, Stmt};

use super::plan::CratePlan;
use super::{event, support, types, BackendError, PREAMBLE};
use crate::ir::Docs;

/// Source of the one-file module; `events` keeps only those events (by name)
/// typed, the others parse as unknown, like a crate feature turned off.
pub fn single_module(
    docs: &Docs,
    events: Option<&BTreeSet<String>>,
) -> Result<String, BackendError> {
    let plan = CratePlan::new(docs);
    let support_ident = &plan.support;
    let mut items: Vec<Item> = Vec::new();

    let mut support_file = parse_file("support", support::support_module())?;
    let attrs = outer(std::mem::take(&mut support_file.attrs));
    items.push(syn::parse_quote! {
        #(#attrs)*
        mod #support_ident {}
    });
    set_content(items.last_mut(), support_file.items);

    for p in &plan.providers {
        let enabled: BTreeSet<String> = p
            .provider
            .events
            .iter()
            .zip(&p.features)
            .filter(|(e, _)| events.is_none_or(|keep| keep.contains(&e.name)))
            .map(|(_, f)| f.clone())
            .collect();
        let mut module = parse_file("provider", event::provider_module(&plan, p))?;
        let mut types_file = parse_file("types", types::types_module(&plan, p))?;
        let mut fix = Reshape {
            enabled: &enabled,
            support: support_ident.clone(),
            depth: 1,
        };
        fix.visit_file_mut(&mut module);
        fix.depth = 2;
        fix.visit_file_mut(&mut types_file);

        // Modules kept in files of their own, other than `types`, hold what
        // needs the crate's extra dependencies or files (validation); they
        // stay out, with the re-exports that name them.
        let dropped: Vec<Ident> = module
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Mod(m) if m.content.is_none() && m.ident != "types" => Some(m.ident.clone()),
                _ => None,
            })
            .collect();
        module.items.retain(|i| match i {
            Item::Mod(m) => !dropped.contains(&m.ident),
            Item::Use(u) => !names_dropped(&u.tree, &dropped),
            _ => true,
        });
        for item in &mut module.items {
            if let Item::Mod(m) = item {
                if m.ident == "types" && m.content.is_none() {
                    m.attrs.extend(outer(std::mem::take(&mut types_file.attrs)));
                    m.content = Some((Default::default(), std::mem::take(&mut types_file.items)));
                    m.semi = None;
                }
            }
        }
        let name = &p.module;
        let attrs = outer(std::mem::take(&mut module.attrs));
        let vis = if plan.single() { quote!() } else { quote!(pub) };
        items.push(syn::parse_quote! {
            #(#attrs)*
            #vis mod #name {}
        });
        set_content(items.last_mut(), module.items);
        if plan.single() {
            items.push(syn::parse_quote!(pub use self::#name::*;));
        }
    }

    let file = syn::File {
        shebang: None,
        attrs: Vec::new(),
        items,
    };
    Ok(format!(
        "// {PREAMBLE}\n\
         // Meant for `include!(concat!(env!(\"OUT_DIR\"), \"/webhooks.rs\"));` inside a module;\n\
         // needs only `serde` and `serde_json` in the including crate.\n{}",
        super::space_items(&prettyplease::unparse(&file))
    ))
}

/// Whether a `use` goes through `self::<dropped>` or a crate-root path,
/// which the included file does not have (support paths are rewritten first).
fn names_dropped(tree: &syn::UseTree, dropped: &[Ident]) -> bool {
    match tree {
        syn::UseTree::Path(p) if p.ident == "crate" => true,
        syn::UseTree::Path(p) if p.ident == "self" => {
            matches!(&*p.tree, syn::UseTree::Path(next) if dropped.contains(&next.ident))
        }
        _ => false,
    }
}

fn parse_file(what: &str, tokens: TokenStream) -> Result<syn::File, BackendError> {
    super::parse_rust(&format!("{what} module"), tokens)
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
    support: Ident,
    /// How many `mod`s deep the current file sits below the included file.
    depth: usize,
}

/// What a `#[cfg]` decides once features are known.
enum Cfg {
    Keep,
    Drop,
    /// Not about features (`test`, ...): left to the compiler.
    Unknown,
}

impl Reshape<'_> {
    fn eval(&self, meta: &Meta) -> Option<bool> {
        match meta {
            Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
                Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(self.enabled.contains(&s.value())),
                _ => None,
            },
            Meta::List(list) => {
                let args = list
                    .parse_args_with(Punctuated::<Meta, syn::Token![,]>::parse_terminated)
                    .ok()?;
                let values: Option<Vec<bool>> = args.iter().map(|m| self.eval(m)).collect();
                let values = values?;
                if list.path.is_ident("any") {
                    Some(values.iter().any(|&v| v))
                } else if list.path.is_ident("all") {
                    Some(values.iter().all(|&v| v))
                } else if list.path.is_ident("not") && values.len() == 1 {
                    Some(!values[0])
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Drops decided `#[cfg]`s from `attrs`; whether the owner stays.
    fn decide(&self, attrs: &mut Vec<Attribute>) -> bool {
        let mut keep = true;
        attrs.retain(|a| {
            if !a.path().is_ident("cfg") {
                return true;
            }
            let decided = match &a.meta {
                Meta::List(list) => list.parse_args::<Meta>().ok().map(|m| self.eval(&m)),
                _ => None,
            };
            let cfg = match decided {
                Some(Some(true)) => Cfg::Keep,
                Some(Some(false)) => Cfg::Drop,
                _ => Cfg::Unknown,
            };
            match cfg {
                Cfg::Keep => false,
                Cfg::Drop => {
                    keep = false;
                    false
                }
                Cfg::Unknown => true,
            }
        });
        keep
    }

    fn support_prefix(&self) -> Vec<Ident> {
        vec![Ident::new("super", Span::call_site()); self.depth]
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
            .retain_mut(|i| item_attrs(i).is_none_or(|a| self.decide(a)));
        visit_mut::visit_file_mut(self, file);
    }

    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut m.content {
            items.retain_mut(|i| item_attrs(i).is_none_or(|a| self.decide(a)));
        }
        // A `mod` written inline adds a level for paths inside it.
        self.depth += 1;
        visit_mut::visit_item_mod_mut(self, m);
        self.depth -= 1;
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        block
            .stmts
            .retain_mut(|s| stmt_attrs(s).is_none_or(|a| self.decide(a)));
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_item_impl_mut(&mut self, imp: &mut syn::ItemImpl) {
        imp.items.retain_mut(|i| match i {
            syn::ImplItem::Const(c) => self.decide(&mut c.attrs),
            syn::ImplItem::Fn(f) => self.decide(&mut f.attrs),
            syn::ImplItem::Type(t) => self.decide(&mut t.attrs),
            _ => true,
        });
        visit_mut::visit_item_impl_mut(self, imp);
    }

    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        m.arms.retain_mut(|arm| self.decide(&mut arm.attrs));
        visit_mut::visit_expr_match_mut(self, m);
    }

    fn visit_item_enum_mut(&mut self, e: &mut syn::ItemEnum) {
        retain_punct(&mut e.variants, |v| self.decide(&mut v.attrs));
        visit_mut::visit_item_enum_mut(self, e);
    }

    fn visit_fields_named_mut(&mut self, f: &mut syn::FieldsNamed) {
        retain_punct(&mut f.named, |field| self.decide(&mut field.attrs));
        visit_mut::visit_fields_named_mut(self, f);
    }

    fn visit_expr_struct_mut(&mut self, s: &mut syn::ExprStruct) {
        retain_punct(&mut s.fields, |field| self.decide(&mut field.attrs));
        visit_mut::visit_expr_struct_mut(self, s);
    }

    fn visit_expr_array_mut(&mut self, a: &mut syn::ExprArray) {
        retain_punct(&mut a.elems, |e| match e {
            Expr::Lit(l) => self.decide(&mut l.attrs),
            Expr::Path(p) => self.decide(&mut p.attrs),
            _ => true,
        });
        visit_mut::visit_expr_array_mut(self, a);
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let to_support = path.leading_colon.is_none()
            && path.segments.len() >= 2
            && path.segments[0].ident == "crate"
            && path.segments[1].ident == self.support;
        if to_support {
            let rest: Vec<syn::PathSegment> = path.segments.iter().skip(1).cloned().collect();
            let mut segments = Punctuated::new();
            for s in self.support_prefix() {
                segments.push(syn::PathSegment::from(s));
            }
            segments.extend(rest);
            path.segments = segments;
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_use_tree_mut(&mut self, tree: &mut syn::UseTree) {
        if let syn::UseTree::Path(p) = tree {
            let to_support = p.ident == "crate"
                && matches!(&*p.tree, syn::UseTree::Path(next) if next.ident == self.support);
            if to_support {
                let mut inner = std::mem::replace(
                    &mut *p.tree,
                    syn::UseTree::Glob(syn::UseGlob {
                        star_token: Default::default(),
                    }),
                );
                for _ in 1..self.depth {
                    inner = syn::UseTree::Path(syn::UsePath {
                        ident: Ident::new("super", Span::call_site()),
                        colon2_token: Default::default(),
                        tree: Box::new(inner),
                    });
                }
                p.ident = Ident::new("super", Span::call_site());
                *p.tree = inner;
                return;
            }
        }
        visit_mut::visit_use_tree_mut(self, tree);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reshape(enabled: &[&str], depth: usize, tokens: TokenStream) -> String {
        let enabled: BTreeSet<String> = enabled.iter().map(|s| s.to_string()).collect();
        let mut file: syn::File = syn::parse2(tokens).unwrap();
        Reshape {
            enabled: &enabled,
            support: Ident::new("support", Span::call_site()),
            depth,
        }
        .visit_file_mut(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn feature_gates_are_decided() {
        let out = reshape(
            &["push"],
            1,
            quote! {
                #[cfg(feature = "push")] struct A;
                #[cfg(feature = "fork")] struct B;
                #[cfg(any(feature = "fork", feature = "push"))] struct C;
                #[cfg(not(feature = "push"))] struct D;
                #[cfg(test)] struct E;
                enum Ev { #[cfg(feature = "push")] Push, #[cfg(feature = "delivery")] Gone }
                fn f(e: &str) { #[cfg(feature = "fork")] if e == "fork" { return; } match e { #[cfg(feature = "fork")] "a" => {}, _ => {} } }
            },
        );
        assert!(
            out.contains("struct A;") && out.contains("struct C;"),
            "{out}"
        );
        assert!(
            !out.contains("struct B") && !out.contains("struct D"),
            "{out}"
        );
        assert!(out.contains("#[cfg(test)]\nstruct E;"), "{out}");
        assert!(out.contains("Push") && !out.contains("Gone"), "{out}");
        assert!(!out.contains("fork") && !out.contains("\"a\""), "{out}");
        assert!(!out.contains("feature"), "{out}");
    }

    #[test]
    fn support_paths_become_relative() {
        let out = reshape(
            &[],
            2,
            quote! {
                pub use crate::support::ParseError;
                struct S { nulls: crate::support::Nulls<1> }
                fn f() { crate::support::typed(); crate::other::g(); }
            },
        );
        assert!(
            out.contains("pub use super::super::support::ParseError;"),
            "{out}"
        );
        assert!(out.contains("super::super::support::Nulls<1>"), "{out}");
        assert!(out.contains("super::super::support::typed()"), "{out}");
        // Only the support module moves; nothing else is guessed at.
        assert!(out.contains("crate::other::g()"), "{out}");
    }
}
