//! Results cross into JS as one tape: the core writes a value (a [`Value`]
//! or anything `Serialize`) as codes, numbers and text, and one call of
//! `decodeTape` (`src/wasm/tape.js`) builds the plain JS data from them.
//! Built property by property from here, every field was a call into JS
//! and every key a string decoded on its own: a results store's `toJSON()`
//! of 10k accounts took 0.55 s, 4x a `JSON.parse` of the same data.
//!
//! The tape, read in order:
//! - `codes` (`u32`): one code per value ([`NULL`] .. [`NUMBERS`]); a
//!   string, array, object or typed array is followed by its length; an
//!   object's fields each by their key: `2k` for the `k`th key met so far,
//!   `2n + 1` for a new key of `n` UTF-16 units, taken from `text`;
//! - `numbers`: each number's value, in order (`-0` written as `0`);
//! - `text`: the strings and new keys, one after another (UTF-8, decoded
//!   in JS once, only when there is any).
//!
//! Integers beyond 2^53 have no exact JS number, and object keys are text:
//! serialising either is an error, as it was with serde-wasm-bindgen.

use serde::ser::{self, Serialize};
use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorCode};
use crate::id_map::IdMap;
use crate::input::Value;

#[wasm_bindgen(module = "/src/wasm/tape.js")]
extern "C" {
    /// The plain JS value a tape holds.
    #[wasm_bindgen(js_name = decodeTape)]
    fn decode_tape(codes: &[u32], numbers: &[f64], text: &[u8]) -> JsValue;
}

const NULL: u32 = 0;
const FALSE: u32 = 1;
const TRUE: u32 = 2;
const NUMBER: u32 = 3;
const STRING: u32 = 4;
const ARRAY: u32 = 5;
const OBJECT: u32 = 6;
const BYTES: u32 = 7;
const INDICES: u32 = 8;
const NUMBERS: u32 = 9;

/// The largest integer a JS number holds exactly (2^53 - 1).
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A [`Value`] as plain JS data (`-0` written as `0`).
///
/// ```ignore
/// to_js(&Value::object([("n", Value::from(2.0))])); // { n: 2 }
/// ```
pub(crate) fn to_js(value: &Value) -> JsValue {
    let mut tape = Tape::default();
    tape.value(value);
    tape.decoded()
}

/// A serialisable result as plain JS data: structs and maps as objects,
/// `None` and `()` as `null`, unit variants as their names.
pub(crate) fn serialized(value: &impl Serialize) -> Result<JsValue, Error> {
    let mut tape = Tape::default();
    match value.serialize(&mut tape) {
        Ok(()) => Ok(tape.decoded()),
        Err(Unrepresentable) => Err(Error::new(
            ErrorCode::TooLarge,
            "result",
            "holds what plain JS data cannot hold exactly (an integer beyond 2^53 - 1, or a key that is not text)",
        )),
    }
}

/// A tape being written (see the module's documentation).
#[derive(Default)]
pub(crate) struct Tape {
    codes: Vec<u32>,
    numbers: Vec<f64>,
    text: String,
    /// The keys met so far, by their number in the tape.
    keys: IdMap<String, usize>,
}

impl Tape {
    fn decoded(self) -> JsValue {
        decode_tape(&self.codes, &self.numbers, self.text.as_bytes())
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.codes.push(NULL),
            Value::Bool(b) => self.codes.push(if *b { TRUE } else { FALSE }),
            Value::Number(n) => self.number(*n),
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.head(ARRAY, items.len());
                items.iter().for_each(|item| self.value(item));
            }
            Value::Object(fields) => {
                self.head(OBJECT, fields.len());
                for (key, value) in fields {
                    self.key(key);
                    self.value(value);
                }
            }
            Value::Bytes(bytes) => {
                self.head(BYTES, bytes.len());
                bytes.iter().for_each(|&b| self.codes.push(u32::from(b)));
            }
            Value::Indices(indices) => {
                self.head(INDICES, indices.len());
                indices.iter().for_each(|&i| self.codes.push(i));
            }
            Value::Numbers(numbers) => {
                self.head(NUMBERS, numbers.len());
                numbers.iter().for_each(|&n| self.numbers.push(n));
            }
        }
    }

    /// A code and the length that follows it.
    fn head(&mut self, code: u32, length: usize) {
        self.codes.push(code);
        self.codes.push(length as u32);
    }

    fn number(&mut self, n: f64) {
        self.codes.push(NUMBER);
        // `+ 0.0`: no -0 reaches JS (`Intl` would print "-0").
        self.numbers.push(n + 0.0);
    }

    fn string(&mut self, s: &str) {
        self.head(STRING, utf16_len(s));
        self.text.push_str(s);
    }

    fn key(&mut self, key: &str) {
        if let Some(&number) = self.keys.get(key) {
            return self.codes.push(2 * number as u32);
        }
        self.keys.insert(key.to_owned(), self.keys.len());
        self.codes.push(2 * utf16_len(key) as u32 + 1);
        self.text.push_str(key);
    }

    /// Starts an array or object whose length is known at its end.
    fn open(&mut self, code: u32) -> Compound<'_> {
        self.head(code, 0);
        Compound {
            at: self.codes.len() - 1,
            tape: self,
        }
    }

    /// Starts `{ variant: ... }` (an enum variant with data).
    fn variant(&mut self, variant: &str) {
        self.head(OBJECT, 1);
        self.key(variant);
    }

    fn integer(&mut self, n: f64) -> Result<(), Unrepresentable> {
        if n.abs() > MAX_SAFE {
            return Err(Unrepresentable);
        }
        self.number(n);
        Ok(())
    }
}

