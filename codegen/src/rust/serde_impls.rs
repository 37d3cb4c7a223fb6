//! Hand-written `Serialize`/`Deserialize` for objects and enums.
//!
//! Not `#[derive]` with `#[serde(flatten)]`: flatten buffers every unknown
//! key as serde `Content` before deciding where it goes, which costs more
//! than parsing into `serde_json::Value`. Here the runtime's visitor
//! matches each key against a per-type field enum, reads known values into
//! their fields (objects in place) and streams unknown values straight into
//! `extra`. Everything lives in a `const _: () = { ... };` block so helper
//! items (`__Field`) can never clash with IR names; `__` prefixes cannot
//! come out of `names::upper_camel` either.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::plan::ProviderPlan;
use super::tokens::{ident, private, value_type};
use crate::ir::{EnumId, ObjectId, Type, TypeSpace};

pub(crate) fn object_impls(p: &ProviderPlan<'_>, id: ObjectId) -> TokenStream {
    let space = &p.provider.types;
    let object = space.object(id);
    let rt = private();
    let name = ident(&object.rust_name);
    let extra = &p.extra[id.0];
    let expecting = format!("an object ({})", object.rust_name);

    let tags: Vec<_> = (0..object.fields.len())
        .map(|i| format_ident!("F{}", i))
        .collect();
    let keys: Vec<&str> = object.fields.iter().map(|f| f.name.as_str()).collect();
    let reads = object.fields.iter().zip(&p.boxed[id.0]).map(|(f, &boxed)| {
        let (rust, key) = (ident(&f.rust_name), f.name.as_str());
        // Objects are filled in place; see `Object` in the runtime.
        match (&f.ty, f.is_plain(), boxed) {
            (Type::Object(_), true, false) => {
                quote!(#rt::read_plain_object(map, &mut self.#rust, &mut self.#extra, #key))
            }
            (Type::Object(_), true, true) => {
                quote!(#rt::read_plain_boxed(map, &mut self.#rust, &mut self.#extra, #key))
            }
            (Type::Object(_), false, false) => {
                quote!(#rt::read_object(map, &mut self.#rust, &mut self.#extra, #key))
            }
            (Type::Object(_), false, true) => {
                quote!(#rt::read_boxed(map, &mut self.#rust, &mut self.#extra, #key))
            }
            (ty, true, _) => {
                let seed = seed(ty, boxed, space);
                quote!(#rt::read_plain(map, #seed, &mut self.#rust, &mut self.#extra, #key))
            }
            (ty, false, _) => {
                let seed = seed(ty, boxed, space);
                quote!(#rt::read_field(map, #seed, &mut self.#rust, &mut self.#extra, #key))
            }
        }
    });
    let required = object
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.is_plain())
        .map(|(i, f)| {
            let (i, key) = (Literal::usize_unsuffixed(i), f.name.as_str());
            quote!((#i, #key))
        });
    let field_count = Literal::usize_unsuffixed(object.fields.len());
    // What each field adds to the map's length, and how it is written: a
    // plain field unless it was absent (or `null`) and still holds the
    // default it was read as, an optional one when set or sent as `null`.
    let (lens, writes): (Vec<_>, Vec<_>) = object
        .fields
        .iter()
        .zip(&p.boxed[id.0])
        .map(|(f, &boxed)| {
            let (rust, key) = (ident(&f.rust_name), f.name.as_str());
            if f.is_plain() {
                let default = default_value(&f.ty, boxed, space);
                let is_default = quote!(|| self.#rust == #default);
                (
                    quote!(#rt::plain_len(&self.#extra, #key, #is_default)),
                    quote!(#rt::write_plain(&mut map, #key, &self.#rust, &self.#extra, #is_default)?;),
                )
            } else {
                (
                    quote!(#rt::present(&self.#rust, &self.#extra, #key)),
                    quote!(#rt::write_field(&mut map, #key, &self.#rust, &self.#extra)?;),
                )
            }
        })
        .unzip();

    let drift = drift_walk(p, id);

    // An empty `match` is fine for `__Field` itself but not for `&str`.
    let (from_key, index, read) = if object.fields.is_empty() {
        (
            quote! { let _ = key; None },
            quote! { match self {} },
            quote! { let _ = map; match field {} },
        )
    } else {
        (
            key_match(&keys, &tags),
            quote! { self as usize },
            quote! {
                match field {
                    #(__Field::#tags => #reads,)*
                }
            },
        )
    };

    quote! {
        // `pub` only to be an associated type of the runtime's `Object`
        // trait; a `const _` block keeps it unnameable anyway.
        #[derive(Clone, Copy)]
        pub enum __Field {
            #(#tags,)*
        }

        impl #rt::FieldKey for __Field {
            #[inline]
            fn from_key(key: &str) -> ::core::option::Option<Self> {
                #from_key
            }

            fn index(self) -> usize {
                #index
            }
        }

        impl #name {
            /// Whether `key` was sent with a JSON `null` (an optional field
            /// that reads as `None` may also have been absent; a plain field
            /// sent as `null` holds its type's default).
            pub fn is_null(&self, key: &str) -> bool {
                #rt::is_null(&self.#extra, key)
            }
        }

        impl #rt::Object for #name {
            type Field = __Field;

            const EXPECTING: &'static str = #expecting;

            const FIELDS: usize = #field_count;

            const REQUIRED: &'static [(usize, &'static str)] = &[#(#required),*];

            #[inline]
            fn read<'de, __A>(&mut self, field: __Field, map: &mut __A) -> ::core::result::Result<(), __A::Error>
            where
                __A: ::serde::de::MapAccess<'de>,
            {
                #read
            }

            fn extra(&self) -> &::webhook_runtime::Extra {
                &self.#extra
            }

            fn extra_mut(&mut self) -> &mut ::webhook_runtime::Extra {
                &mut self.#extra
            }

            #drift
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: ::serde::Deserializer<'de>,
            {
                #rt::deserialize_object(deserializer)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: ::serde::Serializer,
            {
                let len = #(#lens +)* #rt::extra_len::<__Field>(&self.#extra);
                let mut map = ::serde::Serializer::serialize_map(
                    serializer,
                    Some(len),
                )?;
                #(#writes)*
                #rt::write_extra::<__Field, _>(&mut map, &self.#extra)?;
                ::serde::ser::SerializeMap::end(map)
            }
        }
    }
}

pub(crate) fn enum_impls(p: &ProviderPlan<'_>, id: EnumId) -> TokenStream {
    let e = p.provider.types.enumeration(id);
    let rt = private();
    let name = ident(&e.rust_name);
    let other = &p.other[id.0];
    let variants: Vec<_> = e.variants.iter().map(|v| ident(v)).collect();
    let values = &e.values;
    let known = if e.values.is_empty() {
        quote! { let _ = value; None }
    } else {
        quote! {
            match value {
                #(#values => Some(Self::#variants),)*
                _ => None,
            }
        }
    };
    quote! {
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#other(value) => value,
                }
            }

            fn known(value: &str) -> ::core::option::Option<Self> {
                #known
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// The empty string, which no documented value is: a start for a
        /// struct literal that sets the value it needs.
        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self::#other(::std::string::String::new())
            }
        }

        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::#other(value.to_owned()))
            }
        }

        impl ::core::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::known(&value) {
                    Some(known) => known,
                    None => Self::#other(value),
                }
            }
        }

        /// Never fails: unknown values become the catch-all variant.
        impl ::core::str::FromStr for #name {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<__S>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: ::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D>(deserializer: __D) -> ::core::result::Result<Self, __D::Error>
            where
                __D: ::serde::Deserializer<'de>,
            {
                deserializer.deserialize_str(#rt::wire_str::<Self>())
            }
        }
    }
}

/// The `DeserializeSeed` reading such a value: arrays go through the
/// runtime's `Items` so a failing item's index is known, arrays of objects
/// through `ObjectItems`, which builds each item in its slot.
fn seed(ty: &Type, boxed: bool, space: &TypeSpace) -> TokenStream {
    let rt = private();
    match ty {
        Type::Array(item) if matches!(**item, Type::Object(_)) => {
            let item = value_type(item, false, space);
            quote!(#rt::ObjectItems(::core::marker::PhantomData::<#item>))
        }
        Type::Array(item) => {
            let item = seed(item, false, space);
            quote!(#rt::Items(#item))
        }
        _ => {
            let ty = value_type(ty, boxed, space);
            quote!(::core::marker::PhantomData::<#ty>)
        }
    }
}

/// The default a plain field is read as when absent or `null`, as an
/// expression of its type (`Number` has no `Default`).
fn default_value(ty: &Type, boxed: bool, space: &TypeSpace) -> TokenStream {
    match ty {
        Type::Number => quote!(::serde_json::Number::from(0u8)),
        _ => {
            let ty = value_type(ty, boxed, space);
            quote!(<#ty as ::core::default::Default>::default())
        }
    }
}

/// `Object::drift` of a type with object fields: its own keys (the
/// runtime's default), then each object below, at its key. Arrays of arrays
/// of objects are not walked: the docs give none.
fn drift_walk(p: &ProviderPlan<'_>, id: ObjectId) -> TokenStream {
    let space = &p.provider.types;
    let object = space.object(id);
    let rt = private();
    let extra = &p.extra[id.0];
    let walks: Vec<TokenStream> = object
        .fields
        .iter()
        .filter_map(|f| {
            let key = f.name.as_str();
            let (helper, name) = match &f.ty {
                Type::Object(o) => (quote!(drift_at), space.object(*o)),
                Type::Array(item) => match **item {
                    Type::Object(o) => (quote!(drift_items), space.object(o)),
                    _ => return None,
                },
                _ => return None,
            };
            let name = ident(&name.rust_name);
            let rust = ident(&f.rust_name);
            Some(if f.is_plain() {
                quote!(#rt::#helper::<#name>(&self.#rust, #key, at, out);)
            } else {
                quote! {
                    if let ::core::option::Option::Some(value) = &self.#rust {
                        #rt::#helper::<#name>(value, #key, at, out);
                    }
                }
            })
        })
        .collect();
    if walks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn drift(&self, at: &mut ::std::string::String, out: &mut ::webhook_runtime::Drift) {
            #rt::own_drift::<Self>(&self.#extra, at, out);
            #(#walks)*
        }
    }
}

/// `from_key`'s body: the key's length first, then the keys of that
/// length. A `match` on strings alone compares them one after another, and
/// an object of many fields meets mostly keys it does not list.
fn key_match(keys: &[&str], tags: &[Ident]) -> TokenStream {
    let mut by_len: BTreeMap<usize, Vec<(&str, &Ident)>> = BTreeMap::new();
    for (key, tag) in keys.iter().zip(tags) {
        by_len.entry(key.len()).or_default().push((key, tag));
    }
    let arms = by_len.iter().map(|(len, keys)| {
        let len = Literal::usize_unsuffixed(*len);
        let (keys, tags): (Vec<&str>, Vec<&Ident>) = keys.iter().copied().unzip();
        quote! {
            #len => match key {
                #(#keys => Some(Self::#tags),)*
                _ => None,
            },
        }
    });
    quote! {
        match key.len() {
            #(#arms)*
            _ => None,
        }
    }
}
