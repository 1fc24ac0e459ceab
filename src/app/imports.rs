//! Importing contacts from a CSV file: keeping the file between its preview and its import,
//! and the import itself (all or nothing), from the dashboard or the API.

use std::collections::BTreeMap;

use crate::App;
use crate::error::Result;
use crate::members::import::{self, Decoded, Existing, Options, Outcome, Target};

/// Keeps an uploaded file until it is imported (or a day has passed); answers its id.
pub async fn store(app: &App, user: i64, filename: String, decoded: Decoded) -> Result<i64> {
    super::write(app, move |c| import::store(c, user, &filename, &decoded)).await
}

/// Who imports, and how lines whose address is already known are treated.
pub struct Importer {
    pub user: i64,
    /// Their name, for the consent log.
    pub by_name: String,
    pub existing: Existing,
}

/// Imports a file kept by `store`, its columns as chosen (column index → target key; a column
/// not chosen, or with an unknown key, is ignored). Done, the file is forgotten. Answers the
/// outcome and the columns as they were read, to show again with a refusal.
pub async fn import_stored(
    app: &App,
    id: i64,
    who: Importer,
    chosen: BTreeMap<usize, String>,
) -> Result<(Outcome, Vec<Target>)> {
    super::write(app, move |c| {
        let stored = import::find_stored(c, id, who.user)?;
        let table = stored.table()?;
        let defs = import::field_defs(c)?;
        let mapping: Vec<Target> = (0..table.header.len())
            .map(|i| {
                chosen
                    .get(&i)
                    .and_then(|key| Target::from_key(key, &defs))
                    .unwrap_or(Target::Ignore)
            })
            .collect();
        let opts = Options {
            existing: who.existing,
            filename: stored.filename.clone(),
            by: Some(who.user),
            by_name: who.by_name,
            source: crate::members::contacts::Source::Import,
        };
        let outcome = import::run(c, &table, &mapping, &opts)?;
        if matches!(outcome, Outcome::Done(_)) {
            import::forget(c, id)?;
        }
        Ok((outcome, mapping))
    })
    .await
}

/// Imports a whole CSV body whose header names are target keys (the API's import).
pub async fn import_keyed(app: &App, body: Vec<u8>, opts: Options) -> Result<Outcome> {
    super::write(app, move |c| import::run_keyed(c, &body, &opts)).await
}
