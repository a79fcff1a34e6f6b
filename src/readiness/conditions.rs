//! A read-only view of `status.conditions` entries; every field may be missing.

use crate::object::Object;
use serde_json::Value;

/// One entry of `status.conditions`. Missing strings read as "".
#[derive(Debug, Clone, Copy)]
pub(crate) struct Condition<'a> {
    pub type_: &'a str,
    pub status: &'a str,
    pub reason: &'a str,
    pub message: &'a str,
    pub observed_generation: Option<i64>,
}

impl<'a> Condition<'a> {
    fn from_value(value: &'a Value) -> Option<Self> {
        let text = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or("");
        Some(Condition {
            type_: value.get("type")?.as_str()?,
            status: text("status"),
            reason: text("reason"),
            message: text("message"),
            observed_generation: value.get("observedGeneration").and_then(Value::as_i64),
        })
    }

    pub fn is_true(&self) -> bool {
        self.status == "True"
    }

    pub fn is_false(&self) -> bool {
        self.status == "False"
    }

    /// "reason: message", or whichever of the two is present.
    pub fn explain(&self) -> String {
        match (self.reason.is_empty(), self.message.is_empty()) {
            (false, false) => format!("{}: {}", self.reason, self.message),
            (false, true) => self.reason.to_string(),
            (true, false) => self.message.to_string(),
            (true, true) => format!("{} is {}", self.type_, self.status_word()),
        }
    }

    fn status_word(&self) -> &'a str {
        if self.status.is_empty() {
            "Unknown"
        } else {
            self.status
        }
    }
}

/// Every well-formed condition of the object, in list order.
pub(crate) fn conditions(obj: &Object) -> impl Iterator<Item = Condition<'_>> {
    obj.get("/status/conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Condition::from_value)
}

/// The first condition of the given type.
pub(crate) fn condition<'a>(obj: &'a Object, type_: &str) -> Option<Condition<'a>> {
    conditions(obj).find(|c| c.type_ == type_)
}

/// True when the condition of that type exists with status "True".
pub(crate) fn is_true(obj: &Object, type_: &str) -> bool {
    condition(obj, type_).is_some_and(|c| c.is_true())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::test_support::obj;

    #[test]
    fn reads_conditions_and_skips_malformed_entries() {
        let o = obj(r#"
            kind: X
            status:
              conditions:
              - status: "True"
              - 7
              - type: Ready
                status: "False"
                reason: Waiting
                message: not yet
                observedGeneration: 2
            "#);
        let all: Vec<_> = conditions(&o).collect();
        assert_eq!(all.len(), 1);
        let ready = condition(&o, "Ready").unwrap();
        assert!(ready.is_false());
        assert_eq!(ready.observed_generation, Some(2));
        assert_eq!(ready.explain(), "Waiting: not yet");
        assert!(!is_true(&o, "Ready"));
    }

    #[test]
    fn explain_without_reason_or_message_names_the_condition() {
        let o = obj("kind: X\nstatus:\n  conditions:\n  - type: Available\n");
        assert_eq!(
            condition(&o, "Available").unwrap().explain(),
            "Available is Unknown"
        );
    }
}
