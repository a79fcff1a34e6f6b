//! YAML reading with one set of rules everywhere: YAML 1.2 booleans (`yes`, `on`
//! and `n` stay strings), leading-zero numbers stay strings, and limits large
//! enough for upstream CRDs (megabytes, deeply nested schemas).

use serde::de::DeserializeOwned;

fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 1024;
    budget.max_nodes = 20_000_000;
    budget.max_events = 50_000_000;
    budget.max_documents = 100_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options
}

/// Parses one YAML document.
///
/// # Errors
/// The parser's message for invalid YAML or a shape that does not fit `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options(text, options())
}

/// Parses a stream of YAML documents (empty documents are skipped by the caller).
///
/// # Errors
/// As [`from_str`].
pub fn from_multiple<T: DeserializeOwned>(text: &str) -> Result<Vec<T>, serde_saphyr::Error> {
    serde_saphyr::from_multiple_with_options(text, options())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    #[test]
    fn yaml_12_scalars() {
        let v: Value = super::from_str("a: yes\nb: n\nc: 0755\nd: 3\ne: true\nf: on\n").unwrap();
        assert_eq!(
            v,
            json!({"a": "yes", "b": "n", "c": "0755", "d": 3, "e": true, "f": "on"})
        );
    }
}
