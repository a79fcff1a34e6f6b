//! Helpers for the readiness tests: indented YAML literals into objects.

use crate::object::Object;

/// Parses a YAML literal, first removing the indentation common to its lines.
pub(crate) fn obj(yaml: &str) -> Object {
    Object::from_yaml(&unindent(yaml)).expect("test YAML parses")
}

/// Removes the leading whitespace shared by every non-blank line.
pub(crate) fn unindent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|line| line.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
