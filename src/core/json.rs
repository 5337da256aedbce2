//! A JSON-like value as the core reads it: health documents and options
//! arrive in this shape whatever parsed them.
//!
//! The core does not parse JSON itself. Natively any self-describing serde
//! format deserializes into a [`JsonValue`]; in the browser the driver walks
//! the object `JSON.parse` returned (or the options object it was given)
//! into one. Keeping the tree this plain is what keeps the wasm small: no
//! serde deserializer for JavaScript values has to be compiled into it.

use ::core::fmt;
use alloc::string::String;
use alloc::vec::Vec;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// One value: JSON's six kinds, plus `Other` for what JavaScript can hold
/// and JSON cannot (a function, a symbol, a `Headers` object read as
/// options). `undefined` reads as `Null`. Numbers may be NaN or infinite
/// when they come from JavaScript rather than from JSON text.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum JsonValue {
    /// `null`, or a missing value.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string.
    Text(String),
    /// An array, in order.
    Array(Vec<JsonValue>),
    /// An object's members, in document order; a repeated key appears twice.
    Object(Vec<(String, JsonValue)>),
    /// A value of no JSON kind, or one nested too deep to be read.
    Other,
}

impl<'de> Deserialize<'de> for JsonValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

/// Builds a [`JsonValue`] from whatever a self-describing format holds.
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = JsonValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, flag: bool) -> Result<JsonValue, E> {
        Ok(JsonValue::Bool(flag))
    }

    fn visit_i64<E>(self, number: i64) -> Result<JsonValue, E> {
        Ok(JsonValue::Number(number as f64))
    }

    fn visit_u64<E>(self, number: u64) -> Result<JsonValue, E> {
        Ok(JsonValue::Number(number as f64))
    }

    fn visit_f64<E>(self, number: f64) -> Result<JsonValue, E> {
        Ok(JsonValue::Number(number))
    }

    fn visit_str<E>(self, text: &str) -> Result<JsonValue, E> {
        Ok(JsonValue::Text(text.into()))
    }

    fn visit_string<E>(self, text: String) -> Result<JsonValue, E> {
        Ok(JsonValue::Text(text))
    }

    fn visit_unit<E>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::Null)
    }

    fn visit_none<E>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<JsonValue, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(JsonValue::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonValue, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            members.push((key, map.next_value()?));
        }
        Ok(JsonValue::Object(members))
    }
}
