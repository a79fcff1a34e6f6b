//! Bearer-token authentication (an admin and a read-only user) and the matching authorization rules.

use crate::status::{ApiError, GroupResource};
use rand::Rng;

pub const ADMIN_USER: &str = "odh-test-admin";
pub const READONLY_USER: &str = "odh-test-readonly";

/// The authenticated caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub read_only: bool,
}

impl User {
    pub fn admin() -> Self {
        User {
            name: ADMIN_USER.into(),
            read_only: false,
        }
    }

    /// Whether this user may perform `verb`.
    pub fn allowed(&self, verb: &str) -> bool {
        !self.read_only || matches!(verb, "get" | "list" | "watch")
    }
}

/// The two bearer tokens the server accepts.
#[derive(Clone, Debug)]
pub struct Tokens {
    pub admin: String,
    pub readonly: String,
}

fn random_token() -> String {
    let mut rng = rand::rng();
    (0..40)
        .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
        .collect()
}

impl Tokens {
    pub fn generate() -> Self {
        Tokens {
            admin: random_token(),
            readonly: random_token(),
        }
    }

    /// The user for an `Authorization` header value.
    pub fn authenticate(&self, header: Option<&str>) -> Option<User> {
        let token = header?.strip_prefix("Bearer ")?.trim();
        if token == self.admin {
            Some(User::admin())
        } else if token == self.readonly {
            Some(User {
                name: READONLY_USER.into(),
                read_only: true,
            })
        } else {
            None
        }
    }
}

/// Denies writes for the read-only user with the apiserver's 403 message.
pub fn authorize(
    user: &User,
    verb: &str,
    gr: &GroupResource,
    name: Option<&str>,
    namespace: Option<&str>,
    subresource: Option<&str>,
) -> Result<(), ApiError> {
    if user.allowed(verb) {
        return Ok(());
    }
    let res = match subresource {
        Some(s) => format!("{}/{s}", gr.resource),
        None => gr.resource.clone(),
    };
    Err(ApiError::forbidden(
        gr, name, &user.name, verb, &res, namespace,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readonly_forbidden_message() {
        let u = User {
            name: READONLY_USER.into(),
            read_only: true,
        };
        let gr = GroupResource::new("", "configmaps");
        assert!(authorize(&u, "get", &gr, Some("x"), Some("n"), None).is_ok());
        let e = authorize(&u, "create", &gr, None, Some("tx-main"), None).unwrap_err();
        assert_eq!(
            e.message(),
            "configmaps is forbidden: User \"odh-test-readonly\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"tx-main\""
        );
        let t = Tokens::generate();
        assert!(
            t.authenticate(Some(&format!("Bearer {}", t.admin)))
                .is_some()
        );
        assert!(t.authenticate(Some("Bearer nope")).is_none());
        assert!(t.authenticate(None).is_none());
    }
}
