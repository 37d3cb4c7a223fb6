//! Types written by hand the way codegen prints them, so the runtime is
//! tested on its own: an `issues` payload with a nested object and an array
//! of objects, and an `Event` enum that keeps other events as JSON.
#![allow(dead_code)]

use std::path::PathBuf;

use serde::de::{Deserializer, MapAccess};
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;
use webhook_runtime::__private as rt;
use webhook_runtime::{Drift, Extra, ParseError, ParseEvent};

/// `../shared/corpus/github-docs-2021-08` beside the checkout. A test that
/// reads it carries
/// `#[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]`
/// (`build.rs` sets the `cfg`), so cargo reports it as ignored without the
/// corpus; `.ci/run`, which has the corpus, fails on that reason.
pub fn corpus() -> PathBuf {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/github-docs-2021-08");
    assert!(
        cfg!(shared_corpus) && path.is_dir(),
        "{} is absent; a test that needs it carries the `shared_corpus` ignore attribute \
         (after adding ../shared, `touch runtime/build.rs`)",
        path.display()
    );
    path
}

/// Writes the `Object`, `FieldKey`, `Deserialize` and `Serialize` impls of
/// a struct whose fields are `(index, key, field, tag, read)` with `read`
/// one of `field(seed)` or `object` (optional fields) or `plain(seed)` (a
/// required one, listed again in `required`).
macro_rules! object {
    ($name:ident, [$(($index:literal, $key:literal, $field:ident, $tag:ident, $read:ident $(($seed:expr))?)),*], required: [$(($ri:literal, $rk:literal)),*]) => {
        const _: () = {
            #[derive(Clone, Copy)]
            pub enum Field {
                $($tag,)*
            }

            impl rt::FieldKey for Field {
                fn from_key(key: &str) -> Option<Self> {
                    match key {
                        $($key => Some(Field::$tag),)*
                        _ => None,
                    }
                }

                fn index(self) -> usize {
                    self as usize
                }
            }

            impl $name {
                pub fn is_null(&self, key: &str) -> bool {
                    rt::is_null(&self.extra, key)
                }
            }

            impl rt::Object for $name {
                type Field = Field;

                const EXPECTING: &'static str = concat!("an object (", stringify!($name), ")");

                const FIELDS: usize = [$($index),*].len();

                const REQUIRED: &'static [(usize, &'static str)] = &[$(($ri, $rk)),*];

                fn read<'de, A: MapAccess<'de>>(&mut self, field: Field, map: &mut A) -> Result<(), A::Error> {
                    match field {
                        $(Field::$tag => object!(@read $read map self $field $index $key $(($seed))?),)*
                    }
                }

                fn extra(&self) -> &Extra {
                    &self.extra
                }

                fn extra_mut(&mut self) -> &mut Extra {
                    &mut self.extra
                }

                fn drift(&self, at: &mut String, out: &mut Drift) {
                    rt::own_drift::<Self>(&self.extra, at, out);
                    $(object!(@drift $read self $field $key at out);)*
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    rt::deserialize_object(deserializer)
                }
            }

            impl serde::Serialize for $name {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let len = $(object!(@len $read self $field $key) +)* rt::extra_len::<Field>(&self.extra);
                    let mut map = serializer.serialize_map(Some(len))?;
                    $(object!(@write $read map self $field $key);)*
                    rt::write_extra::<Field, _>(&mut map, &self.extra)?;
                    map.end()
                }
            }
        };
    };
    (@read field $map:ident $self:ident $field:ident $index:literal $key:literal ($seed:expr)) => {
        rt::read_field($map, $seed, &mut $self.$field, &mut $self.extra, $key)
    };
    (@read object $map:ident $self:ident $field:ident $index:literal $key:literal) => {
        rt::read_object($map, &mut $self.$field, &mut $self.extra, $key)
    };
    (@read plain $map:ident $self:ident $field:ident $index:literal $key:literal ($seed:expr)) => {
        rt::read_plain($map, $seed, &mut $self.$field, &mut $self.extra, $key)
    };
    (@drift object $self:ident $field:ident $key:literal $at:ident $out:ident) => {
        if let Some(value) = &$self.$field {
            rt::drift_at(value, $key, $at, $out)
        }
    };
    (@drift items $self:ident $field:ident $key:literal $at:ident $out:ident) => {
        if let Some(values) = &$self.$field {
            rt::drift_items(values, $key, $at, $out)
        }
    };
    (@drift $read:ident $self:ident $field:ident $key:literal $at:ident $out:ident) => {};
    (@read items $map:ident $self:ident $field:ident $index:literal $key:literal ($seed:expr)) => {
        rt::read_field($map, $seed, &mut $self.$field, &mut $self.extra, $key)
    };
    (@len plain $self:ident $field:ident $key:literal) => {
        rt::plain_len(&$self.extra, $key, || is_default(&$self.$field))
    };
    (@len $read:ident $self:ident $field:ident $key:literal) => {
        rt::present(&$self.$field, &$self.extra, $key)
    };
    (@write plain $map:ident $self:ident $field:ident $key:literal) => {
        rt::write_plain(&mut $map, $key, &$self.$field, &$self.extra, || is_default(&$self.$field))?
    };
    (@write $read:ident $map:ident $self:ident $field:ident $key:literal) => {
        rt::write_field(&mut $map, $key, &$self.$field, &$self.extra)?
    };
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct IssuesEvent {
    pub action: Option<IssuesAction>,
    pub issue: Option<Issue>,
    pub extra: Extra,
}

