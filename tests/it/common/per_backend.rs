//! Tests that touch a database run once per backend, each under its own name: `name_sqlite`
//! always, `name_postgres` when CHEMINEMENT_TEST_DATABASE_URL names a server. A failure then
//! says which database it was, and `cargo test _postgres` runs one half alone.

/// `both_backends!(async name);` above `async fn name(backend: Backend)` makes the two tests
/// `name_sqlite` and `name_postgres`; `both_backends!(name);` does the same for a plain
/// `fn name(backend: Backend)`. Attributes written first (`#[ignore]`) go to both.
macro_rules! both_backends {
    ($(#[$attr:meta])* async $name:ident) => {
        pastey::paste! {
            $(#[$attr])*
            #[tokio::test]
            async fn [<$name _sqlite>]() {
                $name($crate::common::Backend::Sqlite).await;
            }

            $(#[$attr])*
            #[tokio::test]
            async fn [<$name _postgres>]() {
                if $crate::common::per_backend::postgres_or_skip(concat!(
                    module_path!(), "::", stringify!($name), "_postgres"
                )) {
                    $name($crate::common::Backend::Postgres).await;
                }
            }
        }
    };
    ($(#[$attr:meta])* $name:ident) => {
        pastey::paste! {
            $(#[$attr])*
            #[test]
            fn [<$name _sqlite>]() {
                $name($crate::common::Backend::Sqlite);
            }

            $(#[$attr])*
            #[test]
            fn [<$name _postgres>]() {
                if $crate::common::per_backend::postgres_or_skip(concat!(
                    module_path!(), "::", stringify!($name), "_postgres"
                )) {
                    $name($crate::common::Backend::Postgres);
                }
            }
        }
    };
}

/// Whether the PostgreSQL variant of `test` can run. Without CHEMINEMENT_TEST_DATABASE_URL it
/// is skipped with a line on the terminal (written past the test harness's capture, so it is
/// seen); on CI (CI=true) a missing variable fails the test instead, so that CI cannot lose the
/// PostgreSQL half without anyone noticing.
pub fn postgres_or_skip(test: &str) -> bool {
    if super::pg_admin_url().is_some() {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{test}: CI=true but CHEMINEMENT_TEST_DATABASE_URL is not set; \
             CI must run the PostgreSQL half (set it to postgres://USER@HOST:PORT/DB)"
        );
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "{test}: skipped, CHEMINEMENT_TEST_DATABASE_URL is not set"
    );
    false
}
