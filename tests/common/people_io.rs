//! Test helpers for the people_io tests (owned by whoever writes those tests).
