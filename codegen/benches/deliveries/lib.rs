//! What the `deliveries` bench parses with besides the checked-in crate:
//! the modules the build script generates (see `build.rs`), and for each
//! module, functions that walk a parsed payload to every `extra` and name
//! its type. A library of its own, so that editing the bench does not rebuild
//! them.

use std::hint::black_box;

#[cfg(shared_corpus)]
#[allow(unused, clippy::all)]
pub mod corpus {
    include!(concat!(env!("OUT_DIR"), "/corpus/webhooks.rs"));
}

#[cfg(shared_vendors)]
#[allow(unused, clippy::all)]
pub mod body_named {
    include!(concat!(env!("OUT_DIR"), "/body_named/webhooks.rs"));
}

/// The one place that knows how `extra` holds undocumented keys: reads each
/// key and its value's text, as a consumer that reports or forwards them
/// does, and counts them (with the optional fields sent as `null`, which
/// `extra` keeps too).
pub fn read_extra(extra: &webhook_runtime::Extra) -> usize {
    extra.iter().map(black_box).count()
}

/// Every undocumented key under a parsed payload, through [`read_extra`].
pub trait Walk {
    fn walk(&self) -> usize;
}

impl<T: Walk> Walk for Option<T> {
    fn walk(&self) -> usize {
        self.as_ref().map_or(0, T::walk)
    }
}

impl<T: Walk> Walk for Vec<T> {
    fn walk(&self) -> usize {
        self.iter().map(T::walk).sum()
    }
}

impl<T: Walk> Walk for Box<T> {
    fn walk(&self) -> usize {
        (**self).walk()
    }
}

/// Per module, from what the build script read of it (`module!(path;
/// events Variant: PayloadType, ...; structs Name { fields holding structs
/// }, ...)`): [`Walk`] for its structs; the undocumented keys of a parsed
/// event, everywhere in it; and the payload type's own `Deserialize` from
/// serde_json, picked by the parsed event.
macro_rules! module {
    ($($m:ident)::+;
     events $($variant:ident: $ty:ident),*;
     structs $($st:ident { $($field:ident),* })*) => {
        use $($m)::+ as m;

        $(impl crate::Walk for m::$st {
            fn walk(&self) -> usize {
                crate::read_extra(&self.extra) $(+ crate::Walk::walk(&self.$field))*
            }
        })*

        pub fn extra_keys(event: &m::Event) -> usize {
            match event {
                $(m::Event::$variant(payload) => crate::Walk::walk(payload),)*
                _ => 0,
            }
        }

        /// `serde_json::from_slice` into the payload type, without `parse`.
        pub fn serde_typed(event: &m::Event) -> Option<crate::Typed> {
            match event {
                $(m::Event::$variant(_) => Some(|b| {
                    serde_json::from_slice::<m::$ty>(b).map(drop).map_err(|e| e.to_string())
                }),)*
                _ => None,
            }
        }
    };
}

/// A payload type's own `Deserialize`, as a function of the body.
pub type Typed = fn(&[u8]) -> Result<(), String>;

pub mod checked_in_access {
    include!(concat!(env!("OUT_DIR"), "/checked_in_variants.rs"));
}

#[cfg(shared_corpus)]
pub mod corpus_access {
    include!(concat!(env!("OUT_DIR"), "/corpus_variants.rs"));
}
