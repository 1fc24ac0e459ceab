//! Events as a script writes them: JSON in the API's shape, read by the API's own input type and
//! handed to the domain as the API hands it.

use cheminement::events::EventInput;
use cheminement::web::api::events_shapes;

/// The domain's input for an event written as the API's JSON (fields left out take the API's
/// defaults: scheduled, published, taking registrations, holds on for two hours).
pub fn event_input(json: serde_json::Value) -> EventInput {
    serde_json::from_value::<events_shapes::EventInput>(json)
        .expect("an event in the API's shape")
        .into()
}
