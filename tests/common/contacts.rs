//! Test helpers for the contacts tests (owned by whoever writes those tests).
