//! `schemars::JsonSchema` for the payload types (cargo feature `schemars`).
//!
//! Hand-written impls printed from the IR, since the types have custom serde
//! impls a derive would misread: every field optional unless the docs
//! require it, `null` allowed where the docs allow it, and enums open (any
//! string, the documented values as `examples`), as the Rust types accept.
//! A generated test checks the resulting schemas accept every example.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::output::{rust_file, BackendError, OutputFile};
use super::plan::examples::example_files;
use super::plan::features::{cfg_attr, predicate};
use super::plan::{CratePlan, ProviderPlan};
use super::settings::CrateSettings;
use super::tokens::ident;
use crate::ir::Type;

/// Items of a provider's `mod.rs`.
pub(crate) fn provider_items() -> TokenStream {
    quote! {
        #[cfg(feature = "schemars")]
        mod json_schema;
    }
}

/// A `serde_json::Value` expression for the schema of `ty`.
fn schema_of(p: &ProviderPlan<'_>, ty: &Type) -> TokenStream {
    let space = &p.provider.types;
    match ty {
        Type::String { format: Some(f) } => {
            quote!(::serde_json::json!({"type": "string", "format": #f}))
        }
        Type::String { format: None } => quote!(::serde_json::json!({"type": "string"})),
        Type::Integer => quote!(::serde_json::json!({"type": "integer"})),
        Type::Number => quote!(::serde_json::json!({"type": "number"})),
        Type::Boolean => quote!(::serde_json::json!({"type": "boolean"})),
        Type::Timestamp { seconds, rfc3339 } => {
            let ty = if *seconds {
                quote!(["integer", "string"])
            } else {
                quote!("string")
            };
            if *rfc3339 {
                quote!(::serde_json::json!({"type": #ty, "format": "date-time"}))
            } else {
                quote!(::serde_json::json!({"type": #ty}))
            }
        }
        Type::Enum(id) => {
            let name = ident(&space.enumeration(*id).rust_name);
            quote!(generator.subschema_for::<super::#name>().to_value())
        }
        Type::Object(id) => {
            let name = ident(&space.object(*id).rust_name);
            quote!(generator.subschema_for::<super::#name>().to_value())
        }
        Type::Array(item) => {
            let item = schema_of(p, item);
            quote!(::serde_json::json!({"type": "array", "items": #item}))
        }
        Type::Union(types) => {
            let types = types.iter().map(|t| schema_of(p, t));
            quote!(::serde_json::json!({"anyOf": [#(#types),*]}))
        }
        Type::Any => quote!(::serde_json::json!({})),
    }
}

/// Source of `src/<provider>/json_schema.rs`.
pub(crate) fn provider_file(p: &ProviderPlan<'_>) -> TokenStream {
    let space = &p.provider.types;
    let objects = space.objects.iter().enumerate().map(|(i, object)| {
        let cfg = cfg_attr(&p.object_gates[i], &p.features);
        let name = ident(&object.rust_name);
        let rust_name = &object.rust_name;
        let fields = object.fields.iter().map(|field| {
            let key = &field.name;
            let schema = schema_of(p, &field.ty);
            let schema = if field.nullable {
                quote!(::serde_json::json!({"anyOf": [#schema, {"type": "null"}]}))
            } else {
                schema
            };
            quote!(properties.insert(#key.to_owned(), #schema);)
        });
        let required: Vec<&str> = object
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name.as_str())
            .collect();
        let description = object
            .description
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let description = (!description.is_empty())
            .then(|| quote!(schema["description"] = ::serde_json::Value::from(#description);));
        let mutable = (!object.fields.is_empty()).then(|| quote!(mut));
        let schema_mut = description.is_some().then(|| quote!(mut));
        let generator = if object.fields.iter().any(|f| uses_generator(&f.ty)) {
            quote!(generator)
        } else {
            quote!(_generator)
        };
        quote! {
            #cfg
            impl ::schemars::JsonSchema for super::#name {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(#rust_name)
                }

                fn json_schema(#generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                    let #mutable properties = ::serde_json::Map::new();
                    #(#fields)*
                    let #schema_mut schema = ::serde_json::json!({
                        "type": "object",
                        "properties": properties,
                        "required": [#(#required),*],
                    });
                    #description
                    ::schemars::Schema::try_from(schema).expect("an object schema")
                }
            }
        }
    });
    let enums = space.enums.iter().enumerate().map(|(i, e)| {
        let cfg = cfg_attr(&p.enum_gates[i], &p.features);
        let name = ident(&e.rust_name);
        let rust_name = &e.rust_name;
        let values = &e.values;
        quote! {
            #cfg
            impl ::schemars::JsonSchema for super::#name {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(#rust_name)
                }

                fn json_schema(_generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                    ::schemars::Schema::try_from(::serde_json::json!({
                        "type": "string",
                        "examples": [#(#values),*],
                    }))
                    .expect("a string schema")
                }
            }
        }
    });
    quote! {
        //! `schemars::JsonSchema` for the payload types, as the Rust types
        //! read JSON: enums accept any string.

        #(#objects)*

        #(#enums)*
    }
}

fn uses_generator(ty: &Type) -> bool {
    match ty {
        Type::Enum(_) | Type::Object(_) => true,
        Type::Array(item) => uses_generator(item),
        Type::Union(types) => types.iter().any(uses_generator),
        _ => false,
    }
}

/// `tests/schemars.rs`: the schemars schema of each event's payload type
/// accepts every documented example of it.
fn tests(plan: &CratePlan<'_>, crate_ident: &Ident) -> TokenStream {
    let mut cases = Vec::new();
    for p in &plan.providers {
        let path = if plan.single() {
            quote!(::#crate_ident)
        } else {
            let m = &p.module;
            quote!(::#crate_ident::#m)
        };
        for file in example_files(p) {
            let event = &p.provider.events[file.event];
            let payload = ident(&p.provider.types.object(event.payload).rust_name);
            let feature = predicate([p.features[file.event].as_str()]);
            let include = format!("../{}", file.path);
            let label = format!("{} {}", p.provider.name, file.path);
            cases.push(quote! {
                #[cfg(#feature)]
                check(
                    #label,
                    &::schemars::schema_for!(#path::#payload),
                    include_bytes!(#include),
                );
            });
        }
    }
    quote! {
        //! The schemas `schemars` derives from the payload types accept every
        //! documented example.
        #![cfg(feature = "schemars")]

        // Every call is behind its event's feature.
        #[allow(dead_code)]
        fn check(label: &str, schema: &::schemars::Schema, body: &[u8]) {
            let schema = schema.as_value();
            let validator = ::jsonschema::validator_for(schema)
                .unwrap_or_else(|err| panic!("{label}: the schema does not compile: {err}"));
            let json: ::serde_json::Value = ::serde_json::from_slice(body).expect("examples are JSON");
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|err| format!("  at {}: {err}", err.instance_path))
                .collect();
            assert!(errors.is_empty(), "{label}:\n{}", errors.join("\n"));
        }

        #[test]
        fn schemars_schemas_accept_every_example() {
            #(#cases)*
        }
    }
}

/// `src/<module>/json_schema.rs` per provider and `tests/schemars.rs`.
pub(crate) fn files(
    plan: &CratePlan<'_>,
    settings: &CrateSettings,
) -> Result<Vec<OutputFile>, BackendError> {
    let mut files: Vec<OutputFile> = plan
        .providers
        .iter()
        .map(|p| {
            rust_file(
                &format!("src/{}/json_schema.rs", p.module),
                provider_file(p),
            )
        })
        .collect::<Result<_, _>>()?;
    let crate_ident = ident(&settings.crate_name.replace('-', "_"));
    files.push(rust_file("tests/schemars.rs", tests(plan, &crate_ident))?);
    Ok(files)
}
