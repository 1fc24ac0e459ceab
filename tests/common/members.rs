//! Test helpers for the members tests (owned by whoever writes those tests).
