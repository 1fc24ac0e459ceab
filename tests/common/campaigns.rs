//! Test helpers for the campaigns tests (owned by whoever writes those tests).
