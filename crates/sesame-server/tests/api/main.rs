//! Integration tests: the real server on a free port, a fresh database per test.
//!
//! Tests written inside `on_every_backend!` run on SQLite and, as ignored tests, on
//! PostgreSQL. Tests that need something a plain `cargo test` lacks (PostgreSQL, Chromium,
//! slapd, Samba's domain controller, oathtool, the Python OpenAPI tools, Schemathesis) are ignored, saying
//! what they need; `cargo test -- --include-ignored` runs them, and one whose tool is
//! missing fails (`.ci/run` installs everything first).

mod active_directory;
mod cluster;
mod helpers;
mod ldap;
mod mail;

mod admin;
mod admin_pages;
mod assist;
mod authenticator;
mod browser;
mod captcha;
mod cli;
mod code_caps;
mod codes;
mod connections;
mod database;
mod errors;
mod headers;
mod input;
mod limits;
mod openapi;
mod password;
mod questions;
mod reset_pages;
mod resets;
mod retention;
mod schemathesis;
mod sessions;
mod settings;
mod soft_pin;
mod twilio;
mod users;
mod voice;
mod voice_sessions;
mod web;
