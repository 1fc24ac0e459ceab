//! The association's audience on the fediverse: who follows it, and whom it refuses to hear
//! from (blocked actors and domains). Data and rules only; the wire (Follow, Undo, Delete
//! activities, the followers collection) is in `federation`, the pages in `web`.

pub mod blocks;
pub mod followers;

pub use blocks::{Block, BlockKind};
pub use followers::Follower;
