//! Readiness of one object, computed from its live state. Pure.
