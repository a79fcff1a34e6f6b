//! Bearer-token authentication: three fixed users (an admin in `system:masters`, a read-only
//! user and a namespace-only user, whose permissions come from RBAC bindings) and the
//! ServiceAccount tokens the TokenRequest subresource issues.

use rand::Rng;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const ADMIN_USER: &str = "odh-test-admin";
pub const READONLY_USER: &str = "odh-test-readonly";
pub const NAMESPACED_USER: &str = "odh-test-namespaced";

/// The group whose members any authorizer allows everything (kube-apiserver's privileged group).
pub const MASTERS: &str = "system:masters";
pub const AUTHENTICATED: &str = "system:authenticated";

/// The authenticated caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub groups: Vec<String>,
}

impl User {
    pub fn new(name: &str, groups: &[&str]) -> Self {
        User {
            name: name.to_string(),
            groups: groups.iter().map(|g| g.to_string()).collect(),
        }
    }

    pub fn admin() -> Self {
        User::new(ADMIN_USER, &[MASTERS, AUTHENTICATED])
    }

    /// The user a ServiceAccount's token stands for, with the groups the apiserver gives it.
    pub fn service_account(namespace: &str, name: &str) -> Self {
        User {
            name: format!("system:serviceaccount:{namespace}:{name}"),
            groups: vec![
                "system:serviceaccounts".into(),
                format!("system:serviceaccounts:{namespace}"),
                AUTHENTICATED.into(),
            ],
        }
    }

    pub fn in_group(&self, g: &str) -> bool {
        self.groups.iter().any(|x| x == g)
    }
}

/// A token issued for a ServiceAccount.
#[derive(Clone, Debug)]
pub struct Issued {
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub expires: Instant,
}

/// What a bearer token stands for.
pub enum Bearer {
    User(User),
    /// A ServiceAccount token: valid while the account (same uid) exists.
    ServiceAccount(Issued),
}

/// The bearer tokens the server accepts.
#[derive(Debug)]
pub struct Tokens {
    pub admin: String,
    pub readonly: String,
    pub namespaced: String,
    issued: Mutex<HashMap<String, Issued>>,
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
            namespaced: random_token(),
            issued: Mutex::new(HashMap::new()),
        }
    }

    /// Issues a token for a ServiceAccount, valid for `ttl`.
    pub fn issue(&self, namespace: &str, name: &str, uid: &str, ttl: Duration) -> String {
        let token = format!("sa-{}", random_token());
        let mut issued = self.issued.lock().unwrap_or_else(|p| p.into_inner());
        issued.retain(|_, t| t.expires > Instant::now());
        issued.insert(
            token.clone(),
            Issued {
                namespace: namespace.into(),
                name: name.into(),
                uid: uid.into(),
                expires: Instant::now() + ttl,
            },
        );
        token
    }

    /// What an `Authorization` header value stands for.
    pub fn authenticate(&self, header: Option<&str>) -> Option<Bearer> {
        let token = header?.strip_prefix("Bearer ")?.trim();
        if token == self.admin {
            return Some(Bearer::User(User::admin()));
        }
        if token == self.readonly {
            return Some(Bearer::User(User::new(READONLY_USER, &[AUTHENTICATED])));
        }
        if token == self.namespaced {
            return Some(Bearer::User(User::new(NAMESPACED_USER, &[AUTHENTICATED])));
        }
        let issued = self.issued.lock().unwrap_or_else(|p| p.into_inner());
        issued
            .get(token)
            .filter(|t| t.expires > Instant::now())
            .cloned()
            .map(Bearer::ServiceAccount)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_name_their_users() {
        let t = Tokens::generate();
        let user = |h: &str| match t.authenticate(Some(h)) {
            Some(Bearer::User(u)) => Some(u),
            _ => None,
        };
        let admin = user(&format!("Bearer {}", t.admin)).unwrap();
        assert!(admin.in_group(MASTERS));
        let ro = user(&format!("Bearer {}", t.readonly)).unwrap();
        assert_eq!(
            (ro.name.as_str(), ro.in_group(MASTERS)),
            (READONLY_USER, false)
        );
        assert!(t.authenticate(Some("Bearer nope")).is_none());
        assert!(t.authenticate(None).is_none());
        let sa = t.issue("ns", "limited", "u1", Duration::from_secs(60));
        assert!(
            matches!(t.authenticate(Some(&format!("Bearer {sa}"))), Some(Bearer::ServiceAccount(i)) if i.name == "limited")
        );
        let expired = t.issue("ns", "old", "u2", Duration::ZERO);
        assert!(t.authenticate(Some(&format!("Bearer {expired}"))).is_none());
        assert_eq!(
            User::service_account("tx-main", "limited").name,
            "system:serviceaccount:tx-main:limited"
        );
    }
}
