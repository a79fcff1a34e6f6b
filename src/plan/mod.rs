//! Install and uninstall plans: objects grouped into ordered waves. Pure.