/// The length of `s` in UTF-16 units, as JS counts it.
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.encode_utf16().count()
    }
}

/// What plain JS data cannot hold exactly: an integer beyond 2^53 - 1, a
/// map key that is not text (the only ways serialising into a tape fails).
#[derive(Debug)]
pub(crate) struct Unrepresentable;

impl std::fmt::Display for Unrepresentable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an integer beyond 2^53 - 1, or a key that is not text")
    }
}

impl std::error::Error for Unrepresentable {}

impl ser::Error for Unrepresentable {
    /// Only the core's own serialisers call this (for a count over 2^53);
    /// the message is not formatted, which would link `core::fmt`.
    fn custom<T: std::fmt::Display>(_message: T) -> Self {
        Unrepresentable
    }
}

/// An array or object being written: its length is counted and written
/// over the placeholder at `at` when it ends.
pub(crate) struct Compound<'a> {
    tape: &'a mut Tape,
    at: usize,
}

impl Compound<'_> {
    fn element(&mut self, value: &(impl Serialize + ?Sized)) -> Result<(), Unrepresentable> {
        self.tape.codes[self.at] += 1;
        value.serialize(&mut *self.tape)
    }

    fn field(
        &mut self,
        key: &str,
        value: &(impl Serialize + ?Sized),
    ) -> Result<(), Unrepresentable> {
        self.tape.key(key);
        self.element(value)
    }
}

type Done = Result<(), Unrepresentable>;

impl<'a> ser::Serializer for &'a mut Tape {
    type Ok = ();
    type Error = Unrepresentable;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Done {
        self.codes.push(if v { TRUE } else { FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.integer(f64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.integer(f64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.integer(f64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.integer(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.integer(f64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.integer(f64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.integer(f64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.integer(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.number(f64::from(v));
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.number(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.value(&Value::Bytes(v.to_vec()));
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.codes.push(NULL);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Done {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.variant(variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Unrepresentable> {
        Ok(self.open(ARRAY))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Unrepresentable> {
        Ok(self.open(ARRAY))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unrepresentable> {
        Ok(self.open(ARRAY))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unrepresentable> {
        self.variant(variant);
        Ok(self.open(ARRAY))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Unrepresentable> {
        Ok(self.open(OBJECT))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unrepresentable> {
        Ok(self.open(OBJECT))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Unrepresentable> {
        self.variant(variant);
        Ok(self.open(OBJECT))
    }
}

/// The serde traits of an array or object being written: elements (of a
/// sequence, tuple or tuple variant) and fields (of a struct or struct
/// variant) go through [`Compound::element`] and [`Compound::field`].
macro_rules! compound {
    ($($trait:ident :: $method:ident ($($key:ident)?) => $how:ident;)*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Unrepresentable;
            fn $method<T: Serialize + ?Sized>(&mut self, $($key: &'static str,)? value: &T) -> Done {
                self.$how($($key,)? value)
            }
            fn end(self) -> Done {
                Ok(())
            }
        }
    )*};
}

compound! {
    SerializeSeq::serialize_element() => element;
    SerializeTuple::serialize_element() => element;
    SerializeTupleStruct::serialize_field() => element;
    SerializeTupleVariant::serialize_field() => element;
    SerializeStruct::serialize_field(key) => field;
    SerializeStructVariant::serialize_field(key) => field;
}

/// A map's keys must serialise as strings (every map the core returns is
/// keyed by text); the key is written as a string, then taken back as a key.
impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Unrepresentable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        let (codes, text) = (self.tape.codes.len(), self.tape.text.len());
        key.serialize(&mut *self.tape)?;
        if self.tape.codes.get(codes) != Some(&STRING) {
            return Err(Unrepresentable);
        }
        let name = self.tape.text.split_off(text);
        self.tape.codes.truncate(codes);
        self.tape.key(&name);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.element(value)
    }
    fn end(self) -> Done {
        Ok(())
    }
}
