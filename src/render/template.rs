//! The minijinja environment and context templates render with.

use super::{Enabled, MANIFESTS, Request, images};
use anyhow::Result;
use include_dir::Dir;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde_json::Value;

/// An environment holding every embedded template, strict about undefined names,
/// with the `image()` function rewriting registries.
pub fn environment(registry: &str) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let registry = registry.to_string();
    env.add_function("image", move |reference: String| {
        images::rewrite_registry(&reference, &registry)
    });
    super::checks::add_endpoint_helpers(&mut env);
    add_dir(&mut env, &MANIFESTS)?;
    Ok(env)
}

fn add_dir(env: &mut Environment<'static>, dir: &'static Dir<'static>) -> Result<()> {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "yaml") {
            let name = file.path().display().to_string();
            let text = file.contents_utf8().unwrap_or_default();
            env.add_template_owned(name.clone(), text.to_string())
                .map_err(|e| anyhow::anyhow!("template manifests/{name}: {}", describe(&e)))?;
        }
    }
    for sub in dir.dirs() {
        add_dir(env, sub)?;
    }
    Ok(())
}

/// The values nested by key, plus `platform`, `profiles` and `components`.
pub fn context(request: &Request<'_>, enabled: &[Enabled<'_>]) -> Value {
    let mut context = request.values.nested();
    let map = context
        .as_object_mut()
        .expect("nested values are a mapping");
    map.insert("platform".into(), request.platform.as_str().into());
    map.insert(
        "profiles".into(),
        request
            .selection
            .names()
            .into_iter()
            .map(Value::from)
            .collect(),
    );
    map.insert(
        "components".into(),
        enabled
            .iter()
            .map(|e| Value::from(e.component.name.as_str()))
            .collect(),
    );
    context
}

/// A minijinja error on one line, with the line number when known.
pub fn describe(err: &minijinja::Error) -> String {
    let mut text = err.to_string();
    if let Some(line) = err.line() {
        text = format!("line {line}: {text}");
    }
    crate::error::one_line(&text)
}