object!(
    IssuesEvent,
    [
        (
            0,
            "action",
            action,
            F0,
            field(std::marker::PhantomData::<IssuesAction>)
        ),
        (1, "issue", issue, F1, object)
    ],
    required: []
);

/// `number` is plain: every issue has one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Issue {
    pub number: i64,
    pub labels: Option<Vec<Label>>,
    pub extra: Extra,
}

object!(
    Issue,
    [
        (
            0,
            "number",
            number,
            F0,
            plain(std::marker::PhantomData::<i64>)
        ),
        (
            1,
            "labels",
            labels,
            F1,
            items(rt::ObjectItems(std::marker::PhantomData::<Label>))
        )
    ],
    required: [(0, "number")]
);

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Label {
    pub name: Option<String>,
    pub extra: Extra,
}

object!(
    Label,
    [(
        0,
        "name",
        name,
        F0,
        field(std::marker::PhantomData::<String>)
    )],
    required: []
);

/// An open string enum, read through `wire_str`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuesAction {
    Opened,
    Other(String),
}

impl IssuesAction {
    pub fn as_str(&self) -> &str {
        match self {
            IssuesAction::Opened => "opened",
            IssuesAction::Other(value) => value,
        }
    }
}

impl From<&str> for IssuesAction {
    fn from(value: &str) -> Self {
        match value {
            "opened" => IssuesAction::Opened,
            other => IssuesAction::Other(other.to_owned()),
        }
    }
}

impl From<String> for IssuesAction {
    fn from(value: String) -> Self {
        IssuesAction::from(value.as_str())
    }
}

impl serde::Serialize for IssuesAction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for IssuesAction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(rt::wire_str::<Self>())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Issues(Box<IssuesEvent>),
    Unknown { name: String, payload: Value },
}

impl Event {
    pub fn name(&self) -> &str {
        match self {
            Event::Issues(_) => "issues",
            Event::Unknown { name, .. } => name,
        }
    }

    pub fn action(&self) -> Option<&str> {
        match self {
            Event::Issues(payload) => payload.action.as_ref().map(IssuesAction::as_str),
            Event::Unknown { payload, .. } => payload.get("action").and_then(Value::as_str),
        }
    }
}

impl serde::Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Event::Issues(payload) => payload.serialize(serializer),
            Event::Unknown { payload, .. } => payload.serialize(serializer),
        }
    }
}

impl Event {
    pub fn drift(&self) -> Drift {
        match self {
            Event::Issues(payload) => rt::drift_of(&**payload),
            Event::Unknown { .. } => Drift::untyped(),
        }
    }
}

pub fn parse_strict(event: &str, body: &[u8]) -> Result<Event, ParseError> {
    rt::strict(|| parse(event, body))
}

pub fn parse(event: &str, body: &[u8]) -> Result<Event, ParseError> {
    if event == "issues" {
        return rt::typed(event, body).map(Event::Issues);
    }
    rt::untyped(event, body).map(|payload| Event::Unknown {
        name: event.to_owned(),
        payload,
    })
}

impl rt::Named for Event {
    fn from_source<S: rt::Source>(event: &str, source: S) -> Result<Self, S::Error> {
        if event == "issues" {
            return source.typed().map(Event::Issues);
        }
        source.untyped().map(|payload| Event::Unknown {
            name: event.to_owned(),
            payload,
        })
    }
}

impl ParseEvent for Event {
    fn parse_event(event: &str, body: &[u8]) -> Result<Self, ParseError> {
        parse(event, body)
    }
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}
