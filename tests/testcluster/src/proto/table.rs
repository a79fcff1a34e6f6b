//! The message table (`messages.txt`): field numbers, JSON names and types per message, parsed
//! once on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

const TEXT: &str = include_str!("messages.txt");

/// Messages with a JSON form of their own rather than an object of their fields.
pub const BUILT_IN: &[&str] = &[
    "Time",
    "MicroTime",
    "IntOrString",
    "Quantity",
    "RawExtension",
    "FieldsV1",
];

/// The type of a field's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Str,
    Bool,
    Int,
    Double,
    Bytes,
    Msg(&'static str),
}

/// How a field holds its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    One,
    Repeated,
    /// `map<string, T>`: repeated entries with key 1 and value 2.
    Map,
}

/// How strategic merge patch treats a field (its Go `patchStrategy` and `patchMergeKey` tags).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Patch {
    /// Lists merge (by `key` for lists of objects, as sets for lists of scalars).
    pub merge: bool,
    /// The value replaces the live one whole.
    pub replace: bool,
    /// `$retainKeys` directives apply.
    pub retain_keys: bool,
    pub key: Option<&'static str>,
}

/// One field of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub num: u32,
    pub name: &'static str,
    pub ty: Ty,
    pub shape: Shape,
    /// A Go pointer: zero values are kept.
    pub pointer: bool,
    /// An inline Go struct: its fields go into the parent's object.
    pub inline: bool,
    pub patch: Patch,
}

pub type Table = HashMap<&'static str, Vec<Field>>;

fn parse_field(s: &'static str) -> Result<Field, String> {
    let mut parts = s.split_whitespace();
    let (Some(num), Some(name), Some(ty), strategy, None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(format!(
            "field {s:?}: expected `number name type [strategy]`"
        ));
    };
    let patch = match strategy {
        None => Patch::default(),
        Some(p) => parse_patch(p).ok_or_else(|| format!("field {s:?}: bad strategy {p:?}"))?,
    };
    let num: u32 = num
        .parse()
        .map_err(|_| format!("field {s:?}: bad number"))?;
    let (name, pointer, inline) = match name.as_bytes().first() {
        Some(b'?') => (&name[1..], true, false),
        Some(b'^') => (&name[1..], false, true),
        _ => (name, false, false),
    };
    let (ty, shape) = match ty.as_bytes().first() {
        Some(b'[') => (&ty[1..], Shape::Repeated),
        Some(b'{') => (&ty[1..], Shape::Map),
        _ => (ty, Shape::One),
    };
    let ty = match ty {
        "s" => Ty::Str,
        "b" => Ty::Bool,
        "i" => Ty::Int,
        "f" => Ty::Double,
        "y" => Ty::Bytes,
        m if m.starts_with(|c: char| c.is_ascii_uppercase()) => Ty::Msg(m),
        other => return Err(format!("field {s:?}: unknown type {other:?}")),
    };
    Ok(Field {
        num,
        name,
        ty,
        shape,
        pointer,
        inline,
        patch,
    })
}

fn parse_patch(p: &'static str) -> Option<Patch> {
    let (strategies, key) = match p.split_once(':') {
        Some((s, k)) => (s, Some(k)),
        None => (p, None),
    };
    let mut out = Patch {
        key,
        ..Default::default()
    };
    for s in strategies.split(',') {
        match s {
            "merge" => out.merge = true,
            "replace" => out.replace = true,
            "retainKeys" => out.retain_keys = true,
            _ => return None,
        }
    }
    Some(out)
}

/// Parses a table text; every message a field names must be defined or built in.
pub fn parse(text: &'static str) -> Result<Table, String> {
    let mut t = Table::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, rest) = line
            .split_once(':')
            .ok_or_else(|| format!("line {line:?}: expected `Name: fields`"))?;
        let fields = rest
            .split(';')
            .filter(|f| !f.trim().is_empty())
            .map(parse_field)
            .collect::<Result<Vec<_>, _>>()?;
        if t.insert(name.trim(), fields).is_some() {
            return Err(format!("message {name} is defined twice"));
        }
    }
    for (name, fields) in &t {
        for f in fields {
            if let Ty::Msg(m) = f.ty
                && !t.contains_key(m)
                && !BUILT_IN.contains(&m)
            {
                return Err(format!("{name}.{}: message {m} is not defined", f.name));
            }
        }
    }
    Ok(t)
}

/// The table of `messages.txt`.
pub fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| parse(TEXT).unwrap_or_else(|e| panic!("proto/messages.txt: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(msg: &str, name: &str) -> Field {
        table()[msg]
            .iter()
            .find(|f| f.name == name)
            .cloned()
            .unwrap_or_else(|| panic!("{msg}.{name}"))
    }

    #[test]
    fn table_is_complete_and_has_upstream_numbers() {
        let t = table();
        assert!(t.len() > 150, "{} messages", t.len());
        assert_eq!(field("ObjectMeta", "name").num, 1);
        assert_eq!(field("ObjectMeta", "labels").num, 11);
        assert_eq!(field("ObjectMeta", "labels").shape, Shape::Map);
        let replicas = field("DeploymentSpec", "replicas");
        assert_eq!((replicas.num, replicas.pointer), (1, true));
        assert_eq!(field("Container", "image").num, 2);
        assert!(field("Probe", "handler").inline);
        assert_eq!(field("Secret", "data").ty, Ty::Bytes);
        assert_eq!(
            field("SelfSubjectAccessReviewSpec", "resourceAttributes").ty,
            Ty::Msg("ResourceAttributes")
        );
        let ports = field("Container", "ports").patch;
        assert!(ports.merge && ports.key == Some("containerPort"));
        assert_eq!(field("ServiceSpec", "ports").patch.key, Some("port"));
        let volumes = field("PodSpec", "volumes").patch;
        assert!(volumes.merge && volumes.retain_keys && volumes.key == Some("name"));
        assert!(field("ObjectMeta", "finalizers").patch.merge);
        assert!(field("DeploymentStrategy", "type").patch == Patch::default());
    }

    #[test]
    fn refuses_broken_tables() {
        assert!(parse("A: 1 x Missing").unwrap_err().contains("Missing"));
        assert!(parse("A: 1 x q").is_err());
        assert!(parse("A: 1 x s\nA: 2 y s").is_err());
        assert!(parse("A: one x s").is_err());
        assert!(parse("A: 1 x [s sometimes").is_err());
    }
}
