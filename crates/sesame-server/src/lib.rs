//! The `sesame` server: configuration, HTTP API, web pages, CLI.
//!
//! This is the only crate that knows HTTP. Rules live in `sesame-core`, storage in
//! `sesame-store`; handlers here parse input into core types, call the store, and turn
//! the outcome into a response.

pub mod api;
pub mod app;
pub mod attempts;
pub mod auth;
pub mod authenticator;
pub mod cli;
pub mod codes;
pub mod config;
pub mod credentials;
pub mod directory;
pub mod error;
pub mod hashing;
pub mod i18n;
pub mod import;
pub mod keys;
pub mod metrics;
pub mod notify;
pub mod personal_data;
pub mod qa;
pub mod resets;
pub mod rotation;
pub mod signin;
pub mod soft_pin;
pub mod state;
pub mod verifier;
pub mod web;

pub use app::Application;
pub use config::Settings;
